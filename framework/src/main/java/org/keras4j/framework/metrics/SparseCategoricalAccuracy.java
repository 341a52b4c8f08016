package org.keras4j.framework.metrics;

import static org.keras4j.framework.metrics.MetricInputs.f64;

import java.util.Arrays;
import org.keras4j.framework.backend.HostFloats;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * How often the predicted class matches integer labels, as Keras's
 * {@code keras.metrics.SparseCategoricalAccuracy}: the weighted mean of
 * {@code y_true == argmax(y_pred, -1)}. Labels are class indices of any numeric type, shaped
 * {@code (batch,)} or {@code (batch, 1)} (generally y_pred's shape without, or with a size-1,
 * class axis). On ties the first class index wins. Default name {@code "sparse_categorical_accuracy"}.
 */
public final class SparseCategoricalAccuracy extends MeanMetricWrapper {

    public SparseCategoricalAccuracy() {
        this(null);
    }

    public SparseCategoricalAccuracy(String name) {
        super(name, "sparse_categorical_accuracy");
    }

    /** Builds from a Keras config: {@code name} ({@code dtype} is accepted and ignored). */
    public static SparseCategoricalAccuracy fromConfig(Config config) {
        config.ignore("dtype");
        return new SparseCategoricalAccuracy(config.getString("name", null));
    }

    @Override
    public String className() {
        return "SparseCategoricalAccuracy";
    }

    /**
     * Unweighted float32 batches of {@code (batch, classes)} predictions with labels {@code (batch,)}
     * or {@code (batch, 1)} are counted on the host straight into the running mean: no per-sample
     * array, no libnd4j call. Anything else, including shapes that do not fit, takes the general path.
     */
    @Override
    public void updateState(INDArray yTrue, INDArray yPred, INDArray sampleWeight) {
        if (sampleWeight != null || !countsOnHost(yTrue, yPred)) {
            super.updateState(yTrue, yPred, sampleWeight);
            return;
        }
        int rows = (int) yPred.size(0);
        addUnweighted(correct(HostFloats.read(yPred), HostFloats.toDoubles(yTrue), rows, (int) yPred.size(1)), rows);
    }

    private static boolean countsOnHost(INDArray yTrue, INDArray yPred) {
        long[] p = yPred.shape();
        long[] t = yTrue.shape();
        return p.length == 2 && (t.length == 1 || (t.length == 2 && t[1] == 1)) && t[0] == p[0] && HostFloats.isSmallDense(yPred);
    }

    /** How many rows have their first largest score at their label. */
    private static double correct(float[] p, double[] truth, int rows, int classes) {
        double sum = 0;
        for (double h : hits(p, truth, rows, classes)) {
            sum += h;
        }
        return sum;
    }

    @Override
    protected INDArray values(INDArray yTrue, INDArray yPred) {
        INDArray labels = labelsOfShape(className() + " '" + name() + "'", yTrue, yPred);
        if (HostFloats.isSmallDense(yPred)) {
            return hostValues(labels, yPred);
        }
        INDArray predClass = f64(yPred).argMax(yPred.rank() - 1).castTo(DataType.DOUBLE);
        return f64(labels).eq(predClass).castTo(DataType.DOUBLE);
    }

    /**
     * The same on the host, for a batch's worth of float32 predictions: one copy of each input and
     * one pass, where the native formulation costs six libnd4j calls (casts, argmax, compare), each
     * mostly call overhead at this size.
     */
    private static INDArray hostValues(INDArray labels, INDArray yPred) {
        int classes = (int) yPred.size(-1);
        int rows = (int) (yPred.length() / classes);
        double[] hit = hits(HostFloats.read(yPred), HostFloats.toDoubles(labels), rows, classes);
        return Nd4j.createFromArray(hit).reshape(labels.shape());
    }

    /** 1 where a row's first largest score is at its label, else 0; a method of its own so the JIT compiles it alone. */
    private static double[] hits(float[] p, double[] truth, int rows, int classes) {
        double[] hit = new double[rows];
        for (int r = 0; r < rows; r++) {
            int base = r * classes;
            int best = 0;
            for (int k = 1; k < classes; k++) {
                if (p[base + k] > p[base + best]) {
                    best = k;
                }
            }
            hit[r] = truth[r] == best ? 1.0 : 0.0;
        }
        return hit;
    }

    /**
     * Integer labels as float64 shaped like {@code y_pred} without its class axis: a trailing axis
     * of size 1 is dropped, as Keras does for {@code (batch, 1)} labels.
     */
    static INDArray sparseLabels(String owner, INDArray yTrue, INDArray yPred) {
        return f64(labelsOfShape(owner, yTrue, yPred));
    }

    /** The labels, in their own type, shaped like {@code y_pred} without its class axis (or an error saying why not). */
    private static INDArray labelsOfShape(String owner, INDArray yTrue, INDArray yPred) {
        if (yPred.rank() < 2) {
            throw new IllegalArgumentException(owner + ": y_pred must have a class axis, (batch, classes); received "
                    + Shape.format(yPred.shape()));
        }
        INDArray labels = yTrue;
        if (labels.rank() == yPred.rank() && labels.size(-1) == 1) {
            labels = MetricInputs.squeezeLast(labels);
        }
        long[] expected = Arrays.copyOf(yPred.shape(), yPred.rank() - 1);
        if (!Arrays.equals(labels.shape(), expected)) {
            long[] withUnitAxis = yPred.shape().clone();
            withUnitAxis[withUnitAxis.length - 1] = 1;
            throw new IllegalArgumentException(owner + ": expects integer labels of shape " + Shape.format(expected)
                    + " or " + Shape.format(withUnitAxis) + " for y_pred of shape " + Shape.format(yPred.shape())
                    + ", received " + Shape.format(yTrue.shape()));
        }
        return labels;
    }
}
