package org.keras4j.framework.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.framework.optimizers.schedules.ScheduleTesting.assertAt;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolynomialDecayTest {

    @Test
    void linearAndSquaredDecayClampAtTheEnd() {
        // (0.1 - 0.01) * (1 - min(step, 10) / 10)^power + 0.01
        var linear = new PolynomialDecay(0.1, 10, 0.01);
        assertAt(linear, 0, 0.1);
        assertAt(linear, 5, 0.09 * 0.5 + 0.01);
        assertAt(linear, 10, 0.01);
        assertAt(linear, 20, 0.01);
        var squared = new PolynomialDecay(0.1, 10, 0.01, 2.0, false);
        assertAt(squared, 5, 0.09 * 0.25 + 0.01);
        assertEquals(0.0001, new PolynomialDecay(1.0, 10).endLearningRate());
    }

    @Test
    void cycleStretchesDecayStepsToTheNextMultiple() {
        // decay_steps * ceil(step / decay_steps) (1 at step 0), no clamping
        var s = new PolynomialDecay(0.1, 10, 0.01, 1.0, true);
        assertAt(s, 0, 0.1);
        assertAt(s, 5, 0.055);
        assertAt(s, 10, 0.01);               // D = 10, p = 1
        assertAt(s, 15, 0.09 * 0.25 + 0.01); // D = 20, p = 0.75
        assertAt(s, 20, 0.01);               // D = 20, p = 1
        assertAt(s, 21, 0.09 * (1 - 21.0 / 30) + 0.01); // D = 30
    }

    @Test
    void config() {
        ScheduleTesting.checkConfig(new PolynomialDecay(0.1, 10, 0.01, 0.5, true, "poly"),
                List.of("initial_learning_rate", "decay_steps", "end_learning_rate", "power", "cycle", "name"));
        assertEquals("PolynomialDecay", new PolynomialDecay(0.1, 10).name());
    }

    @Test
    void invalidArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> new PolynomialDecay(0.1, 0));
        assertEquals("PolynomialDecay: decay_steps must be > 0, received decay_steps=0", e.getMessage());
    }
}
