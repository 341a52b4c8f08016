package org.keras4j.framework.metrics;

import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The square root of the weighted mean of squared errors over every batch seen, as Keras's
 * {@code keras.metrics.RootMeanSquaredError}: {@code sqrt(sum(w_i * e_i^2) / sum(w_i))}, where the
 * squared errors of a sample are first averaged over its non-batch axes. This is not the mean of
 * per-batch RMSEs. Default name {@code "root_mean_squared_error"}.
 *
 * <pre>{@code
 * var m = new RootMeanSquaredError();
 * m.updateState(Nd4j.createFromArray(new double[][] {{0, 1}, {0, 0}}),
 *               Nd4j.createFromArray(new double[][] {{1, 1}, {0, 0}}), null);   // sqrt(0.25) = 0.5
 * }</pre>
 */
public final class RootMeanSquaredError extends Mean {

    public RootMeanSquaredError() {
        this(null);
    }

    public RootMeanSquaredError(String name) {
        super(name, "root_mean_squared_error");
    }

    /** Builds from a Keras config: {@code name} ({@code dtype} is accepted and ignored). */
    public static RootMeanSquaredError fromConfig(Config config) {
        config.ignore("dtype");
        return new RootMeanSquaredError(config.getString("name", null));
    }

    @Override
    public String className() {
        return "RootMeanSquaredError";
    }

    @Override
    public void updateState(INDArray yTrue, INDArray yPred, INDArray sampleWeight) {
        String owner = className() + " '" + name() + "'";
        MetricInputs.checkBatch(owner, yTrue, yPred);
        INDArray diff = MeanSquaredError.errors(owner, yTrue, yPred);
        updateState(diff.muli(diff), sampleWeight);
    }

    @Override
    public double result() {
        return Math.sqrt(super.result());
    }
}
