package org.keras4j.framework.initializers;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code RandomNormal} ({@code "random_normal"}, {@code "normal"}): values drawn from a
 * normal distribution. Defaults {@code mean=0.0}, {@code stddev=0.05} (must not be negative),
 * {@code seed=null} (draw from the global generator that {@code Backend.setRandomSeed} seeds; with
 * a seed, every call gives the same values for the same shape).
 */
public record RandomNormal(double mean, double stddev, Long seed) implements Initializer {
    public RandomNormal {
        Sampling.requireStddev("RandomNormal", stddev);
    }

    /** {@code RandomNormal(mean=0.0, stddev=0.05)}. */
    public RandomNormal() {
        this(0.0, 0.05, null);
    }

    @Override
    public INDArray generate(long[] shape, DataType dtype) {
        Sampling.requireShape("RandomNormal", shape);
        Sampling.requireFloat("RandomNormal", dtype);
        return Sampling.withRandom(seed, rng -> Sampling.normal(rng, shape, dtype, mean, stddev));
    }

    @Override
    public String className() {
        return "RandomNormal";
    }

    @Override
    public Map<String, Object> getConfig() {
        return Sampling.config("mean", mean, "stddev", stddev, "seed", seed);
    }
}
