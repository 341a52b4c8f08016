package org.keras4j.framework.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.framework.optimizers.schedules.ScheduleTesting.assertAt;

import java.util.List;
import org.junit.jupiter.api.Test;

class InverseTimeDecayTest {

    @Test
    void continuousAndStaircase() {
        // 0.1 / (1 + 0.5 * step / 10)
        var s = new InverseTimeDecay(0.1, 10, 0.5);
        assertAt(s, 0, 0.1);
        assertAt(s, 5, 0.1 / 1.25);
        assertAt(s, 20, 0.05);
        // 0.1 / (1 + 0.5 * floor(step / 10))
        var stairs = new InverseTimeDecay(0.1, 10, 0.5, true);
        assertAt(stairs, 9, 0.1);
        assertAt(stairs, 15, 0.1 / 1.5);
        assertAt(stairs, 20, 0.05);
    }

    @Test
    void config() {
        ScheduleTesting.checkConfig(new InverseTimeDecay(0.1, 1, 0.5, true, "itd"),
                List.of("initial_learning_rate", "decay_steps", "decay_rate", "staircase", "name"));
        assertEquals("InverseTimeDecay", new InverseTimeDecay(0.1, 1, 0.5).name());
    }

    @Test
    void invalidArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> new InverseTimeDecay(0.1, -5, 0.5));
        assertEquals("InverseTimeDecay: decay_steps must be > 0, received decay_steps=-5", e.getMessage());
    }
}
