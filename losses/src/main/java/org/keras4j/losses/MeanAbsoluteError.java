package org.keras4j.losses;

import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Mean of absolute errors, as Keras's {@code keras.losses.MeanAbsoluteError}:
 * {@code loss = mean(abs(y_true - y_pred), axis=-1)}, one value per sample.
 *
 * <p>Defaults: {@code reduction=sum_over_batch_size}, {@code name="mean_absolute_error"}. Registered
 * as {@code MeanAbsoluteError}, {@code mean_absolute_error}, {@code mae}.
 *
 * <pre>{@code
 * Tensor loss = new MeanAbsoluteError().compute(yTrue, yPred, null);
 * }</pre>
 */
public final class MeanAbsoluteError extends Loss {
    static final String DEFAULT_NAME = "mean_absolute_error";

    public MeanAbsoluteError() {
        this(Reduction.SUM_OVER_BATCH_SIZE, null);
    }

    /** @param name the loss's name; null for {@code "mean_absolute_error"} */
    public MeanAbsoluteError(Reduction reduction, String name) {
        super(LossSupport.nameOrDefault(name, DEFAULT_NAME), LossSupport.checkReduction("MeanAbsoluteError", reduction));
    }

    /** Rebuilds from a Keras config ({@code name}, {@code reduction}). */
    public static MeanAbsoluteError fromConfig(Config config) {
        return new MeanAbsoluteError(LossSupport.reduction(config), LossSupport.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(INDArray yTrue, Tensor yPred) {
        LossSupport.Aligned a = LossSupport.align(name(), yTrue, yPred);
        return Ops.mean(Ops.abs(Ops.subtract(a.yPred(), Tensor.constant(a.yTrue()))), false, -1);
    }

    @Override
    public String className() {
        return "MeanAbsoluteError";
    }
}
