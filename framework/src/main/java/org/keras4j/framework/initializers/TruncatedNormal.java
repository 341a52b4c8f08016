package org.keras4j.framework.initializers;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code TruncatedNormal} ({@code "truncated_normal"}): a normal distribution with
 * {@code mean} and {@code stddev} whose values farther than {@code 2 * stddev} from the mean are
 * re-drawn, so every value lies in {@code [mean - 2 stddev, mean + 2 stddev]} and the actual
 * standard deviation is about {@code 0.88 * stddev}. Defaults {@code mean=0.0},
 * {@code stddev=0.05} (must not be negative), {@code seed=null} (draw from the global generator
 * that {@code Backend.setRandomSeed} seeds; with a seed, every call gives the same values).
 */
public record TruncatedNormal(double mean, double stddev, Long seed) implements Initializer {
    public TruncatedNormal {
        Sampling.requireStddev("TruncatedNormal", stddev);
    }

    /** {@code TruncatedNormal(mean=0.0, stddev=0.05)}. */
    public TruncatedNormal() {
        this(0.0, 0.05, null);
    }

    @Override
    public INDArray generate(long[] shape, DataType dtype) {
        Sampling.requireShape("TruncatedNormal", shape);
        Sampling.requireFloat("TruncatedNormal", dtype);
        return Sampling.withRandom(seed, rng -> Sampling.truncatedNormal(rng, shape, dtype, mean, stddev));
    }

    @Override
    public String className() {
        return "TruncatedNormal";
    }

    @Override
    public Map<String, Object> getConfig() {
        return Sampling.config("mean", mean, "stddev", stddev, "seed", seed);
    }
}
