package org.keras4j.framework.saving;

import java.util.function.Supplier;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs code without moving ND4J's random generator. Rebuilding a model from a file runs its
 * initializers (their values are then overwritten by the saved weights); without this, loading a
 * checkpoint would change the dropout masks and initial weights that follow, and training that
 * resumes from a file would not repeat training that never stopped.
 */
final class RandomStates {
    private RandomStates() {
    }

    static <T> T preserving(Supplier<T> body) {
        Random r = Nd4j.getRandom();
        long root = r.rootState();
        long node = r.nodeState();
        try {
            return body.get();
        } finally {
            r.setStates(root, node);
        }
    }
}
