package org.keras4j.framework.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The strict JSON reader: plain values only, Jackson's stream limits, no duplicates or trailing text. */
class JsonTest {
    @Test
    void parsesToPlainValues() throws IOException {
        Object v = Json.parse("{\"a\": [1, 2.5, \"x\", true, null], \"b\": {\"@class\": \"java.io.File\"}, \"n\": NaN}");
        Map<?, ?> m = (Map<?, ?>) v;
        assertEquals(List.of(1, 2.5, "x", true), ((List<?>) m.get("a")).subList(0, 4));
        // "@class" is just a key: nothing is ever instantiated from a name in the input.
        assertEquals(Map.of("@class", "java.io.File"), m.get("b"));
        assertTrue(Double.isNaN((Double) m.get("n")));
        assertEquals("{\"x\":NaN}", Json.write(Map.of("x", Double.NaN)), "NaN written as Python's json writes it");
        // Integers beyond a long become doubles, so no getter can truncate them to a small value.
        assertEquals(1.8446744073709552E19, ((Map<?, ?>) Json.parse("{\"u\": 18446744073709551619}")).get("u"));
    }

    @Test
    void limitsAndStrictnessAreEnforced() {
        String deep = "[".repeat(Json.MAX_DEPTH + 1) + "]".repeat(Json.MAX_DEPTH + 1);
        assertTrue(assertThrows(IOException.class, () -> Json.parse(deep)).getMessage().contains("nesting depth"));
        String ok = "[".repeat(Json.MAX_DEPTH) + "]".repeat(Json.MAX_DEPTH);
        assertThrows(IOException.class, () -> Json.parse("\"" + "a".repeat(Json.MAX_STRING + 1) + "\""));
        assertThrows(IOException.class, () -> Json.parse("1" + "0".repeat(Json.MAX_NUMBER + 1)));
        assertTrue(assertThrows(IOException.class, () -> Json.parse("{\"a\": 1, \"a\": 2}")).getMessage().contains("Duplicate"));
        assertThrows(IOException.class, () -> Json.parse("{} {}"));
        assertThrows(IOException.class, () -> Json.parse("{\"a\": "));
        try {
            Json.parse(ok);
        } catch (IOException e) {
            throw new AssertionError("depth " + Json.MAX_DEPTH + " must be accepted", e);
        }
    }
}
