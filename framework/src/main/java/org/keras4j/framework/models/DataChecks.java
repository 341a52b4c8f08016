package org.keras4j.framework.models;

import java.util.Map;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.BooleanIndexing;
import org.nd4j.linalg.indexing.conditions.Conditions;

/**
 * Checks data as it enters fit/evaluate/predict, so that bad input fails with a message naming the
 * method and the problem instead of a native error deep inside a step.
 */
final class DataChecks {
    private DataChecks() {
    }

    static void batchSize(String method, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException(method + ": batch_size must be >= 1, received batch_size=" + batchSize);
        }
    }

    static void sameSamples(String method, String xName, INDArray x, String yName, INDArray y) {
        if (x == null || y == null) {
            throw new IllegalArgumentException(method + ": " + (x == null ? xName : yName) + " must not be null");
        }
        if (x.rank() == 0 || y.rank() == 0) {
            throw new IllegalArgumentException(method + ": " + xName + " and " + yName
                    + " need a sample axis, received shapes " + Shape.format(x.shape()) + " and " + Shape.format(y.shape()));
        }
        if (x.size(0) != y.size(0)) {
            throw new IllegalArgumentException(method + ": " + xName + " and " + yName + " must have the same number of samples, received "
                    + xName + " with " + x.size(0) + " samples (shape " + Shape.format(x.shape()) + ") and " + yName + " with "
                    + y.size(0) + " samples (shape " + Shape.format(y.shape()) + ")");
        }
        if (x.size(0) == 0) {
            throw new IllegalArgumentException(method + ": received no samples (" + xName + " has shape " + Shape.format(x.shape()) + ")");
        }
    }

    /** Casts inputs to floatx (as Keras converts inputs to the compute dtype) after checking they are finite. */
    static INDArray inputs(String method, INDArray x) {
        if (x == null) {
            throw new IllegalArgumentException(method + ": x must not be null");
        }
        if (x.rank() == 0 || x.size(0) == 0) {
            throw new IllegalArgumentException(method + ": x needs at least one sample, received shape " + Shape.format(x.shape()));
        }
        finite(method, "x", x);
        DataType floatx = Backend.floatx();
        return x.dataType() == floatx ? x : x.castTo(floatx);
    }

    /** Fails on NaN or infinite values, naming the first offending sample. One reduction when the data is clean. */
    static void finite(String method, String name, INDArray a) {
        if (!a.dataType().isFPType() || Double.isFinite(a.sumNumber().doubleValue())) {
            return;
        }
        INDArray bad = a.reshape(a.size(0), a.length() / a.size(0));
        for (long i = 0; i < bad.size(0); i++) {
            INDArray row = bad.getRow(i);
            if (BooleanIndexing.or(row, Conditions.isNan()) || BooleanIndexing.or(row, Conditions.isInfinite())) {
                throw new IllegalArgumentException(method + ": " + name + " contains NaN or infinite values (first in sample "
                        + i + "); training on them would silently produce NaN weights");
            }
        }
    }

    /**
     * Combines {@code sampleWeight} (shape (n,)) and {@code classWeight} (class index to weight)
     * into one weight per sample, or null when neither is given.
     */
    static INDArray sampleWeights(String method, INDArray x, INDArray y, INDArray sampleWeight, Map<Integer, Double> classWeight) {
        INDArray w = null;
        if (sampleWeight != null) {
            if (sampleWeight.length() != x.size(0)) {
                throw new IllegalArgumentException(method + ": sample_weight must have one weight per sample, received shape "
                        + Shape.format(sampleWeight.shape()) + " for " + x.size(0) + " samples");
            }
            w = sampleWeight.reshape(sampleWeight.length()).castTo(Backend.floatx());
        }
        if (classWeight != null && !classWeight.isEmpty()) {
            INDArray classes = y.rank() >= 2 && y.size(-1) > 1
                    ? Nd4j.argMax(y.reshape(y.size(0), y.length() / y.size(0)), 1)
                    : y.reshape(y.size(0));
            int maxClass = classWeight.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            int numClasses = Math.max(maxClass, classes.maxNumber().intValue()) + 1;
            double[] table = new double[numClasses];
            java.util.Arrays.fill(table, 1.0);
            for (Map.Entry<Integer, Double> e : classWeight.entrySet()) {
                if (e.getKey() < 0) {
                    throw new IllegalArgumentException(method + ": class_weight has a negative class index " + e.getKey());
                }
                table[e.getKey()] = e.getValue();
            }
            INDArray oneHot = NnOps.oneHot(classes, numClasses, Backend.floatx(), new long[] {classes.length(), numClasses});
            INDArray cw = oneHot.mmul(Nd4j.createFromArray(table).castTo(Backend.floatx()).reshape(numClasses, 1)).reshape(classes.length());
            w = w == null ? cw : w.mul(cw);
        }
        return w;
    }
}
