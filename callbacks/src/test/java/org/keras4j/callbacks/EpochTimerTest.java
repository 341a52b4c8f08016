package org.keras4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class EpochTimerTest {
    @Test
    void recordsEachEpochsWallClockSeconds() throws InterruptedException {
        EpochTimer timer = new EpochTimer();
        for (int epoch = 0; epoch < 2; epoch++) {
            timer.onEpochBegin(epoch, Map.of());
            Thread.sleep(20);
            timer.onEpochEnd(epoch, Map.of());
        }
        assertEquals(2, timer.seconds().size());
        for (double s : timer.seconds()) {
            assertTrue(s >= 0.019 && s < 5, "an epoch of about 20 ms measured " + s + " s");
        }
        assertThrows(UnsupportedOperationException.class, () -> timer.seconds().add(1.0));
    }
}
