package org.keras4j.framework.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.keras4j.framework.registry.Configurable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stateful metric, as Keras's {@code keras.metrics.Metric}: {@link #updateState} accumulates over
 * batches, {@link #result} reads the value so far, {@link #resetState} starts again (each epoch).
 */
public abstract class Metric implements Configurable {
    private final String name;

    protected Metric(String name) {
        this.name = name;
    }

    /** The key under which the metric appears in logs ({@code accuracy}, {@code val_accuracy}, ...). */
    public String name() {
        return name;
    }

    /** Adds one batch. {@code sampleWeight} may be null. */
    public abstract void updateState(INDArray yTrue, INDArray yPred, INDArray sampleWeight);

    public abstract double result();

    public abstract void resetState();

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        return c;
    }
}
