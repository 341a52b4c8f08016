package org.keras4j.framework.optimizers.schedules;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.keras4j.framework.optimizers.LearningRateSchedule;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;

/** Shared checks of the schedule tests. */
final class ScheduleTesting {
    private ScheduleTesting() {
    }

    /** Checks the config's keys (in Keras's order) and that the registry rebuilds an equal schedule. */
    static void checkConfig(LearningRateSchedule s, List<String> kerasKeys) {
        assertEquals(kerasKeys, List.copyOf(s.getConfig().keySet()));
        Map<String, Object> spec = Registry.serialize(s);
        LearningRateSchedule rebuilt = Registry.get().deserialize(Kind.SCHEDULE, spec, LearningRateSchedule.class);
        assertEquals(s, rebuilt);
        assertEquals(s.getConfig(), rebuilt.getConfig());
        for (long step : new long[] {0, 1, 7, 50, 1000}) {
            assertEquals(s.at(step), rebuilt.at(step), 0.0);
        }
    }

    static void assertAt(LearningRateSchedule s, long step, double expected) {
        assertEquals(expected, s.at(step), 1e-15 * Math.max(1, Math.abs(expected)), s + " at step " + step);
    }
}
