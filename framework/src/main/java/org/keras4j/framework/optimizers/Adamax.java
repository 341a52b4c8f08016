package org.keras4j.framework.optimizers;

import java.util.Map;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.Max;
import org.nd4j.linalg.api.ops.impl.transforms.same.Abs;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adamax: Adam with the infinity norm in place of the second moment (Keras's
 * {@code keras.optimizers.Adamax}, Kingma and Ba 2014, section 7.1).
 *
 * <pre>
 * t = iterations + 1
 * m = m + (g - m) * (1 - beta_1)
 * u = max(beta_2 * u, |g|)
 * w = w - lr * m / ((1 - beta_1^t) * (u + epsilon))
 * </pre>
 *
 * <p>Defaults: {@code learning_rate=0.001}, {@code beta_1=0.9} (in [0, 1)), {@code beta_2=0.999}
 * (in [0, 1]), {@code epsilon=1e-7}. Slots {@code "momentum"} and {@code "norm"}.
 *
 * <p>Composed of in-place ND4J ops: libnd4j's {@code ada_max_updater} has no epsilon in the
 * denominator (it adds 1e-32 to {@code u} instead), which changes the step whenever {@code u} is small.
 *
 * <pre>{@code
 * Optimizer opt = new Adamax(0.002);
 * }</pre>
 */
public class Adamax extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;

    /** Adamax with Keras's defaults. */
    public Adamax() {
        this(0.001);
    }

    public Adamax(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
    }

    public Adamax(LearningRateSchedule learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
    }

    public Adamax(double learningRate, double beta1, double beta2, double epsilon) {
        this(learningRate, null, beta1, beta2, epsilon);
    }

    public Adamax(LearningRateSchedule learningRate, double beta1, double beta2, double epsilon) {
        this(0, learningRate, beta1, beta2, epsilon);
    }

    private Adamax(double lr, LearningRateSchedule schedule, double beta1, double beta2, double epsilon) {
        super("adamax", lr, schedule);
        this.beta1 = checkRange("beta_1", beta1, 0, 1, true);
        this.beta2 = checkRange("beta_2", beta2, 0, 1, false);
        this.epsilon = checkNonNegative("epsilon", epsilon);
    }

    @Override
    public String className() {
        return "Adamax";
    }

    @Override
    protected void update(Variable var, INDArray grad, double lr, long step) {
        INDArray m = slot(var, "momentum");
        INDArray u = slot(var, "norm");
        INDArray s = scratch(var, 0);
        axpy(-1, m, grad, s); // s = g - m
        axpy(1 - beta1, s, m);
        u.muli(beta2);
        Nd4j.exec(new Abs(grad, s));
        Nd4j.exec(new Max(u, s, u));
        u.add(epsilon, s);
        s.rdivi(m);
        axpy(-lr / (1 - Math.pow(beta1, step)), s, var.value());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        return c;
    }

    /** Builds an Adamax from its Keras config. */
    public static Adamax fromConfig(Config c) {
        return applyBaseConfig(c, new Adamax(0.001, c.getDouble("beta_1", 0.9), c.getDouble("beta_2", 0.999),
                c.getDouble("epsilon", 1e-7)));
    }
}
