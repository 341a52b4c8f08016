package org.keras4j.framework.optimizers.schedules;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link ExponentialDecay} and {@link InverseTimeDecay} share besides their formula: Keras's
 * arguments {@code (initial_learning_rate, decay_steps, decay_rate, staircase, name)} with their
 * checks and config, and the decay progress {@code step / decay_steps} (floored with
 * {@code staircase}).
 */
final class StepDecay {
    private StepDecay() {
    }

    /** Checks the arguments; returns {@code name}, or {@code owner} (Keras's default name) when null. */
    static String check(String owner, double initialLearningRate, long decaySteps, double decayRate, String name) {
        Checks.finite(owner, "initial_learning_rate", initialLearningRate);
        Checks.positive(owner, "decay_steps", decaySteps);
        Checks.finite(owner, "decay_rate", decayRate);
        return name == null ? owner : name;
    }

    /** {@code step / decay_steps}, floored when {@code staircase} so that the rate drops in steps. */
    static double progress(long step, long decaySteps, boolean staircase) {
        double p = (double) step / decaySteps;
        return staircase ? Math.floor(p) : p;
    }

    /** The Keras config, keys in Keras's order. */
    static Map<String, Object> config(double initialLearningRate, long decaySteps, double decayRate, boolean staircase,
            String name) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("initial_learning_rate", initialLearningRate);
        c.put("decay_steps", decaySteps);
        c.put("decay_rate", decayRate);
        c.put("staircase", staircase);
        c.put("name", name);
        return c;
    }
}
