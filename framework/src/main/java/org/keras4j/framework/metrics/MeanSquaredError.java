package org.keras4j.framework.metrics;

import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The weighted mean of squared errors, as Keras's {@code keras.metrics.MeanSquaredError}: each
 * sample contributes {@code mean(square(y_true - y_pred), axis=-1)} (so rank-1 inputs of shape
 * {@code (batch,)} make one value per batch, exactly as in Keras; use {@code (batch, 1)} for one
 * value per sample). Labels {@code (batch,)} align with predictions {@code (batch, 1)}.
 * Default name {@code "mean_squared_error"}; the compile string {@code "mse"} names it {@code "mse"}.
 */
public final class MeanSquaredError extends MeanMetricWrapper {

    public MeanSquaredError() {
        this(null);
    }

    public MeanSquaredError(String name) {
        super(name, "mean_squared_error");
    }

    /** Builds from a Keras config: {@code name} ({@code dtype} is accepted and ignored). */
    public static MeanSquaredError fromConfig(Config config) {
        config.ignore("dtype");
        return new MeanSquaredError(config.getString("name", null));
    }

    @Override
    public String className() {
        return "MeanSquaredError";
    }

    @Override
    protected INDArray values(INDArray yTrue, INDArray yPred) {
        INDArray diff = errors(className() + " '" + name() + "'", yTrue, yPred);
        return diff.muli(diff).mean(diff.rank() - 1);
    }

    /** {@code y_pred - y_true} in float64 after aligning ranks as Keras does (a fresh array). */
    static INDArray errors(String owner, INDArray yTrue, INDArray yPred) {
        INDArray[] a = MetricInputs.squeezeOrExpand(MetricInputs.f64(yTrue), MetricInputs.f64(yPred), true);
        MetricInputs.checkBroadcastable(owner, "y_true", a[0], "y_pred", a[1]);
        return a[1].sub(a[0]);
    }
}
