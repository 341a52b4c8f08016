package org.keras4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Expected strings are what Python's str.format gives for the same template and values. */
class FilepathTemplateTest {

    private static String f(String template, Object value) {
        return new FilepathTemplate(template).format(Map.of("v", value));
    }

    @Test
    void kerasStyleCheckpointName() {
        FilepathTemplate t = new FilepathTemplate("ckpt-{epoch:02d}-{val_loss:.4f}.keras");
        assertEquals("ckpt-03-0.1235.keras", t.format(Map.of("epoch", 3, "val_loss", 0.123456)));
        assertEquals("ckpt-12-2.0000.keras", t.format(Map.of("epoch", 12, "val_loss", 2.0)));
        assertEquals(List.of("epoch", "val_loss"), t.keys());
    }

    @Test
    void pythonFormatSpecSubset() {
        assertEquals("7", f("{v}", 7));
        assertEquals("007", f("{v:03d}", 7));
        assertEquals("-07", f("{v:03d}", -7));
        assertEquals("+7", f("{v:+d}", 7));
        assertEquals("  7", f("{v:3d}", 7));
        assertEquals("0.25", f("{v}", 0.25));
        assertEquals("1e-05", f("{v}", 1e-5));
        assertEquals("0.0001", f("{v}", 1e-4));
        assertEquals("1e+16", f("{v}", 1e16));
        assertEquals("2.0", f("{v}", 2.0));
        assertEquals("3.141593", f("{v:f}", Math.PI));
        assertEquals("0.12", f("{v:.2f}", 0.125)); // half-even on the exact binary value, as Python
        assertEquals("0.38", f("{v:.2f}", 0.375));
        assertEquals("1.00", f("{v:.2f}", 0.999));
        assertEquals("2", f("{v:.0f}", 2.5));
        assertEquals("4", f("{v:.0f}", 3.5));
        assertEquals("0003.14", f("{v:07.2f}", 3.14159));
        assertEquals("-003.14", f("{v:07.2f}", -3.14159));
        assertEquals("3.00", f("{v:.2f}", 3));
        assertEquals("1.234568e-03", f("{v:e}", 0.00123456789));
        assertEquals("1.23E+04", f("{v:.2E}", 12345.0));
        assertEquals("0.000e+00", f("{v:.3e}", 0.0));
        assertEquals("0.123457", f("{v:g}", 0.123456789));
        assertEquals("1.2e-05", f("{v:.2g}", 0.0000123));
        assertEquals("1e+02", f("{v:.1g}", 123.0));
        assertEquals("123", f("{v:g}", 123.0));
        assertEquals("1.5", f("{v:g}", 1.5));
        assertEquals("1.23457e+06", f("{v:g}", 1234567.0));
        assertEquals("nan", f("{v:.4f}", Double.NaN));
        assertEquals("inf", f("{v:.4f}", Double.POSITIVE_INFINITY));
        assertEquals("-inf", f("{v}", Double.NEGATIVE_INFINITY));
        assertEquals("{literal}-1", f("{{literal}}-{v}", 1));
    }

    @Test
    void unknownKeyListsTheAvailableOnes() {
        FilepathTemplate t = new FilepathTemplate("m-{val_acc:.2f}.keras");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> t.format(Map.of("epoch", 1, "loss", 0.5, "val_loss", 0.4)));
        assertTrue(e.getMessage().contains("no value named 'val_acc'"), e.getMessage());
        assertTrue(e.getMessage().contains("Available keys: epoch, loss, val_loss"), e.getMessage());
    }

    @Test
    void badTemplatesFailWhenMade() {
        assertThrows(IllegalArgumentException.class, () -> new FilepathTemplate("a-{epoch.keras"));
        assertThrows(IllegalArgumentException.class, () -> new FilepathTemplate("a-}.keras"));
        assertThrows(IllegalArgumentException.class, () -> new FilepathTemplate("a-{}.keras"));
        assertThrows(IllegalArgumentException.class, () -> new FilepathTemplate("a-{epoch:x}.keras"));
        assertThrows(IllegalArgumentException.class, () -> new FilepathTemplate("a-{epoch:.2d}.keras"));
        assertThrows(IllegalArgumentException.class, () -> new FilepathTemplate("a-{epoch:>5}.keras"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> f("{v:d}", 0.5));
        assertTrue(e.getMessage().contains("unknown format code 'd'"), e.getMessage());
    }
}
