package org.keras4j.framework.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.keras4j.framework.optimizers.LearningRateSchedule;
import org.keras4j.framework.registry.Config;

/**
 * Cosine decay with warm restarts, SGDR (Keras's {@code keras.optimizers.schedules.CosineDecayRestarts};
 * Loshchilov and Hutter 2016).
 *
 * <pre>
 * f = step / first_decay_steps
 * t_mul == 1:  i = floor(f);  f = f - i
 * otherwise:   i = floor(log(1 - f * (1 - t_mul)) / log(t_mul))
 *              f = (f - (1 - t_mul^i) / (1 - t_mul)) / t_mul^i
 * lr(step) = initial_learning_rate * ((1 - alpha) * 0.5 * m_mul^i * (1 + cos(pi * f)) + alpha)
 * </pre>
 * Period {@code i} lasts {@code first_decay_steps * t_mul^i} steps and starts from
 * {@code m_mul^i} times the initial rate. {@code first_decay_steps} must be &gt; 0, {@code t_mul}
 * &gt; 0, {@code m_mul} &gt;= 0. Defaults: {@code t_mul=2.0}, {@code m_mul=1.0},
 * {@code alpha=0.0}, {@code name="SGDRDecay"}.
 *
 * <pre>{@code
 * new CosineDecayRestarts(0.1, 1000);
 * }</pre>
 */
public record CosineDecayRestarts(double initialLearningRate, long firstDecaySteps, double tMul, double mMul,
        double alpha, String name) implements LearningRateSchedule {

    public CosineDecayRestarts {
        Checks.finite("CosineDecayRestarts", "initial_learning_rate", initialLearningRate);
        Checks.positive("CosineDecayRestarts", "first_decay_steps", firstDecaySteps);
        if (!(tMul > 0) || Double.isInfinite(tMul)) {
            throw new IllegalArgumentException("CosineDecayRestarts: t_mul must be a finite number > 0, received t_mul=" + tMul);
        }
        Checks.nonNegative("CosineDecayRestarts", "m_mul", mMul);
        Checks.finite("CosineDecayRestarts", "alpha", alpha);
        if (name == null) {
            name = "SGDRDecay";
        }
    }

    public CosineDecayRestarts(double initialLearningRate, long firstDecaySteps) {
        this(initialLearningRate, firstDecaySteps, 2.0, 1.0, 0.0);
    }

    public CosineDecayRestarts(double initialLearningRate, long firstDecaySteps, double tMul, double mMul, double alpha) {
        this(initialLearningRate, firstDecaySteps, tMul, mMul, alpha, null);
    }

    @Override
    public double at(long step) {
        double f = (double) step / firstDecaySteps;
        double i;
        if (tMul == 1.0) {
            i = Math.floor(f);
            f -= i;
        } else {
            i = Math.floor(Math.log(1.0 - f * (1.0 - tMul)) / Math.log(tMul));
            double sumR = (1.0 - Math.pow(tMul, i)) / (1.0 - tMul);
            f = (f - sumR) / Math.pow(tMul, i);
        }
        double cosine = 0.5 * Math.pow(mMul, i) * (1.0 + Math.cos(Math.PI * f));
        return initialLearningRate * ((1 - alpha) * cosine + alpha);
    }

    @Override
    public String className() {
        return "CosineDecayRestarts";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("first_decay_steps", firstDecaySteps);
        c.put("t_mul", tMul);
        c.put("m_mul", mMul);
        c.put("alpha", alpha);
        c.put("name", name);
        return c;
    }

    /** Builds from a Keras config. */
    public static CosineDecayRestarts fromConfig(Config c) {
        return new CosineDecayRestarts(c.getDouble("initial_learning_rate"), Checks.requiredLong(c, "first_decay_steps"),
                c.getDouble("t_mul", 2.0), c.getDouble("m_mul", 1.0), c.getDouble("alpha", 0.0), Checks.name(c, null));
    }
}
