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

    private static void assumeFashionMnist() {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")) || System.getenv("KERAS4J_DATA") != null,
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
    }

    @Test
    void autoencoderReconstructsTestImages() throws Exception {
        assumeFashionMnist();
        Map<String, Double> r = run("autoencoder.jsh");
        // fast mode: 6000 images, 4 epochs; the average-image baseline is about 0.09
        assertTrue(r.get("mse") < 0.4 * r.get("baseline"), "reconstruction MSE " + r);
        assertEquals(560.0, r.get("png_width"));
        assertEquals(112.0, r.get("png_height"));
    }

    @Test
    void ganLearnsTheDataBrightness() throws Exception {
        assumeFashionMnist();
        Map<String, Double> r = run("gan.jsh");
        assertTrue(Double.isFinite(r.get("d_loss")) && Double.isFinite(r.get("g_loss")), "losses " + r);
        // the generator starts near 0 (tanh of small values); the data's mean is about -0.43 in [-1, 1]:
        // training must close at least half of that gap, and fool the discriminator now and then
        double gapBefore = Math.abs(r.get("start_mean") - r.get("real_mean"));
        double gapAfter = Math.abs(r.get("fake_mean") - r.get("real_mean"));
        assertTrue(gapAfter < 0.5 * gapBefore, "generated brightness " + r);
        assertTrue(r.get("d_on_fake") > 0.05, "the generator should fool the discriminator sometimes: " + r);
        assertEquals(224.0, r.get("png_width"));
    }

    @Test
    void multiInputMultiOutputModelLearnsBothTargets() throws Exception {
        assumeFashionMnist();
        Map<String, Double> r = run("multi_io.jsh");
        assertTrue(r.get("accuracy") > 0.75, "class accuracy " + r);
        assertTrue(r.get("ink_mae") < 0.5 * r.get("baseline_mae"), "ink regression " + r);
    }

    @Test
    void residualCnnLearnsFashionMnist() throws Exception {
        assumeFashionMnist();
        boolean convolutions;
        try {
            Class.forName("org.keras4j.layers.conv.Conv2D");
            Class.forName("org.keras4j.layers.pooling.GlobalAveragePooling2D");
            convolutions = true;
        } catch (ClassNotFoundException e) {
            convolutions = false;
        }
        assumeTrue(convolutions, "Conv2D and pooling layers are not on the class path yet");
        Map<String, Double> r = run("residual.jsh");
        // fast mode: 3000 images, 3 epochs of a 5k-parameter network (chance is 0.10)
        assertTrue(r.get("accuracy") > 0.35, "test accuracy " + r.get("accuracy"));
    }

    @Test
    void rnnClassifierLearnsFashionMnistRows() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")) || System.getenv("KERAS4J_DATA") != null,
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        Map<String, Double> r = run("rnn.jsh");
        // fast mode: 4096 training images, 2 epochs of LSTM(128)
        assertTrue(r.get("accuracy") > 0.6, "test accuracy " + r.get("accuracy"));
    }

    @Test
    void textClassificationLearnsNegationThroughTheMask() throws Exception {
        Map<String, Double> r = run("text_classification.jsh");
        // a bag of words scores 0.5 on this task: only word order ("not good") decides the label
        assertTrue(r.get("accuracy") > 0.9, "test accuracy " + r.get("accuracy"));
    }

    @Test
    void seq2seqLearnsToReverseDigitStrings() throws Exception {
        Map<String, Double> r = run("seq2seq.jsh");
        // fast mode: 8000 strings, 4 epochs (the full run, 20000 strings and 10 epochs, goes above 0.95)
        assertTrue(r.get("exact") > 0.8, "exact match " + r.get("exact"));
        assertTrue(r.get("digit") > 0.95, "per-digit accuracy " + r.get("digit"));
    }

    @Test
    void callbacksNotebookStopsSavesLogsAndPlots() throws Exception {
        assumeTrue(Files.isDirectory(Path.of("/usr/share/datasets/fashion-mnist")) || System.getenv("KERAS4J_DATA") != null,
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        Map<String, Double> r = run("callbacks.jsh");
        // fast mode: 6000 training images, at most 3 epochs; the test accuracy is the best checkpoint's, loaded from its file
        assertTrue(r.get("accuracy") > 0.75, "test accuracy " + r.get("accuracy"));
        assertTrue(r.get("epochs") >= 1 && r.get("epochs") <= 3, "epochs " + r.get("epochs"));
        assertEquals(r.get("epochs"), r.get("csv_rows"), "one CSV row per epoch");
        assertTrue(r.get("curves_bytes") > 10_000 && r.get("history_bytes") > 10_000, "PNG sizes " + r);
        assertTrue(r.get("best_val_accuracy") > 0.75, "best val_accuracy " + r.get("best_val_accuracy"));
    }

    @Test
    void cnnLearnsFashionMnistAndDrawsThePredictionGrid() throws Exception {
        assumeFashionMnist();
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
        pb.environment().put("KERAS4J_OUTPUT", Path.of("target", "notebook-output").toAbsolutePath().toString());
        pb.environment().putIfAbsent("OMP_WAIT_POLICY", "PASSIVE");
        Path log = Files.createTempFile("notebook-" + notebook, ".log");
        pb.redirectOutput(log.toFile());
        Process p = pb.start();
        p.getOutputStream().close();
        boolean done = p.waitFor(10, TimeUnit.MINUTES);
        String output = Files.readString(log, StandardCharsets.UTF_8);
        Files.deleteIfExists(log);
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
