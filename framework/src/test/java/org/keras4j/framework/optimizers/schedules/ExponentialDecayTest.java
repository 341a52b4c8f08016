package org.keras4j.framework.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.framework.optimizers.schedules.ScheduleTesting.assertAt;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.registry.Config;

class ExponentialDecayTest {

    @Test
    void continuous() {
        // 0.1 * 0.5^(step / 10)
        var s = new ExponentialDecay(0.1, 10, 0.5);
        assertAt(s, 0, 0.1);
        assertAt(s, 5, 0.1 * Math.sqrt(0.5));
        assertAt(s, 10, 0.05);
        assertAt(s, 25, 0.1 * Math.pow(0.5, 2.5));
    }

    @Test
    void staircase() {
        // 0.1 * 0.5^floor(step / 10)
        var s = new ExponentialDecay(0.1, 10, 0.5, true);
        assertAt(s, 5, 0.1);
        assertAt(s, 19, 0.05);
        assertAt(s, 20, 0.025);
        assertAt(s, 29, 0.025);
    }

    @Test
    void config() {
        var s = new ExponentialDecay(0.1, 10, 0.5, true, "decay");
        ScheduleTesting.checkConfig(s, List.of("initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name"));
        assertEquals("ExponentialDecay", new ExponentialDecay(0.1, 10, 0.5).name());
        // A Keras config may write decay_steps as 1000.0 and name as None.
        Map<String, Object> keras = new java.util.HashMap<>(Map.of("initial_learning_rate", 0.1, "decay_steps", 1000.0,
                "decay_rate", 0.96));
        keras.put("name", null);
        assertEquals(new ExponentialDecay(0.1, 1000, 0.96), ExponentialDecay.fromConfig(Config.of(keras)));
    }

    @Test
    void invalidArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(0.1, 0, 0.5));
        assertEquals("ExponentialDecay: decay_steps must be > 0, received decay_steps=0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ExponentialDecay(Double.NaN, 10, 0.5));
        var missing = assertThrows(IllegalArgumentException.class,
                () -> ExponentialDecay.fromConfig(Config.of(Map.of("initial_learning_rate", 0.1, "decay_rate", 0.5))));
        assertEquals("config: missing required key 'decay_steps'", missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ExponentialDecay.fromConfig(
                Config.of(Map.of("initial_learning_rate", 0.1, "decay_steps", 2.5, "decay_rate", 0.5))));
    }
}
