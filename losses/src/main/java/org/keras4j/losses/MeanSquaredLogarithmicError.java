package org.keras4j.losses;

import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Mean squared logarithmic error, as Keras's {@code keras.losses.MeanSquaredLogarithmicError}:
 * {@code loss = mean(square(log(max(y_pred, eps) + 1) - log(max(y_true, eps) + 1)), axis=-1)} with
 * {@code eps = 1e-7}: values at or below zero count as {@code eps}.
 *
 * <p>Defaults: {@code reduction=sum_over_batch_size}, {@code name="mean_squared_logarithmic_error"}.
 * Registered as {@code MeanSquaredLogarithmicError}, {@code mean_squared_logarithmic_error},
 * {@code msle}.
 *
 * <pre>{@code
 * Tensor loss = new MeanSquaredLogarithmicError().compute(yTrue, yPred, null);
 * }</pre>
 */
public final class MeanSquaredLogarithmicError extends Loss {
    static final String DEFAULT_NAME = "mean_squared_logarithmic_error";

    public MeanSquaredLogarithmicError() {
        this(Reduction.SUM_OVER_BATCH_SIZE, null);
    }

    /** @param name the loss's name; null for {@code "mean_squared_logarithmic_error"} */
    public MeanSquaredLogarithmicError(Reduction reduction, String name) {
        super(LossSupport.nameOrDefault(name, DEFAULT_NAME),
                LossSupport.checkReduction("MeanSquaredLogarithmicError", reduction));
    }

    /** Rebuilds from a Keras config ({@code name}, {@code reduction}). */
    public static MeanSquaredLogarithmicError fromConfig(Config config) {
        return new MeanSquaredLogarithmicError(LossSupport.reduction(config), LossSupport.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(INDArray yTrue, Tensor yPred) {
        LossSupport.Aligned a = LossSupport.align(name(), yTrue, yPred);
        Tensor predLog = Ops.log1p(LossSupport.atLeast(a.yPred(), LossSupport.EPSILON));
        INDArray trueLog = Transforms.log1p(Transforms.max(a.yTrue(), LossSupport.EPSILON, true), false);
        return Ops.mean(Ops.square(Ops.subtract(predLog, Tensor.constant(trueLog))), false, -1);
    }

    @Override
    public String className() {
        return "MeanSquaredLogarithmicError";
    }
}
