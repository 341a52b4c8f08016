package org.keras4j.framework.optimizers.schedules;

import java.util.Map;
import org.keras4j.framework.optimizers.LearningRateSchedule;
import org.keras4j.framework.registry.Config;

/**
 * Exponential decay of the learning rate (Keras's {@code keras.optimizers.schedules.ExponentialDecay}).
 *
 * <pre>
 * lr(step) = initial_learning_rate * decay_rate ^ (step / decay_steps)
 * </pre>
 * With {@code staircase=true} the exponent is {@code floor(step / decay_steps)}, so the rate drops
 * in steps. {@code decay_steps} must be &gt; 0; {@code staircase} defaults to false and
 * {@code name} to {@code "ExponentialDecay"}.
 *
 * <pre>{@code
 * Optimizer opt = new SGD(new ExponentialDecay(0.1, 100_000, 0.96, true));
 * }</pre>
 */
public record ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase,
        String name) implements LearningRateSchedule {

    public ExponentialDecay {
        name = StepDecay.check("ExponentialDecay", initialLearningRate, decaySteps, decayRate, name);
    }

    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate) {
        this(initialLearningRate, decaySteps, decayRate, false);
    }

    public ExponentialDecay(double initialLearningRate, long decaySteps, double decayRate, boolean staircase) {
        this(initialLearningRate, decaySteps, decayRate, staircase, null);
    }

    @Override
    public double at(long step) {
        return initialLearningRate * Math.pow(decayRate, StepDecay.progress(step, decaySteps, staircase));
    }

    @Override
    public String className() {
        return "ExponentialDecay";
    }

    @Override
    public Map<String, Object> getConfig() {
        return StepDecay.config(initialLearningRate, decaySteps, decayRate, staircase, name);
    }

    /** Builds from a Keras config. */
    public static ExponentialDecay fromConfig(Config c) {
        return new ExponentialDecay(c.getDouble("initial_learning_rate"), Checks.requiredLong(c, "decay_steps"),
                c.getDouble("decay_rate"), c.getBoolean("staircase", false), Checks.name(c, null));
    }
}
