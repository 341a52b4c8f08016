package org.keras4j.framework.optimizers;

import org.keras4j.framework.registry.Config;

/**
 * Adam with decoupled weight decay (Keras's {@code keras.optimizers.AdamW}, Loshchilov and Hutter 2019).
 *
 * <pre>
 * w = w - w * weight_decay * lr          (before the step, not through the gradient)
 * w = adam_step(w, g)                    (see {@link Adam})
 * </pre>
 *
 * <p>Defaults: {@code learning_rate=0.001}, {@code weight_decay=0.004}, {@code beta_1=0.9},
 * {@code beta_2=0.999}, {@code epsilon=1e-7}, {@code amsgrad=false}. Unlike the other optimizers,
 * weight_decay is required (Keras rejects {@code weight_decay=None}). Use
 * {@link #excludeFromWeightDecay} to exempt e.g. biases.
 *
 * <pre>{@code
 * Optimizer opt = new AdamW(1e-3, 0.01);
 * }</pre>
 */
public class AdamW extends Adam {

    /** AdamW with Keras's defaults. */
    public AdamW() {
        this(0.001);
    }

    public AdamW(double learningRate) {
        this(learningRate, 0.004);
    }

    public AdamW(LearningRateSchedule learningRate) {
        this(learningRate, 0.004, 0.9, 0.999, 1e-7, false);
    }

    public AdamW(double learningRate, double weightDecay) {
        this(learningRate, weightDecay, 0.9, 0.999, 1e-7, false);
    }

    public AdamW(double learningRate, double weightDecay, double beta1, double beta2, double epsilon, boolean amsgrad) {
        super("adamw", learningRate, null, beta1, beta2, epsilon, amsgrad);
        weightDecay(weightDecay);
    }

    public AdamW(LearningRateSchedule learningRate, double weightDecay, double beta1, double beta2, double epsilon,
            boolean amsgrad) {
        super("adamw", 0, learningRate, beta1, beta2, epsilon, amsgrad);
        weightDecay(weightDecay);
    }

    @Override
    public String className() {
        return "AdamW";
    }

    /** Builds an AdamW from its Keras config. */
    public static AdamW fromConfig(Config c) {
        if (c.asMap().containsKey("weight_decay") && c.asMap().get("weight_decay") == null) {
            throw new IllegalArgumentException("AdamW: weight_decay must be a number, received weight_decay=None");
        }
        return applyBaseConfig(c, new AdamW(0.001, c.getDouble("weight_decay", 0.004), c.getDouble("beta_1", 0.9),
                c.getDouble("beta_2", 0.999), c.getDouble("epsilon", 1e-7), c.getBoolean("amsgrad", false)));
    }
}
