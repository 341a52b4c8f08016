package org.keras4j.framework.metrics;

import static org.keras4j.framework.metrics.MetricInputs.EPSILON;
import static org.keras4j.framework.metrics.MetricInputs.f64;

import java.util.Map;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The F-beta score, as Keras's {@code keras.metrics.FBetaScore}: per class,
 * {@code (1 + b^2) * p * r / (b^2 * p + r)}, the weighted harmonic mean of precision {@code p} and
 * recall {@code r}, computed as Keras does with {@code epsilon = 1e-7}:
 * {@code p = tp / (tp + fp + eps)}, {@code r = tp / (tp + fn + eps)},
 * {@code f = (1 + b^2) * p * r / (b^2 * p + r + eps)}. Inputs are {@code (batch, classes)}: one-hot
 * or multi-hot labels and scores; counts are sums of sample weights.
 *
 * <p>A score becomes a positive prediction when it exceeds {@code threshold}, or, when
 * {@code threshold} is null, when it equals the sample's highest score (all tied maxima count;
 * an all-zero row predicts nothing).
 *
 * <p>Arguments: {@code average} (null: one score per class, read with {@link #resultArray};
 * {@code "micro"}: pooled counts; {@code "macro"}: mean of the class scores; {@code "weighted"}:
 * class scores weighted by each class's (weighted) number of true labels), {@code beta} (default 1,
 * positive), {@code threshold} (default null, else in (0, 1]), {@code name} (default
 * {@code "fbeta_score"}).
 */
public class FBetaScore extends Metric {
    private final String average;
    private final double beta;
    private final Double threshold;
    private INDArray truePositives;
    private INDArray falsePositives;
    private INDArray falseNegatives;
    private INDArray support;

    public FBetaScore(String average, double beta, Double threshold, String name) {
        this("FBetaScore", average, beta, threshold, name, "fbeta_score");
    }

    FBetaScore(String className, String average, double beta, Double threshold, String name, String defaultName) {
        super(name == null ? defaultName : name);
        if (average != null && !average.equals("micro") && !average.equals("macro") && !average.equals("weighted")) {
            throw new IllegalArgumentException(className + ": invalid average argument value. Expected one of: "
                    + "{null, 'micro', 'macro', 'weighted'}. Received: average=" + average);
        }
        if (!(beta > 0)) {
            throw new IllegalArgumentException(className + ": beta must be > 0, received beta=" + beta);
        }
        if (threshold != null && !(threshold > 0 && threshold <= 1)) {
            throw new IllegalArgumentException(className + ": threshold must verify 0 < threshold <= 1, received threshold="
                    + threshold);
        }
        this.average = average;
        this.beta = beta;
        this.threshold = threshold;
    }

    /** Builds from a Keras config: {@code average}, {@code beta}, {@code threshold}, {@code name}. */
    public static FBetaScore fromConfig(Config config) {
        config.ignore("dtype");
        return new FBetaScore(config.getString("average", null), config.getDouble("beta", 1.0),
                config.getNullableDouble("threshold", null), config.getString("name", null));
    }

    @Override
    public String className() {
        return "FBetaScore";
    }

    @Override
    public void updateState(INDArray yTrue, INDArray yPred, INDArray sampleWeight) {
        String owner = className() + " '" + name() + "'";
        if (yTrue.rank() != 2 || yPred.rank() != 2) {
            throw new IllegalArgumentException(owner + ": expects 2D inputs with shape (batch_size, output_dim), received "
                    + "y_true.shape=" + Shape.format(yTrue.shape()) + " and y_pred.shape=" + Shape.format(yPred.shape()));
        }
        MetricInputs.checkSameShape(owner, yTrue, yPred);
        if (truePositives == null) {
            long size = "micro".equals(average) ? 1 : yPred.size(1);
            truePositives = Nd4j.zeros(DataType.DOUBLE, size);
            falsePositives = Nd4j.zeros(DataType.DOUBLE, size);
            falseNegatives = Nd4j.zeros(DataType.DOUBLE, size);
            support = Nd4j.zeros(DataType.DOUBLE, size);
        } else if (!"micro".equals(average) && truePositives.length() != yPred.size(1)) {
            throw new IllegalArgumentException(owner + ": was built for " + truePositives.length() + " classes, received y_pred of shape "
                    + Shape.format(yPred.shape()));
        }
        INDArray scores = f64(yPred);
        INDArray predicted;
        if (threshold == null) {
            INDArray isMax = scores.lt(scores.max(true, 1)).castTo(DataType.DOUBLE).rsubi(1.0);
            predicted = isMax.muli(Transforms.abs(scores, true).gt(1e-9).castTo(DataType.DOUBLE));
        } else {
            predicted = scores.gt(threshold).castTo(DataType.DOUBLE);
        }
        INDArray labels = f64(yTrue);
        INDArray w = null;
        if (sampleWeight != null) {
            w = f64(sampleWeight);
            if (w.rank() < 2) {
                w = w.reshape(w.rank() == 0 ? new long[] {1, 1} : new long[] {w.length(), 1});
            }
            MetricInputs.checkBroadcastable(owner, "sample_weight", w, "y_true", labels);
        }
        INDArray missed = predicted.rsub(1.0);
        truePositives.addi(weightedSum(predicted.mul(labels), w));
        falsePositives.addi(weightedSum(predicted.mul(labels.rsub(1.0)), w));
        falseNegatives.addi(weightedSum(missed.muli(labels), w));
        support.addi(weightedSum(labels, w));
    }

    /** Sum over the batch (per class), or over everything for micro averaging. */
    private INDArray weightedSum(INDArray values, INDArray w) {
        INDArray v = w == null ? values : values.mul(w);
        return "micro".equals(average) ? v.sum().reshape(1) : v.sum(0);
    }

    /** One score per class with {@code average=null}; otherwise the single averaged score. */
    @Override
    public double[] resultArray() {
        if (truePositives == null) {
            return new double[] {0.0};
        }
        double b2 = beta * beta;
        INDArray precision = truePositives.div(truePositives.add(falsePositives).addi(EPSILON));
        INDArray recall = truePositives.div(truePositives.add(falseNegatives).addi(EPSILON));
        INDArray score = precision.mul(recall).divi(precision.mul(b2).addi(recall).addi(EPSILON)).muli(1 + b2);
        if ("weighted".equals(average)) {
            INDArray weights = support.div(support.sumNumber().doubleValue() + EPSILON);
            return new double[] {score.mul(weights).sumNumber().doubleValue()};
        }
        if (average != null) {
            return new double[] {score.meanNumber().doubleValue()};
        }
        return score.toDoubleVector();
    }

    /** The averaged score; fails with {@code average=null}, which gives one score per class (use {@link #resultArray}). */
    @Override
    public double result() {
        if (average == null) {
            throw new IllegalStateException(className() + " '" + name() + "' with average=null gives one score per class: "
                    + "read resultArray(), or set average to \"micro\", \"macro\" or \"weighted\"");
        }
        return resultArray()[0];
    }

    @Override
    public void resetState() {
        // Keras keeps the built shape (number of classes) and zeroes the counts.
        if (truePositives != null) {
            truePositives.assign(0);
            falsePositives.assign(0);
            falseNegatives.assign(0);
            support.assign(0);
        }
    }

    public String average() {
        return average;
    }

    public Double threshold() {
        return threshold;
    }

    public double beta() {
        return beta;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("average", average);
        c.put("beta", beta);
        c.put("threshold", threshold);
        return c;
    }
}
