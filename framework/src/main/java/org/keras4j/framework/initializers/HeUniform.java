package org.keras4j.framework.initializers;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code HeUniform} ({@code "he_uniform"}): uniform in {@code [-limit, limit)} with
 * {@code limit = sqrt(6 / fan_in)} (He et al., 2015).
 * It is {@code VarianceScaling(scale=2.0, mode="fan_in", distribution="uniform")}. {@code seed} defaults to
 * null (draw from the global generator that {@code Backend.setRandomSeed} seeds); with a seed,
 * every call gives the same values for the same shape.
 */
public record HeUniform(Long seed) implements Initializer {
    /** Unseeded: draws from the global generator. */
    public HeUniform() {
        this(null);
    }

    /** The {@link VarianceScaling} this initializer is. */
    public VarianceScaling asVarianceScaling() {
        return new VarianceScaling(2.0, "fan_in", "uniform", seed);
    }

    @Override
    public INDArray generate(long[] shape, DataType dtype) {
        Sampling.requireShape("HeUniform", shape);
        Sampling.requireFloat("HeUniform", dtype);
        return asVarianceScaling().generate(shape, dtype);
    }

    @Override
    public String className() {
        return "HeUniform";
    }

    @Override
    public Map<String, Object> getConfig() {
        return Sampling.config("seed", seed);
    }
}
