package org.keras4j.framework.metrics;

import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The precision of thresholded predictions, as Keras's {@code keras.metrics.Precision}:
 * {@code tp / (tp + fp)} over every batch, where a prediction is positive when
 * {@code y_pred > threshold} and a label when non-zero; counts are sums of sample weights
 * (0 when nothing was predicted positive). All elements are pooled (multi-label outputs count
 * each label); labels {@code (batch,)} align with predictions {@code (batch, 1)}.
 *
 * <p>Arguments (Keras names):
 * <ul>
 * <li>{@code thresholds}: one value or several in [0, 1] (one result each, see
 *     {@link #resultArray}); default 0.5, or, with {@code top_k}, every top-k prediction is positive.
 *     Use 0 when the model outputs logits.</li>
 * <li>{@code top_k}: only the k highest predictions of each sample can be positive; default none.</li>
 * <li>{@code class_id}: measure one class (an index of the last axis) of {@code (batch, classes)}
 *     outputs; default none.</li>
 * <li>{@code name}: default {@code "precision"}.</li>
 * </ul>
 *
 * <pre>{@code
 * var m = new Precision();
 * m.updateState(Nd4j.createFromArray(0.0, 1, 1, 1), Nd4j.createFromArray(1.0, 0, 1, 1), null);  // 2/3
 * }</pre>
 */
public final class Precision extends ThresholdRateMetric {

    /** Threshold 0.5, named {@code "precision"}. */
    public Precision() {
        this(null, null, null, null);
    }

    /** One threshold in [0, 1]. */
    public Precision(double threshold) {
        this(new double[] {threshold}, null, null, null);
    }

    /**
     * @param thresholds null (default) or values in [0, 1]
     * @param topK       null (default) or a positive k
     * @param classId    null (default) or a class index
     * @param name       null for {@code "precision"}
     */
    public Precision(double[] thresholds, Integer topK, Integer classId, String name) {
        this(thresholdsArgument(thresholds), topK, classId, name);
    }

    private Precision(Object thresholds, Integer topK, Integer classId, String name) {
        super("Precision", name, "precision", thresholds, topK, classId);
    }

    /** Builds from a Keras config: {@code thresholds}, {@code top_k}, {@code class_id}, {@code name}. */
    public static Precision fromConfig(Config config) {
        Object[] a = readArguments(config, "Precision");
        return new Precision(a[0], (Integer) a[1], (Integer) a[2], config.getString("name", null));
    }

    @Override
    public String className() {
        return "Precision";
    }

    @Override
    INDArray other(ConfusionCounts counts) {
        return counts.fp;
    }
}
