package org.keras4j.framework.optimizers;

import java.util.Map;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * RMSprop: divides the gradient by a running root mean square of recent gradients (Keras's
 * {@code keras.optimizers.RMSprop}).
 *
 * <pre>
 * velocity = rho * velocity + (1 - rho) * g^2
 * avg      = rho * avg + (1 - rho) * g                                (centered only)
 * denom    = velocity - avg^2 + epsilon   (centered)   or   velocity + epsilon
 * inc      = lr * g / sqrt(denom)
 * mom      = momentum * mom + inc;  w = w - mom                        (momentum &gt; 0)
 * w        = w - inc                                                 (momentum == 0)
 * </pre>
 *
 * <p>Defaults: {@code learning_rate=0.001}, {@code rho=0.9}, {@code momentum=0.0} (both in [0, 1]),
 * {@code epsilon=1e-7}, {@code centered=false}. Slots {@code "velocity"}, {@code "momentum"} (when
 * momentum &gt; 0) and {@code "average_gradient"} (when centered).
 *
 * <p>Composed of in-place ND4J ops: libnd4j's {@code rms_prop_updater} adds epsilon outside the
 * square root ({@code sqrt(v) + eps}) where Keras adds it inside, and has no momentum or centering.
 *
 * <pre>{@code
 * Optimizer opt = new RMSprop(0.001, 0.9, 0.0, 1e-7, true);
 * }</pre>
 */
public class RMSprop extends Optimizer {
    private final double rho;
    private final double momentum;
    private final double epsilon;
    private final boolean centered;

    /** RMSprop with Keras's defaults. */
    public RMSprop() {
        this(0.001);
    }

    public RMSprop(double learningRate) {
        this(learningRate, 0.9, 0.0, 1e-7, false);
    }

    public RMSprop(LearningRateSchedule learningRate) {
        this(learningRate, 0.9, 0.0, 1e-7, false);
    }

    public RMSprop(double learningRate, double rho, double momentum, double epsilon, boolean centered) {
        this(learningRate, null, rho, momentum, epsilon, centered);
    }

    public RMSprop(LearningRateSchedule learningRate, double rho, double momentum, double epsilon, boolean centered) {
        this(0, learningRate, rho, momentum, epsilon, centered);
    }

    private RMSprop(double lr, LearningRateSchedule schedule, double rho, double momentum, double epsilon, boolean centered) {
        super("rmsprop", lr, schedule);
        this.rho = checkRange("rho", rho, 0, 1, false);
        this.momentum = checkRange("momentum", momentum, 0, 1, false);
        this.epsilon = checkNonNegative("epsilon", epsilon);
        this.centered = centered;
    }

    @Override
    public String className() {
        return "RMSprop";
    }

    @Override
    protected void update(Variable var, INDArray grad, double lr, long step) {
        INDArray velocity = slot(var, "velocity");
        INDArray mom = momentum > 0 ? slot(var, "momentum") : null;
        INDArray avg = centered ? slot(var, "average_gradient") : null;
        INDArray s = scratch(var, 0);

        square(grad, s);
        velocity.muli(rho);
        axpy(1 - rho, s, velocity);
        if (centered) {
            avg.muli(rho);
            axpy(1 - rho, grad, avg);
            avg.mul(avg, s);
            s.rsubi(velocity).addi(epsilon);
        } else {
            velocity.add(epsilon, s);
        }
        Transforms.sqrt(s, false);
        s.rdivi(grad); // g / sqrt(denom); lr is applied by the axpy below
        if (mom != null) {
            mom.muli(momentum);
            axpy(lr, s, mom);
            axpy(-1, mom, var.value());
        } else {
            axpy(-lr, s, var.value());
        }
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rho", rho);
        c.put("momentum", momentum);
        c.put("epsilon", epsilon);
        c.put("centered", centered);
        return c;
    }

    /** Builds an RMSprop from its Keras config. */
    public static RMSprop fromConfig(Config c) {
        return applyBaseConfig(c, new RMSprop(0.001, c.getDouble("rho", 0.9), c.getDouble("momentum", 0.0),
                c.getDouble("epsilon", 1e-7), c.getBoolean("centered", false)));
    }
}
