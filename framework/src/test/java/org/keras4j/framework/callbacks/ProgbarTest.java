package org.keras4j.framework.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProgbarTest {
    private static final String DIM = "\u001b[37m";
    private static final String PLAIN = "\u001b[0m";

    private final ByteArrayOutputStream buf = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8);

    private String printed() {
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void verboseOneRedrawsInPlaceAndEndsWithTheWholeBar() {
        long[] now = {0};
        Progbar bar = new Progbar(469, 1, out, () -> now[0]);
        now[0] = 120_000_000L; // 3 steps in 120 ms
        bar.update(3, Map.of("loss", 0.5, "accuracy", 0.25), false);
        now[0] = 160_000_000L;
        bar.update(4, Map.of("loss", 0.5), false); // within 50 ms of the last draw: skipped
        now[0] = 1_876_000_000L; // 469 steps in 1.876 s
        bar.update(469, Map.of("loss", 0.3301, "accuracy", 0.8812), true);
        String[] draws = printed().split("\r", -1);
        assertEquals(3, draws.length, printed()); // "", the first draw, the last draw
        // 466 steps left at 40 ms each: 19 s
        assertEquals("  3/469 " + DIM + "━".repeat(20) + PLAIN + " 19s 40ms/step - accuracy: 0.2500 - loss: 0.5000",
                draws[1]);
        // Two characters shorter than the first draw, so two blanks rub out what it left.
        assertEquals("469/469 " + "━".repeat(20) + DIM + PLAIN + " 2s 4ms/step - accuracy: 0.8812 - loss: 0.3301  \n",
                draws[2]);
    }

    @Test
    void aShorterRedrawBlanksWhatTheLongerOneLeft() {
        Progbar bar = new Progbar(10, 1, out);
        bar.update(5, Map.of("loss", 0.5, "val_loss", 0.25), true);
        int first = printed().length();
        bar.update(10, Map.of(), true);
        String second = printed().substring(first);
        // \r, the shorter line padded with blanks to the first one's length, \n
        assertEquals(first, second.length());
        assertTrue(second.stripTrailing().endsWith("/step"), second);
    }

    @Test
    void verboseTwoPrintsOneLineAtTheEnd() {
        Progbar bar = new Progbar(20, 2, out);
        bar.update(10, Map.of("loss", 1.0), false);
        assertEquals("", printed());
        bar.update(20, Map.of("loss", 1e-5), true);
        assertTrue(printed().matches("20/20 - \\d+s - \\d+(us|ms|s)/step - loss: 1\\.0000e-05\n"), printed());
    }

    @Test
    void formatsAsKeras() {
        assertEquals("2s", Progbar.formatSeconds(2.4));
        assertEquals("1:05", Progbar.formatSeconds(65));
        assertEquals("1:01:01", Progbar.formatSeconds(3661));
        assertEquals("4ms/step", Progbar.formatPerStep(0.004));
        assertEquals("250us/step", Progbar.formatPerStep(0.00025));
        assertEquals("nan", Progbar.formatValue(Double.NaN));
        assertEquals(" - a: 1.0000 - b: 2.0000", Progbar.metrics(Map.of("b", 2.0, "a", 1.0)));
    }
}
