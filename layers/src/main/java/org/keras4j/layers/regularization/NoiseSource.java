package org.keras4j.layers.regularization;

import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a noise layer draws its randomness: ND4J's global generator (seeded by
 * {@code Backend.setRandomSeed}) when no seed is given, else the layer's own generator made once
 * from its {@code seed}, as Dropout does.
 */
final class NoiseSource {
    private final Long seed;
    private Random own;

    NoiseSource(Long seed) {
        this.seed = seed;
    }

    Long seed() {
        return seed;
    }

    synchronized Random generator() {
        if (seed == null) {
            return Nd4j.getRandom();
        }
        if (own == null) {
            own = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        }
        return own;
    }

    static Long seed(org.keras4j.framework.registry.Config c) {
        Long seed = c.has("seed") ? c.getLong("seed", 0) : null;
        c.ignore("seed");
        return seed;
    }

    static double checkRate(String layer, double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(layer + ": rate must be a float in [0, 1), received rate=" + rate);
        }
        return rate;
    }
}
