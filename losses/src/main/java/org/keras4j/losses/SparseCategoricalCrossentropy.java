package org.keras4j.losses;

import java.util.Arrays;
import java.util.Map;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.backend.HostFloats;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cross-entropy of integer class labels, as Keras's {@code keras.losses.SparseCategoricalCrossentropy}:
 * {@code loss = -log p[label]}, one value per sample (per position for sequences).
 *
 * <p>Shapes: {@code y_pred} is {@code (batch, ..., num_classes)}; {@code y_true} holds class indices
 * (any numeric type) shaped {@code (batch, ...)} or {@code (batch, ..., 1)}. A label outside
 * {@code 0..num_classes-1} is an {@link IllegalArgumentException} naming the label and the range.
 *
 * <ul>
 *   <li>{@code from_logits=true}: {@code y_pred} holds logits;
 *       {@code -log_softmax(y_pred)[label]}, shifted by the maximum logit for stability.</li>
 *   <li>{@code from_logits=false}: when {@code y_pred} is the output of a softmax over the last
 *       axis, its logits are used as above (as Keras 3). Otherwise, as Keras, the probabilities are
 *       clipped to {@code [1e-7, 1 - 1e-7]} and their logarithms used as logits (which also
 *       renormalises them).</li>
 *   <li>{@code ignore_class}: positions with this label get loss 0 and, with
 *       {@code sum_over_batch_size}, the mean is taken over the other positions only (Keras's
 *       loss mask).</li>
 * </ul>
 *
 * <p>Defaults: {@code from_logits=false}, {@code ignore_class=null}, {@code axis=-1} (the only
 * supported class axis, as in Keras), {@code reduction=sum_over_batch_size},
 * {@code name="sparse_categorical_crossentropy"}. Registered as {@code SparseCategoricalCrossentropy},
 * {@code sparse_categorical_crossentropy}.
 *
 * <pre>{@code
 * Loss loss = new SparseCategoricalCrossentropy(true);   // logits, labels 0..9
 * }</pre>
 */
public final class SparseCategoricalCrossentropy extends Loss {
    static final String DEFAULT_NAME = "sparse_categorical_crossentropy";
    private static final Logger LOG = LoggerFactory.getLogger(SparseCategoricalCrossentropy.class);

    private final boolean fromLogits;
    private final Integer ignoreClass;
    private final int axis;
    private volatile boolean warned;
    /** Label arrays up to this many entries are range-checked on the host. */
    private static final long HOST_CHECK_MAX = 1 << 16;

    public SparseCategoricalCrossentropy() {
        this(false);
    }

    public SparseCategoricalCrossentropy(boolean fromLogits) {
        this(fromLogits, null);
    }

    /** @param ignoreClass a label whose positions are left out of the loss (e.g. -1 or 255), or null */
    public SparseCategoricalCrossentropy(boolean fromLogits, Integer ignoreClass) {
        this(fromLogits, ignoreClass, -1, Reduction.SUM_OVER_BATCH_SIZE, null);
    }

    /**
     * @param axis the class axis of {@code y_pred}; only the last axis is supported
     * @param name the loss's name; null for {@code "sparse_categorical_crossentropy"}
     */
    public SparseCategoricalCrossentropy(boolean fromLogits, Integer ignoreClass, int axis, Reduction reduction,
            String name) {
        super(LossSupport.nameOrDefault(name, DEFAULT_NAME),
                LossSupport.checkReduction("SparseCategoricalCrossentropy", reduction));
        this.fromLogits = fromLogits;
        this.ignoreClass = ignoreClass;
        this.axis = axis;
    }

