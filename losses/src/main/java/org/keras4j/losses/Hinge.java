package org.keras4j.losses;

import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Hinge loss, as Keras's {@code keras.losses.Hinge}:
 * {@code loss = mean(maximum(1 - y_true * y_pred, 0), axis=-1)}. Labels are expected to be -1 or 1;
 * when every label of the batch is 0 or 1 they are converted to -1 or 1 first, as Keras does.
 *
 * <p>Defaults: {@code reduction=sum_over_batch_size}, {@code name="hinge"}. Registered as
 * {@code Hinge}, {@code hinge}.
 *
 * <pre>{@code
 * Tensor loss = new Hinge().compute(labels, scores, null);
 * }</pre>
 */
public final class Hinge extends Loss {
    static final String DEFAULT_NAME = "hinge";

    public Hinge() {
        this(Reduction.SUM_OVER_BATCH_SIZE, null);
    }

    /** @param name the loss's name; null for {@code "hinge"} */
    public Hinge(Reduction reduction, String name) {
        super(LossSupport.nameOrDefault(name, DEFAULT_NAME), LossSupport.checkReduction("Hinge", reduction));
    }

    /** Rebuilds from a Keras config ({@code name}, {@code reduction}). */
    public static Hinge fromConfig(Config config) {
        return new Hinge(LossSupport.reduction(config), LossSupport.name(config, DEFAULT_NAME));
    }

    @Override
    public Tensor call(INDArray yTrue, Tensor yPred) {
        LossSupport.Aligned a = LossSupport.align(name(), yTrue, yPred);
        Tensor labels = Tensor.constant(LossSupport.hingeLabels(a.yTrue()));
        Tensor margin = Ops.rsubScalar(1.0, Ops.multiply(labels, a.yPred()));
        return Ops.mean(LossSupport.atLeast(margin, 0.0), false, -1);
    }

    @Override
    public String className() {
        return "Hinge";
    }
}
