package org.keras4j.framework.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.framework.optimizers.schedules.ScheduleTesting.assertAt;

import java.util.List;
import org.junit.jupiter.api.Test;

class CosineDecayRestartsTest {

    @Test
    void periodsGrowByTMulAndRestartsShrinkByMMul() {
        // first_decay_steps 10, t_mul 2, m_mul 0.5: periods [0, 10) x1, [10, 30) x0.5, [30, 70) x0.25;
        // lr = 0.5 * m_mul^i * (1 + cos(pi * fraction of period i))
        var s = new CosineDecayRestarts(1.0, 10, 2.0, 0.5, 0.0);
        assertAt(s, 0, 1.0);
        assertAt(s, 5, 0.5);
        assertAt(s, 10, 0.5);  // restart 1: 0.5 * 0.5 * 2
        assertAt(s, 20, 0.25); // half of period 1
        assertAt(s, 30, 0.25); // restart 2: 0.5 * 0.25 * 2
        assertAt(s, 50, 0.125);
    }

    @Test
    void equalPeriodsWithTMulOneAndAlphaFloor() {
        // t_mul 1: fraction = step / 10 - floor(step / 10); lr = (1 - 0.1) * cosine + 0.1
        var s = new CosineDecayRestarts(1.0, 10, 1.0, 1.0, 0.1);
        assertAt(s, 15, 0.9 * 0.5 + 0.1);
        assertAt(s, 20, 1.0);
        assertAt(s, 29, 0.9 * 0.5 * (1 + Math.cos(Math.PI * 0.9)) + 0.1);
    }

    @Test
    void config() {
        var s = new CosineDecayRestarts(0.1, 100);
        assertEquals("SGDRDecay", s.name());
        assertEquals(2.0, s.tMul());
        ScheduleTesting.checkConfig(new CosineDecayRestarts(0.1, 100, 1.5, 0.8, 0.05, "sgdr"),
                List.of("initial_learning_rate", "first_decay_steps", "t_mul", "m_mul", "alpha", "name"));
    }

    @Test
    void invalidArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> new CosineDecayRestarts(0.1, 0));
        assertEquals("CosineDecayRestarts: first_decay_steps must be > 0, received first_decay_steps=0", e.getMessage());
        var t = assertThrows(IllegalArgumentException.class, () -> new CosineDecayRestarts(0.1, 10, 0.0, 1.0, 0.0));
        assertEquals("CosineDecayRestarts: t_mul must be a finite number > 0, received t_mul=0.0", t.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CosineDecayRestarts(0.1, 10, 2.0, -1.0, 0.0));
    }
}
