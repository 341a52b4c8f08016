package org.keras4j.framework.metrics;

import static org.keras4j.framework.metrics.MetricInputs.f64;

import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.CumSum;
import org.nd4j.linalg.api.ops.impl.transforms.segment.UnsortedSegmentSum;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * One batch's weighted confusion-matrix counts at each threshold, as Keras's
 * {@code metrics_utils.update_confusion_matrix_variables}: a prediction is positive at threshold
 * {@code t} when {@code y_pred > t}; a label is positive when non-zero. Each count is the sum of
 * the sample weights (1 without weights) of the matching elements. Counts have shape {@code (T,)},
 * or {@code (T, labels)} with {@code multiLabel}, where every other case flattens all elements
 * into one binary problem.
 *
 * <p>Evenly spaced thresholds (Keras's {@code is_evenly_distributed_thresholds}) take Keras's
 * bucketed path: predictions are clipped to [0, 1] and dropped into {@code ceil(p (T-1)) - 1}
 * buckets summed with a segment sum and a reversed cumulative sum, O(N + T) instead of O(N T).
 */
final class ConfusionCounts {
    /** Keras's {@code NEG_INF}: the threshold when only {@code top_k} decides what is positive. */
    static final double NEG_INF = -1e10;

    final INDArray tp;
    final INDArray fp;
    final INDArray tn;
    final INDArray fn;

    private ConfusionCounts(INDArray tp, INDArray fp, INDArray tn, INDArray fn) {
        this.tp = tp;
        this.fp = fp;
        this.tn = tn;
        this.fn = fn;
    }

    /**
     * @param thresholds   sorted thresholds
     * @param evenly       whether they are evenly spaced from 0 to 1 (possibly with epsilon endpoints)
     * @param topK         keep only the k highest predictions of each sample (others become NEG_INF), or null
     * @param classId      restrict labels and predictions to this class (last axis), or null
     * @param labelWeights per-label weights multiplied into the sample weights (flattened case), or null
     */
    static ConfusionCounts compute(String owner, INDArray yTrue, INDArray yPred, INDArray sampleWeight, double[] thresholds,
            boolean evenly, Integer topK, Integer classId, boolean multiLabel, INDArray labelWeights) {
        MetricInputs.checkBatch(owner, yTrue, yPred);
        INDArray[] aligned = MetricInputs.squeezeOrExpand(f64(yPred), f64(yTrue), true);
        INDArray pred = aligned[0];
        INDArray label = aligned[1];
        INDArray weight = null;
        if (sampleWeight != null) {
            INDArray w = f64(sampleWeight);
            // Keras adds a trailing axis, then squeezes it again if that made the rank exceed y_true's.
            w = w.reshape(appendOne(w.shape()));
            weight = MetricInputs.squeezeOrExpand(label, w, false)[1];
        }
        if (topK != null) {
            pred = filterTopK(owner, pred, topK);
        }
        if (classId != null) {
            if (pred.rank() < 2) {
                throw new IllegalArgumentException(owner + ": when class_id is provided, y_pred must be a 2D array with shape "
                        + "(num_samples, num_classes), found shape " + Shape.format(yPred.shape()));
            }
            if (classId >= pred.size(-1)) {
                throw new IllegalArgumentException(owner + ": class_id=" + classId + " is out of range for "
                        + pred.size(-1) + " classes (y_pred shape " + Shape.format(yPred.shape()) + ")");
            }
            label = column(label, classId);
            pred = column(pred, classId);
        }
        MetricInputs.checkSameShape(owner, label, pred);
        if (weight != null) {
            MetricInputs.checkBroadcastable(owner, "sample_weight", weight, "y_pred", pred);
            weight = MetricInputs.broadcastTo(weight, pred.shape());
        }
        if (labelWeights != null) {
            MetricInputs.checkBroadcastable(owner, "label_weights", labelWeights, "y_pred", pred);
            INDArray lw = MetricInputs.broadcastTo(labelWeights, pred.shape());
            weight = weight == null ? lw : weight.mul(lw);
        }
        if (multiLabel && pred.rank() != 2) {
            throw new IllegalArgumentException(owner + ": y_pred must have rank 2 when multi_label=true, received shape "
                    + Shape.format(yPred.shape()));
        }
        if (!multiLabel) {
            pred = pred.reshape(pred.length());
            label = label.reshape(label.length());
            weight = weight == null ? null : weight.reshape(weight.length());
        }
        INDArray positive = label.neq(0.0).castTo(DataType.DOUBLE);
        INDArray negative = positive.rsub(1.0);
        if (weight != null) {
            positive.muli(weight);
            negative.muli(weight);
        }
        INDArray tp;
        INDArray fp;
        if (evenly) {
            boolean withEpsilon = thresholds[0] < 0.0 || thresholds[thresholds.length - 1] > 1.0;
            INDArray buckets = bucketIndices(pred, thresholds.length, withEpsilon);
            tp = bucketCounts(positive, buckets, thresholds.length);
            fp = bucketCounts(negative, buckets, thresholds.length);
        } else {
            INDArray predictedPositive = aboveThresholds(pred, thresholds);
            tp = weightedCounts(predictedPositive, positive);
            fp = weightedCounts(predictedPositive, negative);
        }
        INDArray totalPositive = multiLabel ? positive.sum(true, 0) : positive.sum();
        INDArray totalNegative = multiLabel ? negative.sum(true, 0) : negative.sum();
        INDArray fn = multiLabel ? tp.rsub(totalPositive) : tp.rsub(totalPositive.getDouble(0));
        INDArray tn = multiLabel ? fp.rsub(totalNegative) : fp.rsub(totalNegative.getDouble(0));
        return new ConfusionCounts(tp, fp, tn, fn);
    }

    /** {@code pred > t} for each threshold: (T, N) for flat predictions, (T, B, L) for multi-label ones. */
    private static INDArray aboveThresholds(INDArray pred, double[] thresholds) {
        INDArray t = Nd4j.createFromArray(thresholds);
        if (pred.rank() == 1) {
            return pred.reshape(1, pred.length()).gt(t.reshape(thresholds.length, 1)).castTo(DataType.DOUBLE);
        }
        long[] s = pred.shape();
        return pred.reshape(1, s[0], s[1]).gt(t.reshape(thresholds.length, 1, 1)).castTo(DataType.DOUBLE);
    }

    /** Sums {@code weights} over the elements predicted positive: (T,) or (T, L). */
    private static INDArray weightedCounts(INDArray predictedPositive, INDArray weights) {
        if (weights.rank() == 1) {
            return predictedPositive.mmul(weights.reshape(weights.length(), 1)).reshape(predictedPositive.size(0));
        }
        long[] s = weights.shape();
        return predictedPositive.mul(weights.reshape(1, s[0], s[1])).sum(1);
    }

    /**
     * Keras's bucket of each prediction: {@code ceil(clip(p, 0, 1) * (T - 1)) - 1}, so that a
     * prediction counts for every threshold index up to its bucket. With epsilon endpoints the first
     * bucket takes everything from 0; without them, bucket -1 (predictions of exactly 0) is dropped:
     * it is sent to an extra segment {@code T} that is discarded. Multi-label buckets are offset by
     * {@code label * (T + 1)} so one segment sum serves every label.
     */
    private static INDArray bucketIndices(INDArray pred, int numThresholds, boolean withEpsilon) {
        INDArray clipped = Transforms.min(Transforms.max(pred, 0.0, true), 1.0, false);
        INDArray idx = Transforms.ceil(clipped.muli(numThresholds - 1), false).subi(1.0);
        if (withEpsilon) {
            idx = Transforms.max(idx, 0.0, false);
        } else {
            idx.addi(idx.lt(0.0).castTo(DataType.DOUBLE).muli(numThresholds + 1));
        }
        if (pred.rank() == 2) {
            long labels = pred.size(1);
            INDArray offsets = Nd4j.linspace(0.0, labels - 1.0, labels, DataType.DOUBLE).muli(numThresholds + 1);
            idx.addiRowVector(offsets);
        }
        return idx;
    }

    /** Per-threshold sums of {@code weights}: a segment sum by bucket, then a reversed cumulative sum. */
    private static INDArray bucketCounts(INDArray weights, INDArray buckets, int numThresholds) {
        int segments = numThresholds + 1;
        long labels = weights.rank() == 2 ? weights.size(1) : 1;
        INDArray ids = buckets.reshape(buckets.length()).castTo(DataType.INT32);
        INDArray sums = Nd4j.exec(new UnsortedSegmentSum(weights.reshape(weights.length()), ids, (int) (segments * labels)))[0];
        INDArray perLabel = sums.reshape(labels, segments).get(NDArrayIndex.all(), NDArrayIndex.interval(0, numThresholds)).dup();
        INDArray cumulative = Nd4j.exec(new CumSum(perLabel, false, true, 1))[0];
        return weights.rank() == 2 ? cumulative.transpose().dup() : cumulative.reshape(numThresholds);
    }

    /**
     * Keras's {@code _filter_top_k}: keeps the {@code k} highest values on the last axis (ties go to
     * the lower index, as {@code top_k}) and sets the others to {@link #NEG_INF}.
     */
    static INDArray filterTopK(String owner, INDArray x, int k) {
        long classes = x.size(-1);
        if (k > classes) {
            throw new IllegalArgumentException(owner + ": top_k=" + k + " exceeds the " + classes
                    + " values on the last axis of y_pred (shape " + Shape.format(x.shape()) + ")");
        }
        INDArray rows = x.reshape(-1, classes);
        INDArray kth = Nd4j.sort(rows.dup(), 1, false).get(NDArrayIndex.all(), NDArrayIndex.interval(k - 1, k));
        INDArray above = rows.gt(kth).castTo(DataType.DOUBLE);
        INDArray tied = rows.eq(kth).castTo(DataType.DOUBLE);
        // Among values tied with the k-th largest, keep the first (k - #above) by index.
        INDArray room = above.sum(true, 1).rsubi(k);
        INDArray keepTied = tied.mul(tied.cumsum(1).gt(room).castTo(DataType.DOUBLE).rsubi(1.0));
        INDArray keep = above.addi(keepTied);
        INDArray filtered = rows.mul(keep).addi(keep.rsub(1.0).muli(NEG_INF));
        return filtered.reshape(x.shape());
    }

    /** {@code x[..., c, None]}: one class of the last axis, keeping that axis with size 1. */
    private static INDArray column(INDArray x, int c) {
        long[] shape = x.shape().clone();
        INDArray rows = x.reshape(-1, shape[shape.length - 1]);
        shape[shape.length - 1] = 1;
        return rows.get(NDArrayIndex.all(), NDArrayIndex.interval(c, c + 1)).dup().reshape(shape);
    }

    private static long[] appendOne(long[] shape) {
        long[] out = java.util.Arrays.copyOf(shape, shape.length + 1);
        out[shape.length] = 1;
        return out;
    }
}
