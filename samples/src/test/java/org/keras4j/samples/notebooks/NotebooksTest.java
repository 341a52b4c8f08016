package org.keras4j.samples.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs each notebook under {@code samples/notebooks/} in JShell exactly as a user would, in fast
 * mode ({@code KERAS4J_FAST=1}: less data, fewer epochs), and checks the numbers it prints on its
 * {@code RESULT} line.
 */
class NotebooksTest {
    private static final Path NOTEBOOKS = Path.of("notebooks");

    @Test
    void linearRegressionRecoversSlopeAndIntercept() throws Exception {
        Map<String, Double> r = run("linear_regression.jsh");
        assertEquals(2.0, r.get("weight"), 0.05, "weight");
        assertEquals(1.0, r.get("bias"), 0.05, "bias");
    }

    @Test
    void logisticRegressionSeparatesTheClouds() throws Exception {
        Map<String, Double> r = run("logistic_regression.jsh");
        // Bayes-optimal accuracy for these clouds is Phi(sqrt 2) = 0.921
        assertTrue(r.get("accuracy") > 0.89, "accuracy " + r.get("accuracy"));
        assertTrue(r.get("p_low") < 0.1 && r.get("p_high") > 0.9, "probabilities " + r);
    }

    @Test
    void mlpClassifierLearnsFashionMnist() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")) || System.getenv("KERAS4J_DATA") != null,
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        Map<String, Double> r = run("mlp_classifier.jsh");
        // fast mode: 6000 training images, 3 epochs
        assertTrue(r.get("accuracy") > 0.78, "test accuracy " + r.get("accuracy"));
    }

    @Test
    void cnnLearnsFashionMnistAndDrawsThePredictionGrid() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")) || System.getenv("KERAS4J_DATA") != null,
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        Map<String, Double> r = run("cnn.jsh");
        // fast mode: 4000 training images, 2 epochs, 1000 test images
        assertTrue(r.get("accuracy") > 0.65, "test accuracy " + r.get("accuracy"));
        // 6 x 4 cells of 84 x (84 + 30) pixels, read back from the written PNG
        assertEquals(6 * 84, r.get("png_width"), "png width");
        assertEquals(4 * (84 + 30), r.get("png_height"), "png height");
    }

    @Test
    void attentionRetrievesTheTokenAtThePointedPosition() throws Exception {
        Map<String, Double> r = run("attention.jsh");
        // fast mode: 3000 sequences, 6 epochs; chance is 1/8
        assertTrue(r.get("accuracy") > 0.9, "test accuracy " + r.get("accuracy"));
    }

    /** This JVM's class path without entries that do not exist (a module with no classes yet), which JShell rejects. */
    private static String existingClassPath() {
        StringBuilder b = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (Files.exists(Path.of(entry))) {
                b.append(b.length() > 0 ? java.io.File.pathSeparator : "").append(entry);
            }
        }
        return b.toString();
    }

    /** Runs a notebook in a fresh JShell and parses its {@code RESULT k=v ...} line. */
    static Map<String, Double> run(String notebook) throws IOException, InterruptedException {
        Path script = NOTEBOOKS.resolve(notebook);
        assertTrue(Files.isRegularFile(script), "missing notebook " + script.toAbsolutePath());
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        List<String> cmd = new ArrayList<>(List.of(jshell.toString(), "--class-path", existingClassPath(),
                "-R-Xmx3g", script.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("KERAS4J_FAST", "1");
        Path outputDir = Files.createTempDirectory("notebook-output");
        pb.environment().put("KERAS4J_OUTPUT_DIR", outputDir.toString());
        pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        Path log = Files.createTempFile("notebook-" + notebook, ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
        try (var written = Files.list(outputDir)) {
            for (Path f : written.toList()) {
                Files.deleteIfExists(f);
            }
        }
        Files.deleteIfExists(outputDir);
        if (!done) {
            p.destroyForcibly();
        }
        assertTrue(done, notebook + " did not finish in 10 minutes:\n" + output);
        assertEquals(0, p.exitValue(), notebook + " failed:\n" + output);
        for (String kw : new String[] {"|  Exception", "|  Error:", "cannot find symbol"}) {
            assertTrue(!output.contains(kw), notebook + " reported an error:\n" + output);
        }
        Map<String, Double> result = new HashMap<>();
        for (String line : output.split("\n")) {
            if (line.startsWith("RESULT ")) {
                for (String kv : line.substring(7).trim().split("\\s+")) {
                    String[] parts = kv.split("=", 2);
                    result.put(parts[0], Double.parseDouble(parts[1]));
                }
            }
        }
        assertTrue(!result.isEmpty(), notebook + " printed no RESULT line:\n" + output);
        return result;
    }
}
