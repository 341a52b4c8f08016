package org.keras4j.framework.metrics;

import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The recall of thresholded predictions, as Keras's {@code keras.metrics.Recall}:
 * {@code tp / (tp + fn)} over every batch, where a prediction is positive when
 * {@code y_pred > threshold} and a label when non-zero; counts are sums of sample weights
 * (0 when no label is positive). All elements are pooled (multi-label outputs count
 * each label); labels {@code (batch,)} align with predictions {@code (batch, 1)}.
 *
 * <p>Arguments (Keras names):
 * <ul>
 * <li>{@code thresholds}: one value or several in [0, 1] (one result each, see
 *     {@link #resultArray}); default 0.5, or, with {@code top_k}, every top-k prediction is positive.
 *     Use 0 when the model outputs logits.</li>
 * <li>{@code top_k}: only the k highest predictions of each sample count as found; default none.</li>
 * <li>{@code class_id}: measure one class (an index of the last axis) of {@code (batch, classes)}
 *     outputs; default none.</li>
 * <li>{@code name}: default {@code "recall"}.</li>
 * </ul>
 *
 * <pre>{@code
 * var m = new Recall();
 * m.updateState(Nd4j.createFromArray(0.0, 1, 1, 1), Nd4j.createFromArray(1.0, 0, 1, 1), null);  // 2/3 (tp=2, fn=1)
 * }</pre>
 */
public final class Recall extends ThresholdRateMetric {

    /** Threshold 0.5, named {@code "recall"}. */
    public Recall() {
        this(null, null, null, null);
    }

    /** One threshold in [0, 1]. */
    public Recall(double threshold) {
        this(new double[] {threshold}, null, null, null);
    }

    /**
     * @param thresholds null (default) or values in [0, 1]
     * @param topK       null (default) or a positive k
     * @param classId    null (default) or a class index
     * @param name       null for {@code "recall"}
     */
    public Recall(double[] thresholds, Integer topK, Integer classId, String name) {
        this(thresholdsArgument(thresholds), topK, classId, name);
    }

    private Recall(Object thresholds, Integer topK, Integer classId, String name) {
        super("Recall", name, "recall", thresholds, topK, classId);
    }

    /** Builds from a Keras config: {@code thresholds}, {@code top_k}, {@code class_id}, {@code name}. */
    public static Recall fromConfig(Config config) {
        Object[] a = readArguments(config, "Recall");
        return new Recall(a[0], (Integer) a[1], (Integer) a[2], config.getString("name", null));
    }

    @Override
    public String className() {
        return "Recall";
    }

    @Override
    INDArray other(ConfusionCounts counts) {
        return counts.fn;
    }
}
