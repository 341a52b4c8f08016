package org.keras4j.framework.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.framework.optimizers.schedules.ScheduleTesting.assertAt;

import java.util.List;
import org.junit.jupiter.api.Test;

class PiecewiseConstantDecayTest {

    @Test
    void valuesBetweenBoundaries() {
        // values[0] for step <= 10, values[1] for 10 < step <= 20, values[2] after 20
        var s = new PiecewiseConstantDecay(new long[] {10, 20}, new double[] {1.0, 0.5, 0.1});
        assertAt(s, 0, 1.0);
        assertAt(s, 10, 1.0);
        assertAt(s, 11, 0.5);
        assertAt(s, 20, 0.5);
        assertAt(s, 21, 0.1);
        assertAt(s, 1_000_000, 0.1);
        assertAt(new PiecewiseConstantDecay(new long[0], new double[] {0.3}), 99, 0.3);
    }

    @Test
    void configAndDefensiveCopies() {
        long[] b = {10, 20};
        var s = new PiecewiseConstantDecay(b, new double[] {1.0, 0.5, 0.1});
        b[0] = 15;
        assertArrayEquals(new long[] {10, 20}, s.boundaries());
        ScheduleTesting.checkConfig(s, List.of("boundaries", "values", "name"));
        assertEquals("PiecewiseConstant", s.name());
        assertEquals(List.of(10L, 20L), s.getConfig().get("boundaries"));
    }

    @Test
    void invalidArguments() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new PiecewiseConstantDecay(new long[] {10, 20}, new double[] {1.0, 0.5}));
        assertEquals("PiecewiseConstantDecay: the length of boundaries should be 1 less than the length of values. "
                + "Received: boundaries=[10, 20] of length 2, and values=[1.0, 0.5] of length 2.", e.getMessage());
        var order = assertThrows(IllegalArgumentException.class,
                () -> new PiecewiseConstantDecay(new long[] {20, 10}, new double[] {1.0, 0.5, 0.1}));
        assertEquals("PiecewiseConstantDecay: boundaries must be strictly increasing, received boundaries=[20, 10]",
                order.getMessage());
    }
}
