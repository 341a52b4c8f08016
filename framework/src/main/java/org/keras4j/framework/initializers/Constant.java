package org.keras4j.framework.initializers;

import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code Constant} ({@code "constant"}): every value is {@code value} (default 0.0).
 *
 * <pre>{@code INDArray bias = new Constant(0.1).generate(new long[] {8}, DataType.FLOAT);}</pre>
 */
public record Constant(double value) implements Initializer {
    /** {@code Constant(value=0.0)}, Keras's default. */
    public Constant() {
        this(0.0);
    }

    @Override
    public INDArray generate(long[] shape, DataType dtype) {
        Sampling.requireShape("Constant", shape);
        return Nd4j.valueArrayOf(shape, value, dtype);
    }

    @Override
    public String className() {
        return "Constant";
    }

    @Override
    public Map<String, Object> getConfig() {
        return Sampling.config("value", value);
    }
}
