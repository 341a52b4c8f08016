package org.keras4j.framework.metrics;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The shared part of {@link Precision} and {@link Recall}: true positives against one other
 * confusion count (false positives or false negatives) at each threshold, with Keras's
 * {@code thresholds}, {@code top_k} and {@code class_id} arguments, and
 * {@code result = tp / (tp + other)} (0 when both are 0).
 */
abstract class ThresholdRateMetric extends Metric {
    private final Object thresholdsArgument;
    private final double[] thresholds;
    private final boolean evenly;
    private final Integer topK;
    private final Integer classId;
    private final INDArray truePositives;
    private final INDArray others;

    /**
     * @param thresholds null, a {@code Double} or a {@code List<Double>} in [0, 1], as Keras's
     *                   {@code thresholds}; null means 0.5, or every top-k prediction when {@code topK} is set
     */
    ThresholdRateMetric(String className, String name, String defaultName, Object thresholds, Integer topK, Integer classId) {
        super(name == null ? defaultName : name);
        double[] values = MetricInputs.thresholdValues(thresholds, topK == null ? 0.5 : ConfusionCounts.NEG_INF);
        if (thresholds != null) {
            for (double t : values) {
                if (!(t >= 0 && t <= 1)) {
                    throw new IllegalArgumentException(className + ": threshold values must be in [0, 1], received thresholds="
                            + thresholds);
                }
            }
        }
        if (values.length == 0) {
            throw new IllegalArgumentException(className + ": thresholds must not be empty");
        }
        if (topK != null && topK < 1) {
            throw new IllegalArgumentException(className + ": top_k must be a positive integer, received top_k=" + topK);
        }
        if (classId != null && classId < 0) {
            throw new IllegalArgumentException(className + ": class_id must be a non-negative integer, received class_id=" + classId);
        }
        this.thresholdsArgument = thresholds;
        this.thresholds = values;
        this.evenly = MetricInputs.evenlyDistributed(values);
        this.topK = topK;
        this.classId = classId;
        this.truePositives = Nd4j.zeros(DataType.DOUBLE, values.length);
        this.others = Nd4j.zeros(DataType.DOUBLE, values.length);
    }

    /** {@code thresholds} from a Java array: null stays null, one value becomes a number, several a list. */
    static Object thresholdsArgument(double[] thresholds) {
        if (thresholds == null) {
            return null;
        }
        return thresholds.length == 1 ? (Object) thresholds[0] : MetricInputs.toList(thresholds);
    }

    /** Reads {@code thresholds}, {@code top_k}, {@code class_id} in that order from a config. */
    static Object[] readArguments(Config config, String className) {
        config.ignore("dtype");
        Object thresholds = MetricInputs.thresholdsFromConfig(config.raw("thresholds"), className);
        Integer topK = config.has("top_k") ? config.getInt("top_k", 0) : null;
        Integer classId = config.has("class_id") ? config.getInt("class_id", 0) : null;
        config.ignore("top_k", "class_id");
        return new Object[] {thresholds, topK, classId};
    }

    /** The count compared with true positives: false positives (precision) or false negatives (recall). */
    abstract INDArray other(ConfusionCounts counts);

    @Override
    public void updateState(INDArray yTrue, INDArray yPred, INDArray sampleWeight) {
        ConfusionCounts c = ConfusionCounts.compute(className() + " '" + name() + "'", yTrue, yPred, sampleWeight,
                thresholds, evenly, topK, classId, false, null);
        truePositives.addi(c.tp);
        others.addi(other(c));
    }

    /** One value per threshold. */
    @Override
    public double[] resultArray() {
        return MetricInputs.divNoNan(truePositives, truePositives.add(others)).toDoubleVector();
    }

    /** The value at the single threshold; fails when several thresholds were given (use {@link #resultArray}). */
    @Override
    public double result() {
        if (thresholds.length != 1) {
            throw new IllegalStateException(className() + " '" + name() + "' has " + thresholds.length
                    + " thresholds and gives one value per threshold: read resultArray()");
        }
        return resultArray()[0];
    }

    @Override
    public void resetState() {
        truePositives.assign(0);
        others.assign(0);
    }

    /** The thresholds in use (0.5 by default, Keras's NEG_INF -1e10 when only top_k is set). */
    public double[] thresholds() {
        return thresholds.clone();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("thresholds", thresholdsArgument instanceof List<?> l ? List.copyOf(l) : thresholdsArgument);
        c.put("top_k", topK);
        c.put("class_id", classId);
        return c;
    }

    @Override
    public String toString() {
        return className() + "(name=" + name() + ", thresholds=" + Arrays.toString(thresholds) + ", top_k=" + topK
                + ", class_id=" + classId + ")";
    }
}
