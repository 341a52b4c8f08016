package org.keras4j.framework.initializers;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code RandomUniform} ({@code "random_uniform"}, {@code "uniform"}): values drawn
 * uniformly from {@code [minval, maxval)}. Defaults {@code minval=-0.05}, {@code maxval=0.05},
 * {@code seed=null} (draw from the global generator that {@code Backend.setRandomSeed} seeds; with
 * a seed, every call gives the same values for the same shape).
 */
public record RandomUniform(double minval, double maxval, Long seed) implements Initializer {
    public RandomUniform {
        if (!(minval <= maxval) || Double.isInfinite(minval) || Double.isInfinite(maxval)) {
            throw new IllegalArgumentException("RandomUniform: minval and maxval must be finite with minval <= maxval, "
                    + "received minval=" + minval + ", maxval=" + maxval);
        }
    }

    /** {@code RandomUniform(minval=-0.05, maxval=0.05)}. */
    public RandomUniform() {
        this(-0.05, 0.05, null);
    }

    @Override
    public INDArray generate(long[] shape, DataType dtype) {
        Sampling.requireShape("RandomUniform", shape);
        Sampling.requireFloat("RandomUniform", dtype);
        return Sampling.withRandom(seed, rng -> Sampling.uniform(rng, shape, dtype, minval, maxval));
    }

    @Override
    public String className() {
        return "RandomUniform";
    }

    @Override
    public Map<String, Object> getConfig() {
        return Sampling.config("minval", minval, "maxval", maxval, "seed", seed);
    }
}
