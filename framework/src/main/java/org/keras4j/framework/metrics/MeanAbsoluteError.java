package org.keras4j.framework.metrics;

import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The weighted mean of absolute errors, as Keras's {@code keras.metrics.MeanAbsoluteError}: each
 * sample contributes {@code mean(abs(y_true - y_pred), axis=-1)} (rank-1 inputs make one value
 * per batch, as in Keras). Default name {@code "mean_absolute_error"}; the compile string
 * {@code "mae"} names it {@code "mae"}.
 */
public final class MeanAbsoluteError extends MeanMetricWrapper {

    public MeanAbsoluteError() {
        this(null);
    }

    public MeanAbsoluteError(String name) {
        super(name, "mean_absolute_error");
    }

    /** Builds from a Keras config: {@code name} ({@code dtype} is accepted and ignored). */
    public static MeanAbsoluteError fromConfig(Config config) {
        config.ignore("dtype");
        return new MeanAbsoluteError(config.getString("name", null));
    }

    @Override
    public String className() {
        return "MeanAbsoluteError";
    }

    @Override
    protected INDArray values(INDArray yTrue, INDArray yPred) {
        INDArray diff = MeanSquaredError.errors(className() + " '" + name() + "'", yTrue, yPred);
        return Transforms.abs(diff, false).mean(diff.rank() - 1);
    }
}
