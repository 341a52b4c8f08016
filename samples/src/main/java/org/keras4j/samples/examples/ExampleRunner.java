package org.keras4j.samples.examples;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.keras4j.callbacks.EpochTimer;
import org.keras4j.framework.callbacks.History;
import org.keras4j.framework.models.FitOptions;

/**
 * Trains an {@link Example} with the progress bar, prints test loss and accuracy, and optionally
 * writes a JSON report: {@code {"history": {...}, "epoch_seconds": [...], "test": {"loss": ..., "accuracy": ...}}}.
 */
public final class ExampleRunner {
    private ExampleRunner() {
    }

    /** As {@link #run(Example, int, int, Double, Path, PrintStream)} with the example's own validation split. */
    public static Map<String, Object> run(Example example, int epochs, int verbose, Path report, PrintStream out) throws IOException {
        return run(example, epochs, verbose, null, report, out);
    }

    /** Trains and evaluates {@code example}; {@code validationSplit}, when not null, replaces the example's own. */
    public static Map<String, Object> run(Example example, int epochs, int verbose, Double validationSplit, Path report,
            PrintStream out) throws IOException {
        Example.Prepared p = example.prepare();
        p.model().setOutput(out);
        EpochTimer timer = new EpochTimer();
        History history = p.model().fit(p.xTrain(), p.yTrain(), FitOptions.epochs(epochs).batchSize(p.batchSize())
                .validationSplit(validationSplit != null ? validationSplit : p.validationSplit()).verbose(verbose).callbacks(timer));
        Map<String, Double> test = p.model().evaluate(p.xTest(), p.yTest(), 256, 0);
        out.printf(Locale.ROOT, "Test loss: %.4f%n", test.get("loss"));
        out.printf(Locale.ROOT, "Test accuracy: %.4f%n", test.get("accuracy"));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("history", history.history());
        result.put("epoch_seconds", timer.seconds());
        result.put("test", test);
        if (report != null) {
            writeAtomically(report, new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(result));
            out.println("Report written to " + report);
        }
        return result;
    }

    /** Writes to a temporary file beside {@code target}, then renames it into place. */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, target.getFileName().toString(), ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
