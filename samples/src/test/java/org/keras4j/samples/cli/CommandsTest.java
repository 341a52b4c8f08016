package org.keras4j.samples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.saving.Json;
import org.keras4j.framework.saving.Models;
import org.nd4j.linalg.factory.Nd4j;

/** train / evaluate / predict / summary end to end on a small CSV regression, and run-file mistakes. */
class CommandsTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        out.reset();
        err.reset();
        return Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private static final Path CSV = Path.of("data/linear_regression.csv").toAbsolutePath();

    private String runFile(String fitAndOutput) {
        return "{\"seed\": 1, \"model\": {\"class_name\": \"Sequential\", \"config\": {\"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 2]}}, {\"class_name\": \"Dense\", \"config\": {\"units\": 1}}]}},"
                + "\"compile\": {\"optimizer\": {\"class_name\": \"Adam\", \"config\": {\"learning_rate\": 0.05}}, \"loss\": \"mse\", \"metrics\": [\"mae\"]},"
                + "\"data\": {\"train\": {\"source\": \"csv\", \"path\": \"" + CSV + "\", \"label_column\": \"y\"}, \"validation_split\": 0.2},"
                + fitAndOutput + "}";
    }

    @Test
    void trainsEvaluatesPredictsAndSummarisesFromFiles() throws IOException {
        // samples/data/linear_regression.csv: y = 3 x1 - 2 x2 + 0.5 + N(0, 0.05^2); NumPy's least squares leaves MSE 0.00238.
        Path model = dir.resolve("lr.keras4j");
        Path report = dir.resolve("report.json");
        Path runFile = dir.resolve("run.json");
        Files.writeString(runFile, runFile("\"fit\": {\"epochs\": 40, \"batch_size\": 16, \"verbose\": 0}, \"output\": {\"model\": \""
                + model + "\", \"history\": \"" + dir.resolve("h.json") + "\"}"));
        assertEquals(0, run("train", runFile.toString(), "--report", report.toString()), err.toString());
        Map<?, ?> r = (Map<?, ?>) Json.parse(Files.readString(report));
        List<?> valLoss = (List<?>) ((Map<?, ?>) r.get("history")).get("val_loss");
        assertEquals(40, valLoss.size());
        double last = ((Number) valLoss.get(39)).doubleValue();
        assertTrue(last < 0.004, "val_loss " + last);
        assertTrue(Files.exists(dir.resolve("h.json")));

        Model m = Models.load(model);
        double p = m.predict(Nd4j.createFromArray(new float[][] {{0.25f, 0.75f}})).getDouble(0);
        assertEquals(3 * 0.25 - 2 * 0.75 + 0.5, p, 0.05);

        String data = "{\"source\": \"csv\", \"path\": \"" + CSV + "\", \"label_column\": \"y\"}";
        assertEquals(0, run("evaluate", model.toString(), "--data", data), err.toString());
        double mse = Double.parseDouble(out.toString().lines().filter(l -> l.startsWith("loss: ")).findFirst().orElseThrow().substring(6));
        assertTrue(mse < 0.004, out.toString());

        Path in = dir.resolve("in.csv");
        Files.writeString(in, "x1,x2\n1,0\n0,1\n");
        Path pred = dir.resolve("out.csv");
        assertEquals(0, run("predict", model.toString(), "--input", in.toString(), "--output", pred.toString()), err.toString());
        List<String> lines = Files.readAllLines(pred);
        assertEquals("output_0", lines.get(0));
        assertEquals(3.5, Double.parseDouble(lines.get(1)), 0.05);
        assertEquals(-1.5, Double.parseDouble(lines.get(2)), 0.05);
        Path npy = dir.resolve("out.npy");
        assertEquals(0, run("predict", model.toString(), "--input", in.toString(), "--output", npy.toString()));

        assertEquals(0, run("summary", model.toString()));
        assertTrue(out.toString().contains("Total params: 3"), out.toString());
        assertEquals(0, run("summary", runFile.toString()));
        assertTrue(out.toString().contains("(None, 1)"), out.toString());
    }

    @Test
    void mistakesPointAtTheirJsonPath() throws IOException {
        Path f = dir.resolve("bad.json");
        String[][] cases = {
            {"\"fit\": {\"epochs\": \"ten\"}", "fit.epochs: expected an integer, got \"ten\""},
            {"\"fit\": {\"epoch\": 3}", "fit: unknown key 'epoch'; accepted keys: [batch_size, callbacks,"},
            {"\"fit\": {\"epochs\": 0}", "fit.epochs: expected an integer in [1, 1000000], got 0"},
            {"\"fit\": {\"callbacks\": [\"TerminateOnNaN\", \"Bogus\"]}", "fit.callbacks[1]: Unknown callback: 'Bogus'"},
            {"\"fit\": {\"class_weight\": {\"cat\": 1}}", "fit.class_weight.cat: class_weight keys must be class indices"},
            {"\"extra\": 1", "(top level): unknown key 'extra'"},
        };
        for (String[] c : cases) {
            Files.writeString(f, runFile(c[0]));
            assertEquals(2, run("train", f.toString()), c[0]);
            assertTrue(err.toString().contains(c[1]), c[0] + " -> " + err);
        }
        Files.writeString(f, runFile("\"fit\": {}").replace("\"csv\"", "\"excel\""));
        assertEquals(2, run("train", f.toString()));
        assertTrue(err.toString().contains("data.train.source: expected one of"), err.toString());
        Files.writeString(f, runFile("\"fit\": {}").replace("\"label_column\": \"y\"", "\"label_column\": \"z\""));
        assertEquals(2, run("train", f.toString()));
        assertTrue(err.toString().contains("data.train.label_column: no column 'z'"), err.toString());
        Files.writeString(f, runFile("\"fit\": {}").replace("\"mse\"", "\"msee\""));
        assertEquals(2, run("train", f.toString()));
        assertTrue(err.toString().contains("compile: Unknown loss: 'msee'"), err.toString());
        Files.writeString(f, runFile("\"fit\": {}").replace("\"units\": 1", "\"units\": -1"));
        assertEquals(2, run("train", f.toString()));
        assertTrue(err.toString().contains("model: JSON config: invalid model"), err.toString());
        assertEquals(2, run("evaluate", f.toString(), "--data", "{}"), "a run file is not a model file");
        assertTrue(err.toString().contains("not a readable zip"), err.toString());
    }

    @Test
    void npyAndIdxSourcesLoad() throws IOException {
        // .npy inputs and integer labels: the model must fit them to better than chance (3 classes from the largest feature).
        Nd4j.getRandom().setSeed(3);
        org.nd4j.linalg.api.ndarray.INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 300, 3);
        org.nd4j.linalg.api.ndarray.INDArray y = Nd4j.argMax(x, 1).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        Files.write(dir.resolve("x.npy"), org.keras4j.framework.saving.Npy.write(x));
        Files.write(dir.resolve("y.npy"), org.keras4j.framework.saving.Npy.write(y));
        Path runFile = dir.resolve("npy.json");
        Files.writeString(runFile, "{\"seed\": 2, \"model\": {\"class_name\": \"Sequential\", \"config\": {\"layers\": ["
                + "{\"class_name\": \"Dense\", \"config\": {\"units\": 16, \"activation\": \"relu\"}},"
                + "{\"class_name\": \"Dense\", \"config\": {\"units\": 3, \"activation\": \"softmax\"}}]}},"
                + "\"compile\": {\"optimizer\": {\"class_name\": \"Adam\", \"config\": {\"learning_rate\": 0.02}}, "
                + "\"loss\": \"sparse_categorical_crossentropy\", \"metrics\": [\"accuracy\"]},"
                + "\"data\": {\"train\": {\"source\": \"npy\", \"x\": \"x.npy\", \"y\": \"y.npy\"},"
                + " \"test\": {\"source\": \"npy\", \"x\": \"x.npy\", \"y\": \"y.npy\"}},"
                + "\"fit\": {\"epochs\": 30, \"batch_size\": 30, \"verbose\": 0}}");
        assertEquals(0, run("train", runFile.toString()), err.toString());
        String acc = out.toString().lines().filter(l -> l.startsWith("Test accuracy: ")).findFirst().orElseThrow();
        assertTrue(Double.parseDouble(acc.substring(15)) > 0.8, out.toString());

        Path fashion = Path.of(org.keras4j.framework.data.FashionMnist.SYSTEM_DIR);
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(fashion.resolve("t10k-labels-idx1-ubyte.gz")), "Fashion-MNIST not installed");
        String idx = "{\"source\": \"idx\", \"images\": \"" + fashion.resolve("t10k-images-idx3-ubyte.gz")
                + "\", \"labels\": \"" + fashion.resolve("t10k-labels-idx1-ubyte.gz") + "\", \"flatten\": true, \"scale\": 0.00392156862745098}";
        Datasets.Data d = Datasets.load(Spec.root(Json.parse(idx)), dir);
        assertEquals(List.of(10000L, 784L), List.of(d.x().size(0), d.x().size(1)));
        assertEquals(1.0, d.x().maxNumber().doubleValue(), 1e-6);
        assertEquals(10000, d.y().length());
    }

    /** 500 mutated run files: each parses or fails with an IllegalArgumentException (exit code 2), never anything else. */
    @Test
    void mutatedRunFilesFailOnlyWithUsageErrors() throws IOException {
        Object base = Json.parse(runFile("\"fit\": {\"epochs\": 2, \"batch_size\": 8, \"callbacks\": [{\"class_name\": \"EarlyStopping\", "
                + "\"config\": {\"patience\": 2}}], \"class_weight\": {\"0\": 1.0}}, \"output\": {\"model\": \"m.keras4j\"}"));
        Object[] hostile = {"ten", -1, 0, 1e300, Double.NaN, 2147483648L, List.of(), Map.of(), true, null, "adam", List.of(1, "x"),
            Map.of("class_name", "Dense", "config", Map.of("units", 2)), Map.of("class_name", "Bogus")};
        java.util.Random rnd = new java.util.Random(5);
        Path f = dir.resolve("m.json");
        int refused = 0;
        for (int i = 0; i < 500; i++) {
            Object tree = mutate(base, rnd, hostile, 0);
            Files.writeString(f, Json.write(tree));
            try {
                Run.parse(f);
            } catch (IllegalArgumentException e) {
                refused++;
                assertTrue(e.getMessage() != null && !e.getMessage().isBlank(), "case " + i);
            }
        }
        assertTrue(refused > 250, "refused " + refused);
    }

    @SuppressWarnings("unchecked")
    private static Object mutate(Object node, java.util.Random rnd, Object[] hostile, int depth) {
        if (rnd.nextInt(5) == 0 || depth > 8 || !(node instanceof Map || node instanceof List) || (node instanceof Map<?, ?> m0 && m0.isEmpty())
                || (node instanceof List<?> l0 && l0.isEmpty())) {
            return hostile[rnd.nextInt(hostile.length)];
        }
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> copy = new java.util.LinkedHashMap<>((Map<String, Object>) m);
            String key = new java.util.ArrayList<>(copy.keySet()).get(rnd.nextInt(copy.size()));
            switch (rnd.nextInt(4)) {
                case 0 -> copy.remove(key);
                case 1 -> copy.put("unexpected_" + key, 1);
                default -> copy.put(key, mutate(copy.get(key), rnd, hostile, depth + 1));
            }
            return copy;
        }
        List<Object> l = new java.util.ArrayList<>((List<Object>) node);
        int i = rnd.nextInt(l.size());
        l.set(i, mutate(l.get(i), rnd, hostile, depth + 1));
        return l;
    }

    @Test
    void everySampleConfigIsValid() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("configs"))) {
            List<Path> files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
            assertTrue(files.size() >= 3, files.toString());
            assertTrue(files.contains(Path.of("configs", "fashion_mnist_cnn.json")), files.toString());
            for (Path p : files) {
                Run.parse(p); // builds the model, compiles it, checks data and fit sections; reads no data
            }
        }
        // the CNN run file: (28, 28, 1) images through Conv2D 32, pool, Conv2D 64, pool, Flatten, Dropout, Dense 10
        Model cnn = Run.parse(Path.of("configs", "fashion_mnist_cnn.json")).model();
        long[] predicted = cnn.predict(Nd4j.zeros(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 28, 28, 1)).shape();
        assertEquals(List.of(2L, 10L), List.of(predicted[0], predicted[1]));
        // Keras's mnist_convnet: 320 + 18496 + 16010 parameters
        assertEquals(34826, cnn.countParams());
    }

    @Test
    void sampleShapeReshapesEachSample() throws IOException {
        org.nd4j.linalg.api.ndarray.INDArray x = Nd4j.arange(24).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).reshape(4, 6);
        Files.write(dir.resolve("s.npy"), org.keras4j.framework.saving.Npy.write(x));
        Datasets.Data d = Datasets.load(Spec.root(Json.parse("{\"source\": \"npy\", \"x\": \"s.npy\", \"sample_shape\": [3, 2, 1]}")), dir);
        assertEquals(List.of(4L, 3L, 2L, 1L), java.util.Arrays.stream(d.x().shape()).boxed().toList());
        assertEquals(11.0, d.x().getDouble(1, 2, 1, 0), 0.0); // row-major: sample 1, value 5
        String wrong = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Datasets.load(
                Spec.root(Json.parse("{\"source\": \"npy\", \"x\": \"s.npy\", \"sample_shape\": [4, 2]}")), dir)).getMessage();
        assertTrue(wrong.contains("sample_shape") && wrong.contains("(6,)") && wrong.contains("(4, 2)"), wrong);
        String both = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> Datasets.validate(
                Spec.root(Json.parse("{\"source\": \"npy\", \"x\": \"s.npy\", \"flatten\": true, \"sample_shape\": [6]}")))).getMessage();
        assertTrue(both.contains("not both"), both);
    }
}
