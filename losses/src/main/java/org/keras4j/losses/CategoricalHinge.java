package org.keras4j.losses;

import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Categorical hinge loss, as Keras's {@code keras.losses.CategoricalHinge}:
 * {@code loss = maximum(neg - pos + 1, 0)} with {@code pos = sum(y_true * y_pred, axis=-1)} and
 * {@code neg = max((1 - y_true) * y_pred, axis=-1)}: the score of the true class must beat the best
 * other score by a margin of 1. Labels are one-hot (no 0/1 to -1/1 conversion, as in Keras).
 *
 * <p>Defaults: {@code reduction=sum_over_batch_size}, {@code name="categorical_hinge"}. Registered as
 * {@code CategoricalHinge}, {@code categorical_hinge}.
 *
 * <pre>{@code
 * Tensor loss = new CategoricalHinge().compute(oneHotLabels, scores, null);
 * }</pre>
 */
public final class CategoricalHinge extends Loss {
    static final String DEFAULT_NAME = "categorical_hinge";

    public CategoricalHinge() {
        this(Reduction.SUM_OVER_BATCH_SIZE, null);
    }

    /** @param name the loss's name; null for {@code "categorical_hinge"} */
    public CategoricalHinge(Reduction reduction, String name) {
        super(LossSupport.nameOrDefault(name, DEFAULT_NAME), LossSupport.checkReduction("CategoricalHinge", reduction));
    }

    /** Rebuilds from a Keras config ({@code name}, {@code reduction}). */
    public static CategoricalHinge fromConfig(Config config) {
        return new CategoricalHinge(LossSupport.reduction(config), LossSupport.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(INDArray yTrue, Tensor yPred) {
        LossSupport.Aligned a = LossSupport.align(name(), yTrue, yPred);
        int last = a.yPred().rank() - 1;
        Tensor positive = Ops.sum(Ops.multiply(Tensor.constant(a.yTrue()), a.yPred()), false, last);
        Tensor negative = LossSupport.maxAlong(Ops.multiply(Tensor.constant(a.yTrue().rsub(1.0)), a.yPred()), last);
        return LossSupport.atLeast(Ops.addScalar(Ops.subtract(negative, positive), 1.0), 0.0);
    }

    @Override
    public String className() {
        return "CategoricalHinge";
    }
}
