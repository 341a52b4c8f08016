package org.keras4j.framework.metrics;

import static org.keras4j.framework.metrics.MetricInputs.axesFrom;
import static org.keras4j.framework.metrics.MetricInputs.f64;

import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weighted running mean of values, as Keras's {@code keras.metrics.Mean}:
 * {@code result = total / count}, where each batch adds {@code sum(v_i * w_i)} to {@code total} and
 * {@code sum(w_i)} to {@code count} ({@code w_i = 1} without sample weights; 0 before any weight).
 *
 * <p>Values of rank above 1 are first reduced to one value per sample by their mean over the
 * non-batch axes. Sample weights of shape {@code (batch,)} (or {@code (batch, 1)}, a scalar, or
 * the values' own shape) are aligned as Keras does: a trailing axis of size 1 is squeezed or added,
 * values are averaged down to the weights' rank, and the weights are broadcast to the values.
 * A scalar value without weights counts as one sample.
 *
 * <pre>{@code
 * Mean m = new Mean();
 * m.updateState(Nd4j.createFromArray(1.0, 3, 5, 7), null);                        // 4.0
 * m.resetState();
 * m.updateState(Nd4j.createFromArray(1.0, 3, 5, 7), Nd4j.createFromArray(1.0, 1, 0, 0)); // 2.0
 * }</pre>
 *
 * <p>Default name {@code "mean"}. The (y_true, y_pred) metrics built on it extend
 * {@link MeanMetricWrapper}.
 */
public class Mean extends Metric {
    private double total;
    private double count;

    /** A mean named {@code "mean"}. */
    public Mean() {
        this(null);
    }

    /** A mean with the given name ({@code "mean"} when null). */
    public Mean(String name) {
        this(name, "mean");
    }

    protected Mean(String name, String defaultName) {
        super(name == null ? defaultName : name);
    }

    /** Builds from a Keras config: {@code name} ({@code dtype} is accepted and ignored). */
    public static Mean fromConfig(Config config) {
        config.ignore("dtype");
        return new Mean(config.getString("name", null));
    }

    @Override
    public String className() {
        return "Mean";
    }

    /**
     * Adds a batch of values, weighted by {@code sampleWeight} (may be null), as Keras's
     * {@code Mean.update_state(values, sample_weight)}.
     */
    public void updateState(INDArray values, INDArray sampleWeight) {
        INDArray v = f64(values);
        if (sampleWeight == null) {
            INDArray perSample = v.rank() > 1 ? v.mean(axesFrom(1, v.rank())) : v;
            total += perSample.sumNumber().doubleValue();
            count += v.rank() >= 1 ? v.size(0) : 1;
            return;
        }
        INDArray w = f64(sampleWeight);
        INDArray[] aligned = MetricInputs.squeezeOrExpand(v, w, true);
        v = aligned[0];
        w = aligned[1];
        if (v.rank() > w.rank()) {
            v = v.mean(axesFrom(w.rank(), v.rank()));
        }
        if (w.rank() > v.rank()) {
            throw new IllegalArgumentException(className() + " '" + name() + "': sample_weight of shape "
                    + Shape.format(sampleWeight.shape()) + " has more axes than the values, of shape " + Shape.format(values.shape()));
        }
        MetricInputs.checkBroadcastable(className() + " '" + name() + "'", "sample_weight", w, "values", v);
        w = MetricInputs.broadcastTo(w, v.shape());
        INDArray weighted = v.mul(w);
        if (weighted.rank() > 1) {
            weighted = weighted.mean(axesFrom(1, weighted.rank()));
            w = w.mean(axesFrom(1, w.rank()));
        }
        total += weighted.sumNumber().doubleValue();
        count += w.sumNumber().doubleValue();
    }

    /** Adds {@code n} unweighted values whose sum a subclass computed itself (on the host, say). */
    protected final void addUnweighted(double sum, long n) {
        total += sum;
        count += n;
    }

    /**
     * Not supported: a plain mean averages values, so it cannot be given {@code (y_true, y_pred)}.
     * Use {@link #updateState(INDArray, INDArray)}, or a {@link MeanMetricWrapper} subclass.
     */
    @Override
    public void updateState(INDArray yTrue, INDArray yPred, INDArray sampleWeight) {
        throw new UnsupportedOperationException(className() + " '" + name() + "' averages values: call "
                + "updateState(values, sampleWeight). For (y_true, y_pred) use a metric such as MeanSquaredError.");
    }

    @Override
    public double result() {
        return count == 0 ? 0.0 : total / count;
    }

    @Override
    public void resetState() {
        total = 0;
        count = 0;
    }
}
