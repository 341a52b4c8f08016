package org.keras4j.framework.metrics;

import static org.keras4j.framework.metrics.MetricInputs.f64;

import java.util.Map;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How often the one-hot target is among the {@code k} highest predictions, as Keras's
 * {@code keras.metrics.TopKCategoricalAccuracy}: the target class is {@code argmax(y_true, -1)},
 * and it counts as found when fewer than {@code k} classes score strictly higher than it (so
 * classes tied with the target at the boundary count in its favour, as Keras's {@code in_top_k}).
 * Shapes {@code (batch, classes)} or {@code (batch, ..., classes)}.
 *
 * <p>Arguments: {@code k} (default 5, positive), {@code name} (default
 * {@code "top_k_categorical_accuracy"}).
 */
public final class TopKCategoricalAccuracy extends MeanMetricWrapper {
    private final int k;

    public TopKCategoricalAccuracy() {
        this(5);
    }

    public TopKCategoricalAccuracy(int k) {
        this(null, k);
    }

    public TopKCategoricalAccuracy(String name, int k) {
        super(name, "top_k_categorical_accuracy");
        if (k < 1) {
            throw new IllegalArgumentException("TopKCategoricalAccuracy: k must be a positive integer, received k=" + k);
        }
        this.k = k;
    }

    /** Builds from a Keras config: {@code name}, {@code k} ({@code dtype} is ignored). */
    public static TopKCategoricalAccuracy fromConfig(Config config) {
        config.ignore("dtype");
        return new TopKCategoricalAccuracy(config.getString("name", null), config.getInt("k", 5));
    }

    public int k() {
        return k;
    }

    @Override
    public String className() {
        return "TopKCategoricalAccuracy";
    }

    @Override
    protected INDArray values(INDArray yTrue, INDArray yPred) {
        String owner = className() + " '" + name() + "'";
        if (yPred.rank() < 2 || yTrue.rank() != yPred.rank() || yTrue.size(-1) != yPred.size(-1)) {
            throw new IllegalArgumentException(owner + ": expects one-hot y_true shaped like y_pred, (batch, classes); received "
                    + Shape.format(yTrue.shape()) + " and " + Shape.format(yPred.shape())
                    + ". For integer labels use SparseTopKCategoricalAccuracy.");
        }
        INDArray target = f64(yTrue).argMax(yTrue.rank() - 1);
        return inTopK(owner, target, yPred, k);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("k", k);
        return c;
    }

    /**
     * Keras's {@code ops.in_top_k}: 1.0 where the target class of a sample has fewer than {@code k}
     * classes scoring strictly above it, else 0.0. {@code targets} has y_pred's shape without the
     * class axis; the result has the same shape. Scores must be finite (the target's score is read
     * through a one-hot product).
     */
    static INDArray inTopK(String owner, INDArray targets, INDArray yPred, int k) {
        long classes = yPred.size(-1);
        INDArray preds = f64(yPred).reshape(-1, classes);
        INDArray flatTargets = f64(targets).reshape(preds.size(0));
        if (flatTargets.length() > 0) {
            double lo = flatTargets.minNumber().doubleValue();
            double hi = flatTargets.maxNumber().doubleValue();
            if (lo < 0 || hi >= classes) {
                throw new IllegalArgumentException(owner + ": labels must be class indices in [0, " + classes
                        + "), received values in [" + lo + ", " + hi + "]");
            }
        }
        INDArray oneHot = NnOps.oneHot(flatTargets, (int) classes, DataType.DOUBLE, preds.shape());
        INDArray atTarget = preds.mul(oneHot).sum(true, 1);
        INDArray higher = preds.gt(atTarget).castTo(DataType.DOUBLE).sum(1);
        return higher.lt(k).castTo(DataType.DOUBLE).reshape(targets.shape());
    }
}
