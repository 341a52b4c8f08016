package org.keras4j.framework.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.keras4j.framework.optimizers.LearningRateSchedule;
import org.keras4j.framework.registry.Config;

/**
 * Cosine decay with optional linear warmup (Keras's {@code keras.optimizers.schedules.CosineDecay};
 * Loshchilov and Hutter 2016, Goyal et al. 2017).
 *
 * <pre>
 * decay(s, from) = from * ((1 - alpha) * 0.5 * (1 + cos(pi * s / decay_steps)) + alpha)
 *
 * warmup_target == null:  lr(step) = decay(min(step, decay_steps), initial_learning_rate)
 * otherwise, with s = min(step, warmup_steps + decay_steps):
 *   s &lt; warmup_steps:    lr = initial_learning_rate + (warmup_target - initial_learning_rate) * s / warmup_steps
 *   else:                lr = decay(s - warmup_steps, warmup_target)
 * </pre>
 * {@code decay_steps} must be &gt; 0 and {@code warmup_steps} &gt;= 0. Defaults: {@code alpha=0.0},
 * {@code warmup_target=null} (no warmup), {@code warmup_steps=0}, {@code name="CosineDecay"}.
 *
 * <pre>{@code
 * new CosineDecay(0.0, 1000, 0.0, 0.1, 1000);  // warm up from 0 to 0.1 over 1000 steps, then decay
 * }</pre>
 */
public record CosineDecay(double initialLearningRate, long decaySteps, double alpha, Double warmupTarget,
        long warmupSteps, String name) implements LearningRateSchedule {

    public CosineDecay {
        Checks.finite("CosineDecay", "initial_learning_rate", initialLearningRate);
        Checks.positive("CosineDecay", "decay_steps", decaySteps);
        Checks.finite("CosineDecay", "alpha", alpha);
        if (warmupTarget != null) {
            Checks.finite("CosineDecay", "warmup_target", warmupTarget);
        }
        if (warmupSteps < 0) {
            throw new IllegalArgumentException("CosineDecay: warmup_steps must be >= 0, received warmup_steps=" + warmupSteps);
        }
        if (name == null) {
            name = "CosineDecay";
        }
    }

    public CosineDecay(double initialLearningRate, long decaySteps) {
        this(initialLearningRate, decaySteps, 0.0);
    }

    public CosineDecay(double initialLearningRate, long decaySteps, double alpha) {
        this(initialLearningRate, decaySteps, alpha, null, 0);
    }

    public CosineDecay(double initialLearningRate, long decaySteps, double alpha, Double warmupTarget, long warmupSteps) {
        this(initialLearningRate, decaySteps, alpha, warmupTarget, warmupSteps, null);
    }

    @Override
    public double at(long step) {
        if (warmupTarget == null) {
            return decay(Math.min(step, decaySteps), initialLearningRate);
        }
        double s = Math.min(step, warmupSteps + decaySteps);
        if (s < warmupSteps) {
            return (warmupTarget - initialLearningRate) * (s / warmupSteps) + initialLearningRate;
        }
        return decay(s - warmupSteps, warmupTarget);
    }

    private double decay(double s, double from) {
        double cosine = 0.5 * (1.0 + Math.cos(Math.PI * (s / decaySteps)));
        return from * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public String className() {
        return "CosineDecay";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("alpha", alpha);
        c.put("name", name);
        c.put("warmup_target", warmupTarget);
        c.put("warmup_steps", warmupSteps);
        return c;
    }

    /** Builds from a Keras config. */
    public static CosineDecay fromConfig(Config c) {
        return new CosineDecay(c.getDouble("initial_learning_rate"), Checks.requiredLong(c, "decay_steps"),
                c.getDouble("alpha", 0.0), c.getNullableDouble("warmup_target", null), c.getLong("warmup_steps", 0),
                Checks.name(c, null));
    }
}
