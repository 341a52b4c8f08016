package org.keras4j.framework.metrics;

import static org.keras4j.framework.metrics.MetricInputs.divNoNan;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The area under the ROC or precision-recall curve, approximated on fixed thresholds as Keras's
 * {@code keras.metrics.AUC}. Each batch adds weighted true/false positive/negative counts at every
 * threshold ({@code y_pred > t} is positive); the result integrates the curve through those points.
 *
 * <p>Thresholds: {@code num_thresholds} (default 200) points, {@code -1e-7}, then
 * {@code i / (num_thresholds - 1)} for {@code i = 1 .. num_thresholds - 2}, then {@code 1 + 1e-7},
 * so predictions of exactly 0 and 1 are handled. Given explicit {@code thresholds}, those (sorted)
 * are used between the same two endpoints and {@code num_thresholds} becomes their count + 2.
 *
 * <p>Integration ({@code summation_method}) over consecutive thresholds A (lower) and B:
 * <ul>
 * <li>ROC, {@code "interpolation"} (default): trapezoids,
 *     {@code sum((fpr_A - fpr_B) * (tpr_A + tpr_B) / 2)}.</li>
 * <li>PR, {@code "interpolation"}: Keras's closed form after Davis &amp; Goadrich (2006), which
 *     interpolates the counts rather than precision: with {@code P = tp + fp},
 *     {@code slope = (tp_A - tp_B) / max(P_A - P_B, 0)}, {@code intercept = tp_B - slope * P_B},
 *     each interval adds {@code slope * (tp_A - tp_B + intercept * log(P_A / P_B)) / (tp_B + fn_B)}
 *     (the log term is 0 unless both P are positive; any division by 0 gives 0).</li>
 * <li>{@code "minoring"} / {@code "majoring"}: rectangles of the lower / higher of the two heights.</li>
 * <li>{@code curve="PRGAIN"}: precision-gain against recall-gain, as Keras.</li>
 * </ul>
 *
 * <p>Other arguments: {@code multi_label} (default false: every element of {@code (batch, labels)}
 * outputs is pooled into one binary problem; true: one AUC per label, averaged, weighted by
 * {@code label_weights} when given), {@code num_labels} (only with {@code multi_label}; otherwise
 * taken from the first batch), {@code label_weights} (per-label weights: in the pooled case they
 * weight each label's elements), {@code from_logits} (apply a sigmoid to {@code y_pred} first),
 * {@code name} (default {@code "auc"}).
 *
 * <pre>{@code
 * var auc = AUC.builder().numThresholds(3).build();
 * auc.updateState(Nd4j.createFromArray(0.0, 0, 1, 1), Nd4j.createFromArray(0.0, 0.5, 0.3, 0.9), null); // 0.75
 * var pr = AUC.builder().curve("PR").build();
 * }</pre>
 */
public final class AUC extends Metric {
    private final int numThresholds;
    private final String curve;
    private final String summationMethod;
    private final double[] thresholds;
    private final double[] givenThresholds;
    private final boolean evenly;
    private final boolean multiLabel;
    private final Integer numLabels;
    private final double[] labelWeights;
    private final boolean fromLogits;
    private INDArray truePositives;
    private INDArray falsePositives;
    private INDArray trueNegatives;
    private INDArray falseNegatives;

    /** ROC AUC on 200 thresholds, named {@code "auc"}. */
    public AUC() {
        this(builder());
    }

    private AUC(Builder b) {
        super(b.name == null ? "auc" : b.name);
        this.curve = canonicalCurve(b.curve);
        this.summationMethod = canonicalSummation(b.summationMethod);
        if (b.thresholds != null) {
            this.givenThresholds = b.thresholds.clone();
            Arrays.sort(givenThresholds);
            this.numThresholds = givenThresholds.length + 2;
            double[] withEnds = new double[numThresholds];
            withEnds[numThresholds - 1] = 1.0;
            System.arraycopy(givenThresholds, 0, withEnds, 1, givenThresholds.length);
            this.evenly = MetricInputs.evenlyDistributed(withEnds);
            this.thresholds = withEnds.clone();
        } else {
            if (b.numThresholds <= 1) {
                throw new IllegalArgumentException("AUC: num_thresholds must be an integer > 1, received num_thresholds="
                        + b.numThresholds);
            }
            this.givenThresholds = null;
            this.numThresholds = b.numThresholds;
            this.evenly = true;
            INDArray inner = Nd4j.linspace(0.0, numThresholds - 1.0, numThresholds, DataType.DOUBLE).divi(numThresholds - 1);
            this.thresholds = inner.toDoubleVector();
        }
        // Endpoints just outside [0, 1] so that predictions of exactly 0 or 1 are counted correctly.
        thresholds[0] = -MetricInputs.EPSILON;
        thresholds[numThresholds - 1] = 1.0 + MetricInputs.EPSILON;
        if (b.numLabels != null && !b.multiLabel) {
            throw new IllegalArgumentException("AUC: num_labels is needed only when multi_label is true, received num_labels="
                    + b.numLabels);
        }
        if (b.numLabels != null && b.numLabels < 1) {
            throw new IllegalArgumentException("AUC: num_labels must be a positive integer, received num_labels=" + b.numLabels);
        }
        if (b.labelWeights != null) {
            for (double w : b.labelWeights) {
                if (!(w >= 0)) {
                    throw new IllegalArgumentException("AUC: label_weights must be non-negative, received label_weights="
                            + Arrays.toString(b.labelWeights));
                }
            }
        }
        this.multiLabel = b.multiLabel;
        this.numLabels = b.numLabels;
        this.labelWeights = b.labelWeights == null ? null : b.labelWeights.clone();
        this.fromLogits = b.fromLogits;
        if (!multiLabel) {
            build(1);
        } else if (numLabels != null) {
            build(numLabels);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds from a Keras config (every key of Keras's {@code AUC.get_config}). */
    public static AUC fromConfig(Config config) {
        config.ignore("dtype");
        Builder b = builder()
                .name(config.getString("name", null))
                .numThresholds(config.getInt("num_thresholds", 200))
                .curve(config.getString("curve", "ROC"))
                .summationMethod(config.getString("summation_method", "interpolation"))
                .multiLabel(config.getBoolean("multi_label", false))
                .labelWeights(config.getDoubleArray("label_weights"))
                .fromLogits(config.getBoolean("from_logits", false))
                .thresholds(config.getDoubleArray("thresholds"));
        if (config.has("num_labels")) {
            b.numLabels(config.getInt("num_labels", 0));
        }
        config.ignore("num_labels");
        return b.build();
    }

    private void build(long labels) {
        long[] shape = multiLabel ? new long[] {numThresholds, labels} : new long[] {numThresholds};
        // State outlives the training step, so it must not live in the step's workspace.
        try (org.nd4j.linalg.api.memory.MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            truePositives = Nd4j.zeros(DataType.DOUBLE, shape);
            falsePositives = Nd4j.zeros(DataType.DOUBLE, shape);
            trueNegatives = Nd4j.zeros(DataType.DOUBLE, shape);
            falseNegatives = Nd4j.zeros(DataType.DOUBLE, shape);
        }
    }

    @Override
    public String className() {
        return "AUC";
    }

    @Override
    public void updateState(INDArray yTrue, INDArray yPred, INDArray sampleWeight) {
        String owner = className() + " '" + name() + "'";
        if (multiLabel) {
            if (yPred.rank() != 2) {
                throw new IllegalArgumentException(owner + ": y_pred must have rank 2 when multi_label=true, received shape "
                        + Shape.format(yPred.shape()));
            }
            if (truePositives == null) {
                build(yPred.size(1));
            } else if (truePositives.size(1) != yPred.size(1)) {
                throw new IllegalArgumentException(owner + ": expects " + truePositives.size(1) + " labels, received y_pred of shape "
                        + Shape.format(yPred.shape()));
            }
        }
        INDArray pred = fromLogits ? Transforms.sigmoid(MetricInputs.f64(yPred), true) : yPred;
        // With multi_label, label weights only weight the per-label AUCs in result().
        INDArray lw = labelWeights == null || multiLabel ? null : Nd4j.createFromArray(labelWeights);
        ConfusionCounts c = ConfusionCounts.compute(owner, yTrue, pred, sampleWeight, thresholds, evenly, null, null,
                multiLabel, lw);
        truePositives.addi(c.tp);
        falsePositives.addi(c.fp);
        trueNegatives.addi(c.tn);
        falseNegatives.addi(c.fn);
    }

    @Override
    public double result() {
        if (truePositives == null) {
            return 0.0;
        }
        INDArray perInterval;
        if (curve.equals("PR") && summationMethod.equals("interpolation")) {
            perInterval = interpolatedPrAreas();
        } else {
            INDArray recall = divNoNan(truePositives, truePositives.add(falseNegatives));
            INDArray x;
            INDArray y;
            if (curve.equals("ROC")) {
                x = divNoNan(falsePositives, falsePositives.add(trueNegatives));
                y = recall;
            } else if (curve.equals("PR")) {
                x = recall;
                y = divNoNan(truePositives, truePositives.add(falsePositives));
            } else {
                INDArray[] gains = gains();
                x = gains[0];
                y = gains[1];
            }
            INDArray heights = switch (summationMethod) {
                case "interpolation" -> head(y).add(tail(y)).divi(2.0);
                case "minoring" -> Transforms.min(head(y), tail(y), true);
                default -> Transforms.max(head(y), tail(y), true);
            };
            perInterval = head(x).sub(tail(x)).muli(heights);
        }
        if (!multiLabel) {
            return perInterval.sumNumber().doubleValue();
        }
        INDArray byLabel = perInterval.sum(0);
        if (labelWeights == null) {
            return byLabel.meanNumber().doubleValue();
        }
        INDArray lw = Nd4j.createFromArray(labelWeights);
        double weightSum = lw.sumNumber().doubleValue();
        return weightSum == 0 ? 0.0 : byLabel.mul(lw).sumNumber().doubleValue() / weightSum;
    }

    /** Keras's {@code interpolate_pr_auc}: the PR area of each interval (see the class comment). */
    private INDArray interpolatedPrAreas() {
        INDArray p = truePositives.add(falsePositives);
        INDArray pA = head(p);
        INDArray pB = tail(p);
        INDArray dtp = head(truePositives).sub(tail(truePositives));
        INDArray slope = divNoNan(dtp, Transforms.max(pA.sub(pB), 0.0, false));
        INDArray intercept = tail(truePositives).sub(slope.mul(pB));
        INDArray bothPositive = pA.gt(0.0).castTo(DataType.DOUBLE).muli(pB.gt(0.0).castTo(DataType.DOUBLE));
        INDArray ratio = divNoNan(pA, Transforms.max(pB, 0.0, true)).muli(bothPositive).addi(bothPositive.rsub(1.0));
        INDArray numerator = slope.mul(dtp.add(intercept.mul(Transforms.log(ratio, false))));
        INDArray positives = Transforms.max(tail(truePositives).add(tail(falseNegatives)), 0.0, false);
        return divNoNan(numerator, positives);
    }

    /** Keras's PRGAIN coordinates: {recall gain, precision gain}. */
    private INDArray[] gains() {
        INDArray scale = divNoNan(truePositives.add(falseNegatives), trueNegatives.add(falsePositives));
        INDArray noTp = truePositives.eq(0.0).castTo(DataType.DOUBLE);
        INDArray hasTp = noTp.rsub(1.0);
        INDArray recallGain = scale.mul(divNoNan(falseNegatives, truePositives)).rsubi(1.0);
        INDArray precisionGain = scale.mul(divNoNan(falsePositives, truePositives)).rsubi(1.0);
        // No true positives: recall gain 0, precision gain 1; negative recall gains become 0.
        recallGain = Transforms.max(recallGain.muli(hasTp), 0.0, false);
        precisionGain = precisionGain.muli(hasTp).addi(noTp);
        return new INDArray[] {recallGain, precisionGain};
    }

    private INDArray head(INDArray x) {
        return x.get(NDArrayIndex.interval(0, numThresholds - 1));
    }

    private INDArray tail(INDArray x) {
        return x.get(NDArrayIndex.interval(1, numThresholds));
    }

    @Override
    public void resetState() {
        if (truePositives != null) {
            truePositives.assign(0);
            falsePositives.assign(0);
            trueNegatives.assign(0);
            falseNegatives.assign(0);
        }
    }

    /** The thresholds in use, endpoints included. */
    public double[] thresholds() {
        return thresholds.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("num_thresholds", numThresholds);
        c.put("curve", curve);
        c.put("summation_method", summationMethod);
        c.put("multi_label", multiLabel);
        c.put("num_labels", numLabels);
        c.put("label_weights", labelWeights == null ? null : MetricInputs.toList(labelWeights));
        c.put("from_logits", fromLogits);
        if (givenThresholds != null) {
            // The sorted thresholds without the endpoints, so a rebuilt AUC has the same ones.
            c.put("thresholds", MetricInputs.toList(givenThresholds));
        }
        return c;
    }

    private static String canonicalCurve(String curve) {
        return switch (curve == null ? "" : curve) {
            case "ROC", "roc" -> "ROC";
            case "PR", "pr" -> "PR";
            case "PRGAIN", "prgain" -> "PRGAIN";
            default -> throw new IllegalArgumentException("AUC: invalid curve value \"" + curve
                    + "\". Expected one of: \"ROC\", \"PR\", \"PRGAIN\"");
        };
    }

    private static String canonicalSummation(String method) {
        String m = method == null ? "" : method;
        if (m.equals("interpolation") || m.equals("Interpolation") || m.equals("majoring") || m.equals("Majoring")
                || m.equals("minoring") || m.equals("Minoring")) {
            return m.toLowerCase(Locale.ROOT);
        }
        throw new IllegalArgumentException("AUC: invalid summation_method value \"" + method
                + "\". Expected one of: \"interpolation\", \"majoring\", \"minoring\"");
    }

    /** Options of {@link AUC}, with Keras's defaults. */
    public static final class Builder {
        private int numThresholds = 200;
        private String curve = "ROC";
        private String summationMethod = "interpolation";
        private String name;
        private double[] thresholds;
        private boolean multiLabel;
        private Integer numLabels;
        private double[] labelWeights;
        private boolean fromLogits;

        private Builder() {
        }

        /** Number of thresholds, > 1 (default 200); ignored when {@link #thresholds} are given. */
        public Builder numThresholds(int n) {
            this.numThresholds = n;
            return this;
        }

        /** {@code "ROC"} (default), {@code "PR"} or {@code "PRGAIN"}. */
        public Builder curve(String curve) {
            this.curve = curve;
            return this;
        }

        /** {@code "interpolation"} (default), {@code "minoring"} or {@code "majoring"}. */
        public Builder summationMethod(String method) {
            this.summationMethod = method;
            return this;
        }

        /** Metric name (default {@code "auc"}). */
        public Builder name(String name) {
            this.name = name;
            return this;
        }

        /** Explicit thresholds in [0, 1] (default none: evenly spaced). */
        public Builder thresholds(double... thresholds) {
            this.thresholds = thresholds;
            return this;
        }

        /** One AUC per label, averaged (default false). */
        public Builder multiLabel(boolean multiLabel) {
            this.multiLabel = multiLabel;
            return this;
        }

        /** Number of labels with {@code multi_label} (default: from the first batch). */
        public Builder numLabels(Integer numLabels) {
            this.numLabels = numLabels;
            return this;
        }

        /** Non-negative per-label weights (default none). */
        public Builder labelWeights(double... weights) {
            this.labelWeights = weights;
            return this;
        }

        /** Apply a sigmoid to predictions first (default false). */
        public Builder fromLogits(boolean fromLogits) {
            this.fromLogits = fromLogits;
            return this;
        }

        public AUC build() {
            return new AUC(this);
        }
    }
}
