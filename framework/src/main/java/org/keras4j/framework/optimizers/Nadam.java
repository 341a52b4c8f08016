package org.keras4j.framework.optimizers;

import java.util.Map;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Nadam: Adam with Nesterov momentum, in Keras 3's momentum-cache form (Keras's
 * {@code keras.optimizers.Nadam}, Dozat 2015).
 *
 * <pre>
 * t         = iterations + 1
 * u_t       = beta_1 * (1 - 0.5 * 0.96^t)
 * u_prod_t  = u_1 * u_2 * ... * u_t
 * m         = m + (g - m) * (1 - beta_1)
 * v         = v + (g^2 - v) * (1 - beta_2)
 * m_hat     = u_{t+1} * m / (1 - u_prod_t * u_{t+1}) + (1 - u_t) * g / (1 - u_prod_t)
 * v_hat     = v / (1 - beta_2^t)
 * w         = w - lr * m_hat / (sqrt(v_hat) + epsilon)
 * </pre>
 *
 * <p>Defaults: {@code learning_rate=0.001}, {@code beta_1=0.9}, {@code beta_2=0.999} (both in
 * [0, 1)), {@code epsilon=1e-7}. Slots {@code "momentum"} and {@code "velocity"}; Keras's
 * {@code u_product} depends only on the step, so it is recomputed from {@link #iterations()}
 * rather than stored.
 *
 * <p>Composed of in-place ND4J ops: libnd4j's {@code nadam_updater} has neither the momentum cache
 * {@code u_t} nor the bias correction of {@code v}.
 *
 * <pre>{@code
 * Optimizer opt = new Nadam(0.002);
 * }</pre>
 */
public class Nadam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private long uProductStep;
    private double uProduct = 1.0;

    /** Nadam with Keras's defaults. */
    public Nadam() {
        this(0.001);
    }

    public Nadam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
    }

    public Nadam(LearningRateSchedule learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
    }

    public Nadam(double learningRate, double beta1, double beta2, double epsilon) {
        this(learningRate, null, beta1, beta2, epsilon);
    }

    public Nadam(LearningRateSchedule learningRate, double beta1, double beta2, double epsilon) {
        this(0, learningRate, beta1, beta2, epsilon);
    }

    private Nadam(double lr, LearningRateSchedule schedule, double beta1, double beta2, double epsilon) {
        super("nadam", lr, schedule);
        this.beta1 = checkRange("beta_1", beta1, 0, 1, true);
        this.beta2 = checkRange("beta_2", beta2, 0, 1, true);
        this.epsilon = checkNonNegative("epsilon", epsilon);
    }

    @Override
    public String className() {
        return "Nadam";
    }

    private double momentumCache(long t) {
        return beta1 * (1 - 0.5 * Math.pow(0.96, t));
    }

    /** u_1 * ... * u_t, advanced incrementally (recomputed if the step count was reset or restored). */
    private double uProduct(long t) {
        if (t < uProductStep) {
            uProductStep = 0;
            uProduct = 1.0;
        }
        while (uProductStep < t) {
            uProductStep++;
            uProduct *= momentumCache(uProductStep);
        }
        return uProduct;
    }

    @Override
    protected void update(Variable var, INDArray grad, double lr, long step) {
        INDArray m = slot(var, "momentum");
        INDArray v = slot(var, "velocity");
        INDArray s = scratch(var, 0);
        INDArray denom = scratch(var, 1);
        double uT = momentumCache(step);
        double uNext = momentumCache(step + 1);
        double uProd = uProduct(step);
        double uProdNext = uProd * uNext;

        axpy(-1, m, grad, s); // s = g - m
        axpy(1 - beta1, s, m);
        square(grad, s);
        axpy(-1, v, s); // s = g^2 - v
        axpy(1 - beta2, s, v);

        m.mul(uNext / (1 - uProdNext), s);
        axpy((1 - uT) / (1 - uProd), grad, s); // s = m_hat
        v.div(1 - Math.pow(beta2, step), denom);
        Transforms.sqrt(denom, false).addi(epsilon);
        s.divi(denom);
        axpy(-lr, s, var.value());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("beta_1", beta1);
        c.put("beta_2", beta2);
        c.put("epsilon", epsilon);
        return c;
    }

    /** Builds a Nadam from its Keras config. */
    public static Nadam fromConfig(Config c) {
        return applyBaseConfig(c, new Nadam(0.001, c.getDouble("beta_1", 0.9), c.getDouble("beta_2", 0.999),
                c.getDouble("epsilon", 1e-7)));
    }
}
