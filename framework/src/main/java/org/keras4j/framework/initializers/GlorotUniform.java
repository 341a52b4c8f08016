package org.keras4j.framework.initializers;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code GlorotUniform} ({@code "glorot_uniform"}): uniform in {@code [-limit, limit)} with
 * {@code limit = sqrt(6 / (fan_in + fan_out))} (Glorot and Bengio, 2010; also called Xavier).
 * It is {@code VarianceScaling(scale=1.0, mode="fan_avg", distribution="uniform")}. {@code seed} defaults to
 * null (draw from the global generator that {@code Backend.setRandomSeed} seeds); with a seed,
 * every call gives the same values for the same shape.
 */
public record GlorotUniform(Long seed) implements Initializer {
    /** Unseeded: draws from the global generator. */
    public GlorotUniform() {
        this(null);
    }

    /** The {@link VarianceScaling} this initializer is. */
    public VarianceScaling asVarianceScaling() {
        return new VarianceScaling(1.0, "fan_avg", "uniform", seed);
    }

    @Override
    public INDArray generate(long[] shape, DataType dtype) {
        Sampling.requireShape("GlorotUniform", shape);
        Sampling.requireFloat("GlorotUniform", dtype);
        return asVarianceScaling().generate(shape, dtype);
    }

    @Override
    public String className() {
        return "GlorotUniform";
    }

    @Override
    public Map<String, Object> getConfig() {
        return Sampling.config("seed", seed);
    }
}
