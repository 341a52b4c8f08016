package org.keras4j.losses;

import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Poisson loss, as Keras's {@code keras.losses.Poisson}:
 * {@code loss = mean(y_pred - y_true * log(y_pred + 1e-7), axis=-1)}, the negative log-likelihood of
 * counts {@code y_true} under a Poisson rate {@code y_pred} (up to a term free of {@code y_pred}).
 *
 * <p>Defaults: {@code reduction=sum_over_batch_size}, {@code name="poisson"}. Registered as
 * {@code Poisson}, {@code poisson}.
 *
 * <pre>{@code
 * Tensor loss = new Poisson().compute(counts, rates, null);
 * }</pre>
 */
public final class Poisson extends Loss {
    static final String DEFAULT_NAME = "poisson";

    public Poisson() {
        this(Reduction.SUM_OVER_BATCH_SIZE, null);
    }

    /** @param name the loss's name; null for {@code "poisson"} */
    public Poisson(Reduction reduction, String name) {
        super(LossSupport.nameOrDefault(name, DEFAULT_NAME), LossSupport.checkReduction("Poisson", reduction));
    }

    /** Rebuilds from a Keras config ({@code name}, {@code reduction}). */
    public static Poisson fromConfig(Config config) {
        return new Poisson(LossSupport.reduction(config), LossSupport.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(INDArray yTrue, Tensor yPred) {
        LossSupport.Aligned a = LossSupport.align(name(), yTrue, yPred);
        Tensor logRate = Ops.log(Ops.addScalar(a.yPred(), LossSupport.EPSILON));
        return Ops.mean(Ops.subtract(a.yPred(), Ops.multiply(Tensor.constant(a.yTrue()), logRate)), false, -1);
    }

    @Override
    public String className() {
        return "Poisson";
    }
}
