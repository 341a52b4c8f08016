package org.keras4j.framework.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.framework.optimizers.schedules.ScheduleTesting.assertAt;

import java.util.List;
import org.junit.jupiter.api.Test;

class CosineDecayTest {

    @Test
    void decayWithoutWarmup() {
        // 0.1 * 0.5 * (1 + cos(pi * min(step, 10) / 10))
        var s = new CosineDecay(0.1, 10);
        assertAt(s, 0, 0.1);
        assertAt(s, 5, 0.05);
        assertAt(s, 10, 0.0);
        assertAt(s, 30, 0.0);
        // alpha = 0.2: 0.1 * (0.8 * cosine + 0.2)
        var floor = new CosineDecay(0.1, 10, 0.2);
        assertAt(floor, 5, 0.1 * (0.8 * 0.5 + 0.2));
        assertAt(floor, 10, 0.02);
    }

    @Test
    void linearWarmupThenDecayFromTheTarget() {
        // warm up from 0 to 0.1 over 4 steps, then cosine from 0.1 over 10 steps
        var s = new CosineDecay(0.0, 10, 0.0, 0.1, 4);
        assertAt(s, 0, 0.0);
        assertAt(s, 2, 0.05);
        assertAt(s, 3, 0.075);
        assertAt(s, 4, 0.1);
        assertAt(s, 9, 0.05);
        assertAt(s, 14, 0.0);
        assertAt(s, 100, 0.0);
    }

    @Test
    void config() {
        ScheduleTesting.checkConfig(new CosineDecay(0.0, 10, 0.1, 0.1, 4, "warm"),
                List.of("initial_learning_rate", "decay_steps", "alpha", "name", "warmup_target", "warmup_steps"));
        var plain = new CosineDecay(0.1, 10);
        ScheduleTesting.checkConfig(plain,
                List.of("initial_learning_rate", "decay_steps", "alpha", "name", "warmup_target", "warmup_steps"));
        assertEquals(null, plain.getConfig().get("warmup_target"));
        assertEquals("CosineDecay", plain.name());
    }

    @Test
    void invalidArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0.1, 0));
        assertEquals("CosineDecay: decay_steps must be > 0, received decay_steps=0", e.getMessage());
        var w = assertThrows(IllegalArgumentException.class, () -> new CosineDecay(0.1, 10, 0.0, 0.2, -1));
        assertEquals("CosineDecay: warmup_steps must be >= 0, received warmup_steps=-1", w.getMessage());
    }
}
