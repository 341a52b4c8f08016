package org.keras4j.framework.optimizers;

import java.util.Map;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adagrad: per-parameter step sizes shrinking with the sum of past squared gradients (Keras's
 * {@code keras.optimizers.Adagrad}).
 *
 * <pre>
 * accumulator = accumulator + g^2            (starts at initial_accumulator_value)
 * w           = w - lr * g / sqrt(accumulator + epsilon)
 * </pre>
 *
 * <p>Defaults: {@code learning_rate=0.001}, {@code initial_accumulator_value=0.1} (&gt;= 0),
 * {@code epsilon=1e-7}. Slot {@code "accumulator"}.
 *
 * <p>Composed of in-place ND4J ops: libnd4j's {@code ada_grad_updater} computes
 * {@code g / (sqrt(acc) + eps)}, with epsilon outside the square root where Keras has it inside.
 *
 * <pre>{@code
 * Optimizer opt = new Adagrad(0.01);
 * }</pre>
 */
public class Adagrad extends Optimizer {
    private final double initialAccumulatorValue;
    private final double epsilon;

    /** Adagrad with Keras's defaults. */
    public Adagrad() {
        this(0.001);
    }

    public Adagrad(double learningRate) {
        this(learningRate, 0.1, 1e-7);
    }

    public Adagrad(LearningRateSchedule learningRate) {
        this(learningRate, 0.1, 1e-7);
    }

    public Adagrad(double learningRate, double initialAccumulatorValue, double epsilon) {
        this(learningRate, null, initialAccumulatorValue, epsilon);
    }

    public Adagrad(LearningRateSchedule learningRate, double initialAccumulatorValue, double epsilon) {
        this(0, learningRate, initialAccumulatorValue, epsilon);
    }

    private Adagrad(double lr, LearningRateSchedule schedule, double initialAccumulatorValue, double epsilon) {
        super("adagrad", lr, schedule);
        this.initialAccumulatorValue = checkNonNegative("initial_accumulator_value", initialAccumulatorValue);
        this.epsilon = checkNonNegative("epsilon", epsilon);
    }

    @Override
    public String className() {
        return "Adagrad";
    }

    @Override
    protected void update(Variable var, INDArray grad, double lr, long step) {
        INDArray acc = slot(var, "accumulator", initialAccumulatorValue);
        INDArray s = scratch(var, 0);
        square(grad, s);
        axpy(1, s, acc);
        acc.add(epsilon, s);
        Transforms.sqrt(s, false);
        s.rdivi(grad);
        axpy(-lr, s, var.value());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("initial_accumulator_value", initialAccumulatorValue);
        c.put("epsilon", epsilon);
        return c;
    }

    /** Builds an Adagrad from its Keras config. */
    public static Adagrad fromConfig(Config c) {
        return applyBaseConfig(c, new Adagrad(0.001, c.getDouble("initial_accumulator_value", 0.1),
                c.getDouble("epsilon", 1e-7)));
    }
}
