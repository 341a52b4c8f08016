package org.keras4j.losses;

import java.util.Arrays;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Helpers shared by the built-in losses: Keras's epsilon, the alignment of {@code y_true} with
 * {@code y_pred} (Keras's {@code squeeze_or_expand_to_same_rank} plus a shape check), a few
 * differentiable building blocks, and argument and config parsing.
 */
final class LossSupport {
    /** Keras's backend epsilon ({@code keras.config.epsilon()}), used for clipping and safe division. */
    static final double EPSILON = 1e-7;

    private LossSupport() {
    }

    /** {@code y_true} (cast to {@code y_pred}'s type) and {@code y_pred}, with equal shapes. */
    record Aligned(INDArray yTrue, Tensor yPred) {
    }

    /**
     * Casts the labels to the predictions' float type and brings both to one shape as Keras does:
     * when the ranks differ by one and the longer shape ends in 1, that axis is dropped (or, when the
     * shorter one is rank 1, the shorter one gets a trailing 1). Rank-1 inputs are then read as one
     * value per sample, shape {@code (batch, 1)}, so every loss returns one value per sample.
     *
     * @throws IllegalArgumentException naming the loss and both shapes when the shapes still differ
     */
    static Aligned align(String loss, INDArray yTrue, Tensor yPred) {
        INDArray t = castLike(yTrue, yPred);
        Tensor p = yPred;
        long[] ts = t.shape();
        long[] ps = p.shape();
        if (ts.length == ps.length + 1 && ts[ts.length - 1] == 1) {
            if (ps.length == 1) {
                p = Ops.reshape(p, ps[0], 1);
            } else {
                t = t.reshape(Arrays.copyOf(ts, ts.length - 1));
            }
        } else if (ps.length == ts.length + 1 && ps[ps.length - 1] == 1) {
            if (ts.length == 1) {
                t = t.reshape(ts[0], 1);
            } else {
                p = Ops.reshape(p, Arrays.copyOf(ps, ps.length - 1));
            }
        }
        if (t.rank() == 1 && p.rank() == 1) {
            t = t.reshape(t.length(), 1);
            p = Ops.reshape(p, p.size(0), 1);
        }
        if (t.rank() == 0 || !Arrays.equals(t.shape(), p.shape())) {
            throw new IllegalArgumentException(loss + ": y_true and y_pred must have the same shape, received y_true.shape="
                    + Shape.format(yTrue.shape()) + " and y_pred.shape=" + Shape.format(yPred.shape()));
        }
        return new Aligned(t, p);
    }

    /** The labels in the predictions' float type (the same array when the type already matches). */
    static INDArray castLike(INDArray labels, Tensor like) {
        return labels.dataType() == like.dataType() ? labels : labels.castTo(like.dataType());
    }

    /** The axis as a non-negative index into {@code shape}, or an error naming the loss. */
    static int normalizeAxis(String loss, int axis, long[] shape) {
        int a = axis < 0 ? axis + shape.length : axis;
        if (a < 0 || a >= shape.length) {
            throw new IllegalArgumentException(loss + ": axis " + axis + " is out of range for y_pred of shape "
                    + Shape.format(shape));
        }
        return a;
    }

    /** {@code max(x, lo)} element-wise; the gradient flows where {@code x >= lo}, as TensorFlow's maximum. */
    static Tensor atLeast(Tensor x, double lo) {
        return Ops.clip(x, lo, Double.POSITIVE_INFINITY);
    }

    /**
     * Differentiable maximum over one axis (Keras's {@code ops.max(x, axis)}). Ties share the
     * gradient equally, as TensorFlow's {@code reduce_max} does.
     */
    static Tensor maxAlong(Tensor x, int axis) {
        INDArray v = x.value();
        INDArray max = v.max(true, axis);
        INDArray winners = v.eq(max.broadcast(v.shape())).castTo(v.dataType());
        INDArray share = winners.div(winners.sum(true, axis).broadcast(v.shape()));
        return Ops.sum(Ops.multiply(x, Tensor.constant(share)), false, axis);
    }

    /**
     * Keras's L2 normalisation along an axis: {@code x * min(rsqrt(sum(x^2)), 1/epsilon)}, written as
     * {@code x * rsqrt(max(sum(x^2), epsilon^2))} so a zero vector gives zeros and a finite gradient.
     */
    static Tensor l2Normalize(Tensor x, int axis) {
        Tensor squareSum = Ops.sum(Ops.square(x), true, axis);
        return Ops.multiply(x, Ops.pow(atLeast(squareSum, EPSILON * EPSILON), -0.5));
    }

    /**
     * Keras's {@code convert_binary_labels_to_hinge}: when every label is 0 or 1 they become -1 or 1;
     * other labels (already -1/1, or anything else) are left as they are.
     */
    static INDArray hingeLabels(INDArray labels) {
        // all labels in {0, 1} exactly when y * (y - 1) is zero everywhere
        boolean binary = labels.isEmpty()
                || Transforms.abs(labels.mul(labels.sub(1.0)), false).maxNumber().doubleValue() == 0;
        return binary ? labels.mul(2.0).subi(1.0) : labels;
    }

    // ---- arguments and configs ----

    /** The given name, or the loss's default (Keras's {@code name=None}) when null or blank. */
    static String nameOrDefault(String name, String dflt) {
        return name == null || name.isBlank() ? dflt : name;
    }

    /** Rejects a null reduction: Java callers say {@link Reduction#NONE} for Keras's {@code None}. */
    static Reduction checkReduction(String owner, Reduction reduction) {
        if (reduction == null) {
            throw new IllegalArgumentException(owner + ": reduction must not be null; use Reduction.NONE for no reduction");
        }
        return reduction;
    }

    /** Keras's {@code label_smoothing}: a float in [0, 1]. */
    static double checkLabelSmoothing(String owner, double labelSmoothing) {
        if (!(labelSmoothing >= 0 && labelSmoothing <= 1)) {
            throw new IllegalArgumentException(owner + ": label_smoothing must be in [0, 1], received label_smoothing="
                    + labelSmoothing);
        }
        return labelSmoothing;
    }

    /** The {@code name} key, the default when absent or null. Also accepts Keras's {@code dtype} key. */
    static String name(Config config, String dflt) {
        config.ignore("dtype");
        return nameOrDefault(config.getString("name", null), dflt);
    }

    /**
     * The {@code reduction} key: absent means Keras's default {@code sum_over_batch_size}, an explicit
     * null means Keras's {@code None} (no reduction).
     */
    static Reduction reduction(Config config) {
        if (!config.asMap().containsKey("reduction")) {
            config.ignore("reduction");
            return Reduction.SUM_OVER_BATCH_SIZE;
        }
        Object raw = config.raw("reduction");
        if (raw != null && !(raw instanceof String)) {
            throw new IllegalArgumentException("config: 'reduction' must be a string or null, received " + raw);
        }
        return Reduction.of((String) raw);
    }

    /** An integer key that may be null (Keras's None); null when absent. */
    static Integer nullableInt(Config config, String key) {
        Object raw = config.raw(key);
        if (raw == null) {
            return null;
        }
        if (!(raw instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw new IllegalArgumentException("config: '" + key + "' must be an integer or null, received " + raw);
        }
        return Math.toIntExact(n.longValue());
    }
}
