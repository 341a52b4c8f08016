package org.keras4j.layers.regularization;

import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where a layer's dropout or noise draws its randomness (Dropout and its kin, the attention
 * layers): ND4J's global generator (seeded by {@code Backend.setRandomSeed}) when no seed is given,
 * else the layer's own generator made once from its {@code seed}, as Keras's {@code seed} argument.
 */
public final class NoiseSource {
    private final Long seed;
    private Random own;

    public NoiseSource(Long seed) {
        this.seed = seed;
    }

    public Long seed() {
        return seed;
    }

    public synchronized Random generator() {
        if (seed == null) {
            return Nd4j.getRandom();
        }
        if (own == null) {
            own = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        }
        return own;
    }

    /** The {@code seed} key of a layer config (null when absent), marked as read. */
    public static Long seed(org.keras4j.framework.registry.Config c) {
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
