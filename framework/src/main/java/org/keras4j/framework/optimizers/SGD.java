package org.keras4j.framework.optimizers;

import java.util.Map;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.NesterovsUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Gradient descent, optionally with momentum or Nesterov momentum (Keras's {@code keras.optimizers.SGD}).
 *
 * <pre>
 * momentum == 0:   w = w - lr * g
 * momentum  > 0:   velocity = momentum * velocity - lr * g
 *                  w = w + velocity                              (nesterov=false)
 *                  w = w + momentum * velocity - lr * g          (nesterov=true)
 * </pre>
 *
 * <p>Defaults: {@code learning_rate=0.01}, {@code momentum=0.0} (in [0, 1]), {@code nesterov=false};
 * slot {@code "momentum"} only when momentum is not 0.
 *
 * <p>Plain steps are one native axpy ({@code w += -lr * g}); Nesterov steps use libnd4j's
 * {@code nesterovs_updater}, whose update {@code momentum * v_old - (1 + momentum) * v} is
 * algebraically Keras's {@code -(momentum * v - lr * g)}. Plain momentum has no native op and is
 * two in-place ops on the velocity plus one add.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(0.1, 0.9, true);
 * }</pre>
 */
public class SGD extends Optimizer {
    private final double momentum;
    private final boolean nesterov;

    /** SGD with {@code learning_rate=0.01}, no momentum. */
    public SGD() {
        this(0.01);
    }

    public SGD(double learningRate) {
        this(learningRate, 0.0, false);
    }

    public SGD(LearningRateSchedule learningRate) {
        this(learningRate, 0.0, false);
    }

    public SGD(double learningRate, double momentum, boolean nesterov) {
        this(learningRate, null, momentum, nesterov);
    }

    public SGD(LearningRateSchedule learningRate, double momentum, boolean nesterov) {
        this(0, learningRate, momentum, nesterov);
    }

    private SGD(double lr, LearningRateSchedule schedule, double momentum, boolean nesterov) {
        super("SGD", lr, schedule);
        this.momentum = checkRange("momentum", momentum, 0, 1, false);
        this.nesterov = nesterov;
    }

    @Override
    public String className() {
        return "SGD";
    }

    @Override
    protected void update(Variable var, INDArray grad, double lr, long step) {
        INDArray w = var.value();
        if (momentum == 0) {
            axpy(-lr, grad, w);
            return;
        }
        INDArray velocity = slot(var, "momentum");
        if (nesterov) {
            INDArray delta = scratch(var, 0);
            Nd4j.exec(new NesterovsUpdater(grad, velocity, delta, velocity, lr, momentum));
            axpy(-1, delta, w);
        } else {
            velocity.muli(momentum);
            axpy(-lr, grad, velocity);
            axpy(1, velocity, w);
        }
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("momentum", momentum);
        c.put("nesterov", nesterov);
        return c;
    }

    /** Builds an SGD from its Keras config. */
    public static SGD fromConfig(Config c) {
        return applyBaseConfig(c, new SGD(0.01, c.getDouble("momentum", 0.0), c.getBoolean("nesterov", false)));
    }
}
