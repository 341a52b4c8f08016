package org.keras4j.framework.metrics;

import static org.keras4j.framework.metrics.MetricInputs.f64;

import java.util.Map;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How often thresholded predictions match binary labels, as Keras's
 * {@code keras.metrics.BinaryAccuracy}: the weighted mean of
 * {@code y_true == (y_pred > threshold ? 1 : 0)} over every element (for multi-label outputs,
 * each sample's value is the mean over its labels). Labels of shape {@code (batch,)} match
 * predictions of shape {@code (batch, 1)}.
 *
 * <p>Arguments: {@code threshold} (default 0.5; use 0 when the model outputs logits),
 * {@code name} (default {@code "binary_accuracy"}).
 *
 * <pre>{@code
 * var m = new BinaryAccuracy();
 * m.updateState(Nd4j.createFromArray(new double[][] {{1}, {1}, {0}, {0}}),
 *               Nd4j.createFromArray(new double[][] {{0.98}, {1}, {0}, {0.6}}), null);   // 0.75
 * }</pre>
 */
public final class BinaryAccuracy extends MeanMetricWrapper {
    private final double threshold;

    public BinaryAccuracy() {
        this(0.5);
    }

    public BinaryAccuracy(double threshold) {
        this(null, threshold);
    }

    public BinaryAccuracy(String name, double threshold) {
        super(name, "binary_accuracy");
        if (Double.isNaN(threshold)) {
            throw new IllegalArgumentException("BinaryAccuracy: threshold must be a number, received threshold=NaN");
        }
        this.threshold = threshold;
    }

    /** Builds from a Keras config: {@code name}, {@code threshold} ({@code dtype} is ignored). */
    public static BinaryAccuracy fromConfig(Config config) {
        config.ignore("dtype");
        return new BinaryAccuracy(config.getString("name", null), config.getDouble("threshold", 0.5));
    }

    public double threshold() {
        return threshold;
    }

    @Override
    public String className() {
        return "BinaryAccuracy";
    }

    @Override
    protected INDArray values(INDArray yTrue, INDArray yPred) {
        INDArray[] a = MetricInputs.squeezeOrExpand(f64(yTrue), f64(yPred), true);
        MetricInputs.checkSameShape(className() + " '" + name() + "'", a[0], a[1]);
        INDArray predicted = a[1].gt(threshold).castTo(DataType.DOUBLE);
        return a[0].eq(predicted).castTo(DataType.DOUBLE);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("threshold", threshold);
        return c;
    }
}
