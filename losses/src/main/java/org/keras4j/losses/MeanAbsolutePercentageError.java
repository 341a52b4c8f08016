package org.keras4j.losses;

import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Mean absolute percentage error, as Keras's {@code keras.losses.MeanAbsolutePercentageError}:
 * {@code loss = 100 * mean(abs((y_true - y_pred) / max(abs(y_true), epsilon)), axis=-1)} with
 * {@code epsilon = 1e-7}, so a zero target does not divide by zero.
 *
 * <p>Defaults: {@code reduction=sum_over_batch_size}, {@code name="mean_absolute_percentage_error"}.
 * Registered as {@code MeanAbsolutePercentageError}, {@code mean_absolute_percentage_error},
 * {@code mape}.
 *
 * <pre>{@code
 * Tensor loss = new MeanAbsolutePercentageError().compute(yTrue, yPred, null);
 * }</pre>
 */
public final class MeanAbsolutePercentageError extends Loss {
    static final String DEFAULT_NAME = "mean_absolute_percentage_error";

    public MeanAbsolutePercentageError() {
        this(Reduction.SUM_OVER_BATCH_SIZE, null);
    }

    /** @param name the loss's name; null for {@code "mean_absolute_percentage_error"} */
    public MeanAbsolutePercentageError(Reduction reduction, String name) {
        super(LossSupport.nameOrDefault(name, DEFAULT_NAME),
                LossSupport.checkReduction("MeanAbsolutePercentageError", reduction));
    }

    /** Rebuilds from a Keras config ({@code name}, {@code reduction}). */
    public static MeanAbsolutePercentageError fromConfig(Config config) {
        return new MeanAbsolutePercentageError(LossSupport.reduction(config), LossSupport.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(INDArray yTrue, Tensor yPred) {
        LossSupport.Aligned a = LossSupport.align(name(), yTrue, yPred);
        INDArray denominator = Transforms.max(Transforms.abs(a.yTrue(), true), LossSupport.EPSILON, false);
        Tensor relative = Ops.divide(Ops.subtract(Tensor.constant(a.yTrue()), a.yPred()), Tensor.constant(denominator));
        return Ops.multiplyScalar(Ops.mean(Ops.abs(relative), false, -1), 100.0);
    }

    @Override
    public String className() {
        return "MeanAbsolutePercentageError";
    }
}
