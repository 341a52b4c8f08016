package org.keras4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MainTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void usageMistakesExitWithTwoAndSayWhatIsWrong() {
        assertEquals(2, run());
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("usage: keras4j train RUN.json") && out.toString(StandardCharsets.UTF_8).contains("keras4j example NAME"));
        assertEquals(2, run("example", "cnnn"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("expected one of [mlp, cnn, lstm], received 'cnnn'"), err.toString());
        assertEquals(2, run("example", "mlp", "--epochs", "ten"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("--epochs expects an integer, received 'ten'"), err.toString());
        assertEquals(2, run("example", "mlp", "--epochs", "0"));
        assertEquals(2, run("example", "mlp", "--bogus", "1"));
        assertEquals(2, run("frobnicate"));
    }

    @Test
    void helpExitsWithZero() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("mlp"));
    }
}
