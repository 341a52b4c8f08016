package org.keras4j.losses;

import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mean of squared errors, as Keras's {@code keras.losses.MeanSquaredError}:
 * {@code loss = mean(square(y_true - y_pred), axis=-1)}, one value per sample.
 *
 * <p>Defaults: {@code reduction=sum_over_batch_size}, {@code name="mean_squared_error"}. Registered
 * as {@code MeanSquaredError}, {@code mean_squared_error}, {@code mse}.
 *
 * <pre>{@code
 * Tensor loss = new MeanSquaredError().compute(yTrue, yPred, null);
 * }</pre>
 */
public final class MeanSquaredError extends Loss {
    static final String DEFAULT_NAME = "mean_squared_error";

    public MeanSquaredError() {
        this(Reduction.SUM_OVER_BATCH_SIZE, null);
    }

    /** @param name the loss's name; null for {@code "mean_squared_error"} */
    public MeanSquaredError(Reduction reduction, String name) {
        super(LossSupport.nameOrDefault(name, DEFAULT_NAME), LossSupport.checkReduction("MeanSquaredError", reduction));
    }

    /** Rebuilds from a Keras config ({@code name}, {@code reduction}). */
    public static MeanSquaredError fromConfig(Config config) {
        return new MeanSquaredError(LossSupport.reduction(config), LossSupport.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(INDArray yTrue, Tensor yPred) {
        LossSupport.Aligned a = LossSupport.align(name(), yTrue, yPred);
        return Ops.mean(Ops.square(Ops.subtract(a.yPred(), Tensor.constant(a.yTrue()))), false, -1);
    }

    @Override
    public String className() {
        return "MeanSquaredError";
    }
}
