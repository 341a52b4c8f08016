package org.keras4j.framework.initializers;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Keras's {@code Zeros} ({@code "zeros"}): every value is 0. Any dtype. */
public record Zeros() implements Initializer {
    @Override
    public INDArray generate(long[] shape, DataType dtype) {
        Sampling.requireShape("Zeros", shape);
        return Nd4j.zeros(dtype, shape);
    }

    @Override
    public String className() {
        return "Zeros";
    }

    @Override
    public Map<String, Object> getConfig() {
        return Sampling.config();
    }
}
