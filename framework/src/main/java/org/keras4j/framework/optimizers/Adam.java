package org.keras4j.framework.optimizers;

import java.util.Map;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.api.ops.impl.updaters.AmsGradUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Adam: adaptive estimates of the gradient's first and second moments (Keras's {@code keras.optimizers.Adam}).
 *
 * <pre>
 * t     = iterations + 1
 * m     = m + (g - m) * (1 - beta_1)
 * v     = v + (g^2 - v) * (1 - beta_2)
 * v_hat = max(v_hat, v);  v = v_hat                      (amsgrad only)
 * w     = w - lr * sqrt(1 - beta_2^t) / (1 - beta_1^t) * m / (sqrt(v) + epsilon)
 * </pre>
 *
 * <p>Defaults: {@code learning_rate=0.001}, {@code beta_1=0.9}, {@code beta_2=0.999} (both in [0, 1)),
 * {@code epsilon=1e-7}, {@code amsgrad=false}. Slots {@code "momentum"}, {@code "velocity"} and,
 * with amsgrad, {@code "velocity_hat"}.
 *
 * <p>Each step folds the bias correction into the step size and keeps epsilon outside the square
 * root, as Keras does. Dense float32 weights on the CPU are updated by {@link HostAdam} (several times
 * faster here); other arrays, and amsgrad, by libnd4j's {@code adam_updater} ({@code ams_grad_updater})
 * and one subtraction.
 *
 * <pre>{@code
 * Optimizer opt = new Adam(3e-4);
 * }</pre>
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final boolean amsgrad;
    /** Holds the moments of the weights it updates between steps (see {@link #syncSlots}). */
    private final HostAdam hostKernel = new HostAdam();

    /** Adam with Keras's defaults. */
    public Adam() {
        this(0.001);
    }

    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7, false);
    }

    public Adam(LearningRateSchedule learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7, false);
    }

    public Adam(double learningRate, double beta1, double beta2, double epsilon, boolean amsgrad) {
        this("adam", learningRate, null, beta1, beta2, epsilon, amsgrad);
    }

    public Adam(LearningRateSchedule learningRate, double beta1, double beta2, double epsilon, boolean amsgrad) {
        this("adam", 0, learningRate, beta1, beta2, epsilon, amsgrad);
    }

    /** For subclasses (AdamW): {@code schedule} wins over {@code lr} when not null. */
    protected Adam(String name, double lr, LearningRateSchedule schedule, double beta1, double beta2, double epsilon,
            boolean amsgrad) {
        super(name, lr, schedule);
        this.beta1 = checkRange("beta_1", beta1, 0, 1, true);
        this.beta2 = checkRange("beta_2", beta2, 0, 1, true);
        this.epsilon = checkNonNegative("epsilon", epsilon);
        this.amsgrad = amsgrad;
    }

    @Override
    public String className() {
        return "Adam";
    }

    @Override
    protected void update(Variable var, INDArray grad, double lr, long step) {
        INDArray m = slot(var, "momentum");
        INDArray v = slot(var, "velocity");
        int iteration = (int) Math.min(step - 1, Integer.MAX_VALUE - 1);
        if (!amsgrad && hostKernel.supports(var, grad, var.value(), m, v)) {
            double t = (double) iteration + 1;
            double stepSize = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
            hostKernel.update(var, grad, var.value(), m, v, stepSize, beta1, beta2, epsilon);
            return;
        }
        if (hostKernel.holds(var)) {
            hostKernel.writeBack(); // this variable's moments left the host path: the slots must be current
        }
        INDArray delta = scratch(var, 0);
        if (amsgrad) {
            INDArray vHat = slot(var, "velocity_hat");
            Nd4j.exec(new AmsGradUpdater(grad, v, m, vHat, delta, v, m, vHat, lr, beta1, beta2, epsilon, iteration));
        } else {
            Nd4j.exec(new AdamUpdater(grad, v, m, delta, v, m, lr, beta1, beta2, epsilon, iteration));
        }
        // The native op replaces a zero step size by epsilon; Keras moves nothing when lr is 0.
        if (lr != 0) {
            axpy(-1, delta, var.value());
        }
    }

    @Override
    protected void syncSlots() {
        hostKernel.writeBack();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        c.put("amsgrad", amsgrad);
        return c;
    }

    /** Builds an Adam from its Keras config. */
    public static Adam fromConfig(Config c) {
        return applyBaseConfig(c, new Adam(0.001, c.getDouble("beta_1", 0.9), c.getDouble("beta_2", 0.999),
                c.getDouble("epsilon", 1e-7), c.getBoolean("amsgrad", false)));
    }
}