    /** Rebuilds from a Keras config ({@code name}, {@code reduction}, {@code from_logits}, {@code ignore_class}, {@code axis}). */
    public static SparseCategoricalCrossentropy fromConfig(Config config) {
        return new SparseCategoricalCrossentropy(config.getBoolean("from_logits", false),
                LossSupport.nullableInt(config, "ignore_class"), config.getInt("axis", -1), LossSupport.reduction(config),
                LossSupport.name(config, DEFAULT_NAME));
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    /** The ignored label, or null. */
    public Integer ignoreClass() {
        return ignoreClass;
    }

    public int axis() {
        return axis;
    }

    @Override
    public Tensor call(INDArray yTrue, Tensor yPred) {
        INDArray labels = labels(yTrue, yPred);
        INDArray valid = null;
        if (ignoreClass != null) {
            labels = labels.castTo(DataType.DOUBLE);
            valid = labels.neq(ignoreClass.doubleValue()).castTo(yPred.dataType());
            labels = labels.mul(valid.castTo(labels.dataType()));
        }
        checkRange(labels, yPred.size(-1));
        boolean logits = fromLogits;
        Tensor source = yPred;
        if (yPred.isSoftmaxOfLastAxis()) {
            if (fromLogits && !warned) {
                warned = true;
                LOG.warn("{} received from_logits=true, but y_pred is the output of a softmax and thus not logits; "
                        + "using the softmax's input as logits. Was this intended?", name());
            }
            source = yPred.logits();
            logits = true;
        }
        if (!logits) {
            source = Ops.log(Ops.clip(source, LossSupport.EPSILON, 1.0 - LossSupport.EPSILON));
        }
        Tensor losses = NnOps.sparseSoftmaxCrossEntropyWithLogits(labels, source);
        // ignored positions hold label 0 (a valid index, as in Keras) and are zeroed here
        return valid == null ? losses : Ops.multiply(losses, Tensor.constant(valid));
    }

    /**
     * With {@code ignore_class}, folds Keras's loss mask into the sample weights: ignored positions
     * weigh 0 and, for {@code sum_over_batch_size}, the others {@code total / valid}, so the mean is
     * over the valid positions.
     */
    @Override
    public Tensor compute(INDArray yTrue, Tensor yPred, INDArray sampleWeight) {
        if (ignoreClass == null || yTrue.size(0) != yPred.size(0)) {
            return super.compute(yTrue, yPred, sampleWeight);
        }
        INDArray weights = labels(yTrue, yPred).castTo(DataType.DOUBLE).neq(ignoreClass.doubleValue()).castTo(yPred.dataType());
        if (reduction() == Reduction.SUM_OVER_BATCH_SIZE) {
            double valid = weights.sumNumber().doubleValue();
            weights.muli(valid == 0 ? 0.0 : weights.length() / valid);
        }
        if (sampleWeight != null) {
            INDArray w = sampleWeight.castTo(yPred.dataType());
            if (w.rank() < weights.rank() && w.length() == weights.size(0)) {
                long[] s = new long[weights.rank()];
                Arrays.fill(s, 1);
                s[0] = w.length();
                w = w.reshape(s);
            }
            weights = weights.mul(w);
        }
        return super.compute(yTrue, yPred, weights);
    }

    /** The labels, in their own type, shaped like {@code y_pred} without its class axis, after the shape checks. */
    private INDArray labels(INDArray yTrue, Tensor yPred) {
        long[] ps = yPred.shape();
        if (ps.length < 2) {
            throw new IllegalArgumentException(name() + ": expected y_pred of shape (batch_size, ..., num_classes), received "
                    + "y_pred.shape=" + Shape.format(ps));
        }
        int ax = LossSupport.normalizeAxis(name(), axis, ps);
        if (ax != ps.length - 1) {
            throw new IllegalArgumentException(name() + ": only axis=-1 (the last axis) is supported, received axis=" + axis);
        }
        INDArray labels = yTrue;
        if (labels.rank() == ps.length && labels.size(labels.rank() - 1) == 1) {
            labels = labels.reshape(Arrays.copyOf(labels.shape(), labels.rank() - 1));
        }
        long[] expected = Arrays.copyOf(ps, ps.length - 1);
        if (!Arrays.equals(labels.shape(), expected)) {
            long[] withOne = Arrays.copyOf(ps, ps.length);
            withOne[ps.length - 1] = 1;
            throw new IllegalArgumentException(name() + ": y_true must hold one class index per sample, shaped "
                    + Shape.format(expected) + " or " + Shape.format(withOne) + ", received y_true.shape="
                    + Shape.format(yTrue.shape()) + " and y_pred.shape=" + Shape.format(ps));
        }
        return labels;
    }

    /**
     * Fails on a label outside {@code 0..classes-1}. A batch's labels are few, so they are read once
     * to the host and scanned there (two native reductions and their round trips cost more); large
     * label arrays (per-pixel labels) are checked by their native minimum and maximum.
     */
    private void checkRange(INDArray labels, long classes) {
        if (labels.isEmpty()) {
            return;
        }
        double min;
        double max;
        if (labels.length() <= HOST_CHECK_MAX) {
            double[] range = range(HostFloats.toDoubles(labels));
            min = range[0];
            max = range[1];
        } else {
            min = labels.minNumber().doubleValue();
            max = labels.maxNumber().doubleValue();
        }
        double bad = min < 0 ? min : max >= classes ? max : Double.NaN;
        if (!Double.isNaN(bad) || Double.isNaN(min) || Double.isNaN(max)) {
            String shown = Double.isNaN(bad) ? "NaN" : bad == Math.rint(bad) ? Long.toString((long) bad) : Double.toString(bad);
            throw new IllegalArgumentException(name() + ": label " + shown + " is out of range for " + classes
                    + " classes (valid: 0.." + (classes - 1) + ")");
        }
    }

    /** {@code {min, max}} of the values, both NaN if one is NaN; a method of its own so the JIT compiles the loop alone. */
    private static double[] range(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            if (Double.isNaN(v)) {
                return new double[] {Double.NaN, Double.NaN};
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return new double[] {min, max};
    }

    @Override
    public String className() {
        return "SparseCategoricalCrossentropy";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("ignore_class", ignoreClass);
        c.put("axis", axis);
        return c;
    }
}
