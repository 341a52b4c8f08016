package org.keras4j.losses;

import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Kullback-Leibler divergence, as Keras's {@code keras.losses.KLDivergence}:
 * {@code loss = sum(y_true * log(y_true / y_pred), axis=-1)} after clipping both to
 * {@code [1e-7, 1]} (so zero probabilities contribute nothing and never divide by zero).
 * Note the sum, not a mean, over the last axis.
 *
 * <p>Defaults: {@code reduction=sum_over_batch_size}, {@code name="kl_divergence"}. Registered as
 * {@code KLDivergence}, {@code kl_divergence}, {@code kld}, {@code kullback_leibler_divergence}.
 *
 * <pre>{@code
 * Tensor loss = new KLDivergence().compute(targetDistribution, predictedDistribution, null);
 * }</pre>
 */
public final class KLDivergence extends Loss {
    static final String DEFAULT_NAME = "kl_divergence";

    public KLDivergence() {
        this(Reduction.SUM_OVER_BATCH_SIZE, null);
    }

    /** @param name the loss's name; null for {@code "kl_divergence"} */
    public KLDivergence(Reduction reduction, String name) {
        super(LossSupport.nameOrDefault(name, DEFAULT_NAME), LossSupport.checkReduction("KLDivergence", reduction));
    }

    /** Rebuilds from a Keras config ({@code name}, {@code reduction}). */
    public static KLDivergence fromConfig(Config config) {
        return new KLDivergence(LossSupport.reduction(config), LossSupport.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(INDArray yTrue, Tensor yPred) {
        LossSupport.Aligned a = LossSupport.align(name(), yTrue, yPred);
        Tensor target = Tensor.constant(Transforms.min(Transforms.max(a.yTrue(), LossSupport.EPSILON, true), 1.0, false));
        Tensor predicted = Ops.clip(a.yPred(), LossSupport.EPSILON, 1.0);
        return Ops.sum(Ops.multiply(target, Ops.log(Ops.divide(target, predicted))), false, -1);
    }

    @Override
    public String className() {
        return "KLDivergence";
    }
}
