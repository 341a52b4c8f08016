package org.keras4j.framework.optimizers;

import java.util.Map;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdaDeltaUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adadelta: step sizes from running averages of squared gradients and squared updates (Keras's
 * {@code keras.optimizers.Adadelta}, Zeiler 2012).
 *
 * <pre>
 * acc_grad  = rho * acc_grad + (1 - rho) * g^2
 * delta     = -sqrt(acc_delta + epsilon) * g / sqrt(acc_grad + epsilon)
 * acc_delta = rho * acc_delta + (1 - rho) * delta^2
 * w         = w + lr * delta
 * </pre>
 *
 * <p>Defaults: {@code learning_rate=0.001} (the paper's form is 1.0), {@code rho=0.95} (in [0, 1]),
 * {@code epsilon=1e-7}. Slots {@code "accumulated_grad"} and {@code "accumulated_delta_var"}.
 *
 * <p>Each step is libnd4j's {@code ada_delta_updater}, which computes exactly {@code -delta} and
 * both accumulators, then one axpy for the learning rate.
 *
 * <pre>{@code
 * Optimizer opt = new Adadelta(1.0);
 * }</pre>
 */
public class Adadelta extends Optimizer {
    private final double rho;
    private final double epsilon;

    /** Adadelta with Keras's defaults. */
    public Adadelta() {
        this(0.001);
    }

    public Adadelta(double learningRate) {
        this(learningRate, 0.95, 1e-7);
    }

    public Adadelta(LearningRateSchedule learningRate) {
        this(learningRate, 0.95, 1e-7);
    }

    public Adadelta(double learningRate, double rho, double epsilon) {
        this(learningRate, null, rho, epsilon);
    }

    public Adadelta(LearningRateSchedule learningRate, double rho, double epsilon) {
        this(0, learningRate, rho, epsilon);
    }

    private Adadelta(double lr, LearningRateSchedule schedule, double rho, double epsilon) {
        super("adadelta", lr, schedule);
        this.rho = checkRange("rho", rho, 0, 1, false);
        this.epsilon = checkNonNegative("epsilon", epsilon);
    }

    @Override
    public String className() {
        return "Adadelta";
    }

    @Override
    protected void update(Variable var, INDArray grad, double lr, long step) {
        INDArray accGrad = slot(var, "accumulated_grad");
        INDArray accDelta = slot(var, "accumulated_delta_var");
        INDArray negDelta = scratch(var, 0);
        Nd4j.exec(new AdaDeltaUpdater(grad, accGrad, accDelta, negDelta, accGrad, accDelta, rho, epsilon));
        axpy(-lr, negDelta, var.value());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rho", rho);
        c.put("epsilon", epsilon);
        return c;
    }

    /** Builds an Adadelta from its Keras config. */
    public static Adadelta fromConfig(Config c) {
        return applyBaseConfig(c, new Adadelta(0.001, c.getDouble("rho", 0.95), c.getDouble("epsilon", 1e-7)));
    }
}
