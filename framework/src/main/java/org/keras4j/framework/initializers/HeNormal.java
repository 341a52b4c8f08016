package org.keras4j.framework.initializers;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code HeNormal} ({@code "he_normal"}): truncated normal with standard deviation
 * {@code sqrt(2 / fan_in)} after truncation (He et al., 2015).
 * It is {@code VarianceScaling(scale=2.0, mode="fan_in", distribution="truncated_normal")}. {@code seed} defaults to
 * null (draw from the global generator that {@code Backend.setRandomSeed} seeds); with a seed,
 * every call gives the same values for the same shape.
 */
public record HeNormal(Long seed) implements Initializer {
    /** Unseeded: draws from the global generator. */
    public HeNormal() {
        this(null);
    }

    /** The {@link VarianceScaling} this initializer is. */
    public VarianceScaling asVarianceScaling() {
        return new VarianceScaling(2.0, "fan_in", "truncated_normal", seed);
    }

    @Override
    public INDArray generate(long[] shape, DataType dtype) {
        Sampling.requireShape("HeNormal", shape);
        Sampling.requireFloat("HeNormal", dtype);
        return asVarianceScaling().generate(shape, dtype);
    }

    @Override
    public String className() {
        return "HeNormal";
    }

    @Override
    public Map<String, Object> getConfig() {
        return Sampling.config("seed", seed);
    }
}
