package org.keras4j.losses;

import java.util.Map;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Huber loss, as Keras's {@code keras.losses.Huber}: with {@code x = y_pred - y_true},
 * {@code 0.5 * x^2} where {@code |x| <= delta} and {@code delta * |x| - 0.5 * delta^2} elsewhere,
 * averaged over the last axis (one value per sample). Quadratic near zero, linear for outliers.
 *
 * <p>Defaults: {@code delta=1.0} (must be positive), {@code reduction=sum_over_batch_size},
 * {@code name="huber_loss"} (Keras's default name). Registered as {@code Huber}, {@code huber}.
 *
 * <pre>{@code
 * Loss loss = new Huber(0.5);
 * }</pre>
 */
public final class Huber extends Loss {
    static final String DEFAULT_NAME = "huber_loss";

    private final double delta;

    public Huber() {
        this(1.0);
    }

    public Huber(double delta) {
        this(delta, Reduction.SUM_OVER_BATCH_SIZE, null);
    }

    /** @param name the loss's name; null for {@code "huber_loss"} */
    public Huber(double delta, Reduction reduction, String name) {
        super(LossSupport.nameOrDefault(name, DEFAULT_NAME), LossSupport.checkReduction("Huber", reduction));
        if (!(delta > 0) || Double.isInfinite(delta)) {
            throw new IllegalArgumentException("Huber: delta must be a positive number, received delta=" + delta);
        }
        this.delta = delta;
    }

    /** Rebuilds from a Keras config ({@code name}, {@code reduction}, {@code delta}). */
    public static Huber fromConfig(Config config) {
        return new Huber(config.getDouble("delta", 1.0), LossSupport.reduction(config), LossSupport.name(config, DEFAULT_NAME));
    }

    public double delta() {
        return delta;
    }

    @Override
    public Tensor call(INDArray yTrue, Tensor yPred) {
        LossSupport.Aligned a = LossSupport.align(name(), yTrue, yPred);
        Tensor error = Ops.subtract(a.yPred(), Tensor.constant(a.yTrue()));
        Tensor absError = Ops.abs(error);
        Tensor quadratic = Ops.multiplyScalar(Ops.square(error), 0.5);
        Tensor linear = Ops.addScalar(Ops.multiplyScalar(absError, delta), -0.5 * delta * delta);
        return Ops.mean(Ops.where(absError.value().lte(delta), quadratic, linear), false, -1);
    }

    @Override
    public String className() {
        return "Huber";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("delta", delta);
        return c;
    }
}
