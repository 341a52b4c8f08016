package org.keras4j.framework.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;
import org.keras4j.framework.optimizers.LearningRateSchedule;
import org.keras4j.framework.registry.Config;

/**
 * Polynomial decay from an initial to an end learning rate (Keras's
 * {@code keras.optimizers.schedules.PolynomialDecay}).
 *
 * <pre>
 * cycle=false: s = min(step, decay_steps);  D = decay_steps
 * cycle=true:  s = step;  D = decay_steps * max(1, ceil(step / decay_steps))
 * lr(step) = (initial_learning_rate - end_learning_rate) * (1 - s / D) ^ power + end_learning_rate
 * </pre>
 * {@code decay_steps} must be &gt; 0. Defaults: {@code end_learning_rate=0.0001},
 * {@code power=1.0}, {@code cycle=false}, {@code name="PolynomialDecay"}.
 *
 * <pre>{@code
 * new PolynomialDecay(0.1, 10_000, 0.01, 0.5, false);
 * }</pre>
 */
public record PolynomialDecay(double initialLearningRate, long decaySteps, double endLearningRate, double power,
        boolean cycle, String name) implements LearningRateSchedule {

    public PolynomialDecay {
        Checks.finite("PolynomialDecay", "initial_learning_rate", initialLearningRate);
        Checks.positive("PolynomialDecay", "decay_steps", decaySteps);
        Checks.finite("PolynomialDecay", "end_learning_rate", endLearningRate);
        Checks.finite("PolynomialDecay", "power", power);
        if (name == null) {
            name = "PolynomialDecay";
        }
    }

    public PolynomialDecay(double initialLearningRate, long decaySteps) {
        this(initialLearningRate, decaySteps, 0.0001);
    }

    public PolynomialDecay(double initialLearningRate, long decaySteps, double endLearningRate) {
        this(initialLearningRate, decaySteps, endLearningRate, 1.0, false);
    }

    public PolynomialDecay(double initialLearningRate, long decaySteps, double endLearningRate, double power, boolean cycle) {
        this(initialLearningRate, decaySteps, endLearningRate, power, cycle, null);
    }

    @Override
    public double at(long step) {
        double s = step;
        double d = decaySteps;
        if (cycle) {
            // The first multiple of decay_steps at or above step (1 at step 0).
            d *= step == 0 ? 1.0 : Math.ceil(s / decaySteps);
        } else {
            s = Math.min(s, d);
        }
        return (initialLearningRate - endLearningRate) * Math.pow(1 - s / d, power) + endLearningRate;
    }

    @Override
    public String className() {
        return "PolynomialDecay";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("end_learning_rate", endLearningRate);
        c.put("power", power);
        c.put("cycle", cycle);
        c.put("name", name);
        return c;
    }

    /** Builds from a Keras config. */
    public static PolynomialDecay fromConfig(Config c) {
        return new PolynomialDecay(c.getDouble("initial_learning_rate"), Checks.requiredLong(c, "decay_steps"),
                c.getDouble("end_learning_rate", 0.0001), c.getDouble("power", 1.0), c.getBoolean("cycle", false),
                Checks.name(c, null));
    }
}
