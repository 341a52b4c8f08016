package org.keras4j.framework.initializers;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Keras's {@code Ones} ({@code "ones"}): every value is 1. Any dtype. */
public record Ones() implements Initializer {
    @Override
    public INDArray generate(long[] shape, DataType dtype) {
        Sampling.requireShape("Ones", shape);
        return Nd4j.ones(dtype, shape);
    }

    @Override
    public String className() {
        return "Ones";
    }

    @Override
    public Map<String, Object> getConfig() {
        return Sampling.config();
    }
}
