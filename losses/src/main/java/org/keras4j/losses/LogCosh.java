package org.keras4j.losses;

import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Logarithm of the hyperbolic cosine of the error, as Keras's {@code keras.losses.LogCosh}:
 * {@code loss = mean(log(cosh(x)), axis=-1)} with {@code x = y_pred - y_true}. About
 * {@code x^2 / 2} for small errors and {@code |x| - log 2} for large ones.
 *
 * <p>Computed as Keras does, {@code x + softplus(-2x) - log 2}, in the equal form
 * {@code |x| + log1p(exp(-2|x|)) - log 2}, which cannot overflow and has gradient 0 at {@code x = 0}.
 *
 * <p>Defaults: {@code reduction=sum_over_batch_size}, {@code name="log_cosh"}. Registered as
 * {@code LogCosh}, {@code log_cosh}, {@code logcosh}.
 *
 * <pre>{@code
 * Tensor loss = new LogCosh().compute(yTrue, yPred, null);
 * }</pre>
 */
public final class LogCosh extends Loss {
    static final String DEFAULT_NAME = "log_cosh";
    private static final double LOG_2 = Math.log(2.0);

    public LogCosh() {
        this(Reduction.SUM_OVER_BATCH_SIZE, null);
    }

    /** @param name the loss's name; null for {@code "log_cosh"} */
    public LogCosh(Reduction reduction, String name) {
        super(LossSupport.nameOrDefault(name, DEFAULT_NAME), LossSupport.checkReduction("LogCosh", reduction));
    }

    /** Rebuilds from a Keras config ({@code name}, {@code reduction}). */
    public static LogCosh fromConfig(Config config) {
        return new LogCosh(LossSupport.reduction(config), LossSupport.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(INDArray yTrue, Tensor yPred) {
        LossSupport.Aligned a = LossSupport.align(name(), yTrue, yPred);
        Tensor absError = Ops.abs(Ops.subtract(a.yPred(), Tensor.constant(a.yTrue())));
        Tensor tail = Ops.log1p(Ops.exp(Ops.multiplyScalar(absError, -2.0)));
        return Ops.mean(Ops.addScalar(Ops.add(absError, tail), -LOG_2), false, -1);
    }

    @Override
    public String className() {
        return "LogCosh";
    }
}
