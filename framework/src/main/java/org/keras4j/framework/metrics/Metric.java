package org.keras4j.framework.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import org.keras4j.framework.registry.Configurable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A stateful metric, as Keras's {@code keras.metrics.Metric}: {@link #updateState} accumulates over
 * batches, {@link #result} reads the value so far, {@link #resetState} starts again (each epoch).
 * Totals are kept in float64 whatever the type of the inputs.
 *
 * <p>A few configurations give one value per class or per threshold (Keras returns a vector):
 * {@code F1Score} with {@code average=null}, {@code Precision}/{@code Recall} with several
 * thresholds. {@link #resultArray} reads those; their {@link #result} fails with a message saying so.
 *
 * <pre>{@code
 * Metric m = new BinaryAccuracy();
 * m.updateState(yTrue, yPred, null);   // once per batch
 * double acc = m.result();            // over every batch since the last resetState()
 * }</pre>
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

    /** The value over every batch since the last {@link #resetState}; 0 before any batch. */
    public abstract double result();

    /**
     * The value as a vector: one entry per class or threshold for the metrics configured that way,
     * otherwise the single {@link #result}.
     */
    public double[] resultArray() {
        return new double[] {result()};
    }

    /** Forgets every batch seen so far. */
    public abstract void resetState();

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        return c;
    }
}
