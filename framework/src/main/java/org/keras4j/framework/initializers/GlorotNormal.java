package org.keras4j.framework.initializers;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code GlorotNormal} ({@code "glorot_normal"}): truncated normal with standard deviation
 * {@code sqrt(2 / (fan_in + fan_out))} after truncation (Glorot and Bengio, 2010).
 * It is {@code VarianceScaling(scale=1.0, mode="fan_avg", distribution="truncated_normal")}. {@code seed} defaults to
 * null (draw from the global generator that {@code Backend.setRandomSeed} seeds); with a seed,
 * every call gives the same values for the same shape.
 */
public record GlorotNormal(Long seed) implements Initializer {
    /** Unseeded: draws from the global generator. */
    public GlorotNormal() {
        this(null);
    }

    /** The {@link VarianceScaling} this initializer is. */
    public VarianceScaling asVarianceScaling() {
        return new VarianceScaling(1.0, "fan_avg", "truncated_normal", seed);
    }

    @Override
    public INDArray generate(long[] shape, DataType dtype) {
        Sampling.requireShape("GlorotNormal", shape);
        Sampling.requireFloat("GlorotNormal", dtype);
        return asVarianceScaling().generate(shape, dtype);
    }

    @Override
    public String className() {
        return "GlorotNormal";
    }

    @Override
    public Map<String, Object> getConfig() {
        return Sampling.config("seed", seed);
    }
}
