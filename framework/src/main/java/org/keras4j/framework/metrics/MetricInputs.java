package org.keras4j.framework.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Shape and type handling shared by the metrics: float64 conversion, Keras's
 * {@code squeeze_or_expand_to_same_rank}, broadcasting checks with readable errors, and
 * {@code divide_no_nan}. Package-private: the metrics' public contract is their own Javadoc.
 */
final class MetricInputs {
    /** Keras's {@code backend.epsilon()}. */
    static final double EPSILON = 1e-7;

    private MetricInputs() {
    }

    /** The array as float64 (labels may arrive as any numeric or boolean type). */
    static INDArray f64(INDArray x) {
        return x.dataType() == DataType.DOUBLE ? x : x.castTo(DataType.DOUBLE);
    }

    /**
     * Keras's {@code squeeze_or_expand_to_same_rank}: when the ranks differ by exactly one and the
     * longer array ends in an axis of size 1, that axis is squeezed, or (when the shorter one is
     * rank 1 and {@code expandRank1}) the shorter one gains a trailing axis instead.
     */
    static INDArray[] squeezeOrExpand(INDArray x1, INDArray x2, boolean expandRank1) {
        int r1 = x1.rank();
        int r2 = x2.rank();
        if (r1 == r2 + 1 && x1.size(-1) == 1) {
            if (r2 == 1 && expandRank1) {
                x2 = x2.reshape(x2.length(), 1);
            } else {
                x1 = squeezeLast(x1);
            }
        }
        if (r2 == r1 + 1 && x2.size(-1) == 1) {
            if (r1 == 1 && expandRank1) {
                x1 = x1.reshape(x1.length(), 1);
            } else {
                x2 = squeezeLast(x2);
            }
        }
        return new INDArray[] {x1, x2};
    }

    static INDArray squeezeLast(INDArray x) {
        return x.reshape(Arrays.copyOf(x.shape(), x.rank() - 1));
    }

    /** Fails unless both inputs have the same number of samples (axis 0). */
    static void checkBatch(String owner, INDArray yTrue, INDArray yPred) {
        if (yTrue.rank() > 0 && yPred.rank() > 0 && yTrue.size(0) != yPred.size(0)) {
            throw new IllegalArgumentException(owner + ": y_true has " + yTrue.size(0) + " samples but y_pred has "
                    + yPred.size(0) + " (shapes " + Shape.format(yTrue.shape()) + " and " + Shape.format(yPred.shape()) + ")");
        }
    }

    /** Fails unless numpy broadcasting can combine the two shapes. */
    static void checkBroadcastable(String owner, String what1, INDArray a, String what2, INDArray b) {
        long[] sa = a.shape();
        long[] sb = b.shape();
        for (int i = 1; i <= Math.min(sa.length, sb.length); i++) {
            long da = sa[sa.length - i];
            long db = sb[sb.length - i];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(owner + ": " + what1 + " of shape " + Shape.format(sa) + " and "
                        + what2 + " of shape " + Shape.format(sb) + " cannot be broadcast together");
            }
        }
    }

    /** Fails unless both shapes are equal. */
    static void checkSameShape(String owner, INDArray yTrue, INDArray yPred) {
        if (!Arrays.equals(yTrue.shape(), yPred.shape())) {
            throw new IllegalArgumentException(owner + ": y_true and y_pred must have the same shape, received "
                    + Shape.format(yTrue.shape()) + " and " + Shape.format(yPred.shape()));
        }
    }

    /** {@code w} broadcast to {@code shape} (a copy with the full shape). */
    static INDArray broadcastTo(INDArray w, long[] shape) {
        if (Arrays.equals(w.shape(), shape)) {
            return w;
        }
        if (shape.length == 0) {
            return w.reshape();
        }
        return w.rank() == 0 ? Nd4j.valueArrayOf(shape, w.getDouble(0), DataType.DOUBLE) : w.broadcast(shape);
    }

    /** Keras's {@code ops.divide_no_nan}: {@code a / b}, and 0 wherever {@code b == 0}. */
    static INDArray divNoNan(INDArray a, INDArray b) {
        INDArray zero = b.eq(0.0).castTo(DataType.DOUBLE);
        // Divide by 1 where b is 0 (no inf or NaN), then zero those entries.
        return a.div(b.add(zero)).muli(zero.rsub(1.0));
    }

    /** Axes {@code from, from+1, ..., rank-1}. */
    static int[] axesFrom(int from, int rank) {
        int[] axes = new int[Math.max(0, rank - from)];
        for (int i = 0; i < axes.length; i++) {
            axes[i] = from + i;
        }
        return axes;
    }

    /**
     * Reads Keras's {@code thresholds} argument from a config: null, one number or a list of
     * numbers. Returns null, a {@code Double} or a {@code List<Double>} (kept as given, so the
     * config round-trips).
     */
    static Object thresholdsFromConfig(Object raw, String owner) {
        if (raw == null) {
            return null;
        }
        if (raw instanceof Number n) {
            return n.doubleValue();
        }
        if (raw instanceof List<?> list) {
            List<Double> out = new ArrayList<>();
            for (Object o : list) {
                if (!(o instanceof Number n)) {
                    throw new IllegalArgumentException(owner + " config: 'thresholds' must be a number or a list of numbers, received " + raw);
                }
                out.add(n.doubleValue());
            }
            return out;
        }
        throw new IllegalArgumentException(owner + " config: 'thresholds' must be a number or a list of numbers, received " + raw);
    }

    /** The thresholds as an array ({@code dflt} when null). */
    static double[] thresholdValues(Object thresholds, double dflt) {
        if (thresholds == null) {
            return new double[] {dflt};
        }
        if (thresholds instanceof Double d) {
            return new double[] {d};
        }
        @SuppressWarnings("unchecked")
        List<Double> list = (List<Double>) thresholds;
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = list.get(i);
        }
        return out;
    }

    /** A list copy of an array, for configs. */
    static List<Double> toList(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(v);
        }
        return out;
    }

    /**
     * Keras's {@code is_evenly_distributed_thresholds}: at least 3 values, all close to
     * {@code i / (n - 1)} (numpy's {@code allclose} with {@code atol=1e-7}).
     */
    static boolean evenlyDistributed(double[] thresholds) {
        int n = thresholds.length;
        if (n < 3) {
            return false;
        }
        INDArray t = Nd4j.createFromArray(thresholds);
        INDArray even = Nd4j.linspace(0.0, n - 1.0, n, DataType.DOUBLE).divi(n - 1);
        INDArray tolerance = Transforms.abs(even, true).muli(1e-5).addi(EPSILON);
        return Transforms.abs(t.sub(even), false).gt(tolerance).castTo(DataType.DOUBLE).sumNumber().doubleValue() == 0;
    }
}
