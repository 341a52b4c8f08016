package org.keras4j.framework.initializers;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code LecunNormal} ({@code "lecun_normal"}): truncated normal with standard deviation
 * {@code sqrt(1 / fan_in)} after truncation (LeCun et al., 1998; used with selu).
 * It is {@code VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal")}. {@code seed} defaults to
 * null (draw from the global generator that {@code Backend.setRandomSeed} seeds); with a seed,
 * every call gives the same values for the same shape.
 */
public record LecunNormal(Long seed) implements Initializer {
    /** Unseeded: draws from the global generator. */
    public LecunNormal() {
        this(null);
    }

    /** The {@link VarianceScaling} this initializer is. */
    public VarianceScaling asVarianceScaling() {
        return new VarianceScaling(1.0, "fan_in", "truncated_normal", seed);
    }

    @Override
    public INDArray generate(long[] shape, DataType dtype) {
        Sampling.requireShape("LecunNormal", shape);
        Sampling.requireFloat("LecunNormal", dtype);
        return asVarianceScaling().generate(shape, dtype);
    }

    @Override
    public String className() {
        return "LecunNormal";
    }

    @Override
    public Map<String, Object> getConfig() {
        return Sampling.config("seed", seed);
    }
}
