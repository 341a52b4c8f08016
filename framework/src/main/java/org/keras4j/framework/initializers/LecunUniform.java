package org.keras4j.framework.initializers;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code LecunUniform} ({@code "lecun_uniform"}): uniform in {@code [-limit, limit)} with
 * {@code limit = sqrt(3 / fan_in)} (LeCun et al., 1998).
 * It is {@code VarianceScaling(scale=1.0, mode="fan_in", distribution="uniform")}. {@code seed} defaults to
 * null (draw from the global generator that {@code Backend.setRandomSeed} seeds); with a seed,
 * every call gives the same values for the same shape.
 */
public record LecunUniform(Long seed) implements Initializer {
    /** Unseeded: draws from the global generator. */
    public LecunUniform() {
        this(null);
    }

    /** The {@link VarianceScaling} this initializer is. */
    public VarianceScaling asVarianceScaling() {
        return new VarianceScaling(1.0, "fan_in", "uniform", seed);
    }

    @Override
    public INDArray generate(long[] shape, DataType dtype) {
        Sampling.requireShape("LecunUniform", shape);
        Sampling.requireFloat("LecunUniform", dtype);
        return asVarianceScaling().generate(shape, dtype);
    }

    @Override
    public String className() {
        return "LecunUniform";
    }

    @Override
    public Map<String, Object> getConfig() {
        return Sampling.config("seed", seed);
    }
}
