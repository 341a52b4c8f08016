package org.keras4j.framework.metrics;

import static org.keras4j.framework.metrics.MetricInputs.f64;

import java.util.Map;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * How often integer targets are among the {@code k} highest predictions, as Keras's
 * {@code keras.metrics.SparseTopKCategoricalAccuracy}. Labels are class indices of any numeric type,
 * shaped {@code (batch,)} or {@code (batch, 1)}; ties at the top-k boundary count in the target's
 * favour (see {@link TopKCategoricalAccuracy}).
 *
 * <p>With {@code from_sorted_ids=true}, {@code y_pred} holds class ids sorted by decreasing score,
 * shaped {@code (batch, N)} with {@code N >= k}, and a sample counts when its label is among the
 * first {@code k} ids.
 *
 * <p>Arguments: {@code k} (default 5, positive), {@code name} (default
 * {@code "sparse_top_k_categorical_accuracy"}), {@code from_sorted_ids} (default false).
 */
public final class SparseTopKCategoricalAccuracy extends MeanMetricWrapper {
    private final int k;
    private final boolean fromSortedIds;

    public SparseTopKCategoricalAccuracy() {
        this(5);
    }

    public SparseTopKCategoricalAccuracy(int k) {
        this(null, k, false);
    }

    public SparseTopKCategoricalAccuracy(String name, int k, boolean fromSortedIds) {
        super(name, "sparse_top_k_categorical_accuracy");
        if (k < 1) {
            throw new IllegalArgumentException("SparseTopKCategoricalAccuracy: k must be a positive integer, received k=" + k);
        }
        this.k = k;
        this.fromSortedIds = fromSortedIds;
    }

    /** Builds from a Keras config: {@code name}, {@code k}, {@code from_sorted_ids} ({@code dtype} is ignored). */
    public static SparseTopKCategoricalAccuracy fromConfig(Config config) {
        config.ignore("dtype");
        return new SparseTopKCategoricalAccuracy(config.getString("name", null), config.getInt("k", 5),
                config.getBoolean("from_sorted_ids", false));
    }

    public int k() {
        return k;
    }

    @Override
    public String className() {
        return "SparseTopKCategoricalAccuracy";
    }

    @Override
    protected INDArray values(INDArray yTrue, INDArray yPred) {
        String owner = className() + " '" + name() + "'";
        INDArray labels = SparseCategoricalAccuracy.sparseLabels(owner, yTrue, yPred);
        if (!fromSortedIds) {
            return TopKCategoricalAccuracy.inTopK(owner, labels, yPred, k);
        }
        if (yPred.size(-1) < k) {
            throw new IllegalArgumentException(owner + ": with from_sorted_ids=true, y_pred must hold at least k=" + k
                    + " ids per sample, received shape " + Shape.format(yPred.shape()));
        }
        INDArray ids = f64(yPred).reshape(-1, yPred.size(-1)).get(NDArrayIndex.all(), NDArrayIndex.interval(0, k));
        INDArray target = labels.reshape(ids.size(0), 1);
        // A label listed twice among the first k ids still counts once.
        return ids.eq(target).castTo(DataType.DOUBLE).max(1).reshape(labels.shape());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("k", k);
        if (fromSortedIds) {
            c.put("from_sorted_ids", true);
        }
        return c;
    }
}
