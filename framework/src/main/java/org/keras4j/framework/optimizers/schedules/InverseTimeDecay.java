package org.keras4j.framework.optimizers.schedules;

import java.util.Map;
import org.keras4j.framework.optimizers.LearningRateSchedule;
import org.keras4j.framework.registry.Config;

/**
 * Inverse time decay of the learning rate (Keras's {@code keras.optimizers.schedules.InverseTimeDecay}).
 *
 * <pre>
 * lr(step) = initial_learning_rate / (1 + decay_rate * step / decay_steps)
 * </pre>
 * With {@code staircase=true}, {@code step / decay_steps} is floored. {@code decay_steps} must be
 * &gt; 0; {@code staircase} defaults to false and {@code name} to {@code "InverseTimeDecay"}.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(new InverseTimeDecay(0.1, 1, 0.5));
 * }</pre>
 */
public record InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase,
        String name) implements LearningRateSchedule {

    public InverseTimeDecay {
        name = StepDecay.check("InverseTimeDecay", initialLearningRate, decaySteps, decayRate, name);
    }

    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    public InverseTimeDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
        this(initialLearningRate, decaySteps, decayRate, staircase, null);
    }

    @Override
    public double at(long step) {
        return initialLearningRate / (1 + decayRate * StepDecay.progress(step, decaySteps, staircase));
    }

    @Override
    public String className() {
        return "InverseTimeDecay";
    }

    @Override
    public Map<String, Object> getConfig() {
        return StepDecay.config(initialLearningRate, decaySteps, decayRate, staircase, name);
    }

    /** Builds from a Keras config. */
    public static InverseTimeDecay fromConfig(Config c) {
        return new InverseTimeDecay(c.getDouble("initial_learning_rate"), Checks.requiredLong(c, "decay_steps"),
                c.getDouble("decay_rate"), c.getBoolean("staircase", false), Checks.name(c, null));
    }
}
