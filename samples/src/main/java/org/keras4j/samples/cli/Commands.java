package org.keras4j.samples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.saving.AtomicFiles;
import org.keras4j.framework.saving.Json;
import org.keras4j.framework.saving.Models;
import org.keras4j.framework.saving.Npy;
import org.keras4j.samples.cli.Main.UsageException;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The {@code train}, {@code evaluate}, {@code predict} and {@code summary} commands. */
final class Commands {
    private Commands() {
    }

    static int train(String[] args, PrintStream out) throws IOException {
        if (args.length < 2) {
            throw new UsageException("train: expected RUN.json");
        }
        Map<String, String> flags = flags(args, 2, "--report");
        Run run = Run.parse(Path.of(args[1]));
        Map<String, Object> report = run.execute(out);
        if (flags.containsKey("--report")) {
            Path p = Path.of(flags.get("--report"));
            Run.writeJson(p, report);
            out.println("Report written to " + p);
        }
        return 0;
    }

    static int evaluate(String[] args, PrintStream out) throws IOException {
        Map<String, String> flags = flags(args, 2, "--data", "--batch-size");
        Model model = loadModel(args, "evaluate");
        if (!flags.containsKey("--data")) {
            throw new UsageException("evaluate: --data DATASET is required");
        }
        int batch = flags.containsKey("--batch-size") ? Main.positiveInt("--batch-size", flags.get("--batch-size")) : 32;
        if (!model.isCompiled()) {
            throw new UsageException("evaluate: " + args[1] + " was saved without compile settings, so it has no loss to evaluate");
        }
        Datasets.Data d = Datasets.load(dataset(flags.get("--data")), Path.of(""));
        if (d.y() == null) {
            throw new UsageException("evaluate: the data set has no targets");
        }
        Map<String, Double> r = model.evaluate(d.x(), d.y(), batch, 0);
        for (Map.Entry<String, Double> e : r.entrySet()) {
            out.printf(Locale.ROOT, "%s: %.4f%n", e.getKey(), e.getValue());
        }
        return 0;
    }

    static int predict(String[] args, PrintStream out) throws IOException {
        Map<String, String> flags = flags(args, 2, "--input", "--output", "--batch-size");
        Model model = loadModel(args, "predict");
        if (!flags.containsKey("--input") || !flags.containsKey("--output")) {
            throw new UsageException("predict: --input FILE and --output FILE are required");
        }
        int batch = flags.containsKey("--batch-size") ? Main.positiveInt("--batch-size", flags.get("--batch-size")) : 32;
        Path in = Path.of(flags.get("--input"));
        Map<String, Object> spec = new LinkedHashMap<>();
        if (in.toString().endsWith(".csv")) {
            spec.put("source", "csv");
            spec.put("path", in.toString());
        } else if (in.toString().endsWith(".npy")) {
            spec.put("source", "npy");
            spec.put("x", in.toString());
        } else {
            throw new UsageException("predict: --input must be a .csv (numeric, with a header row) or .npy file, received " + in);
        }
        INDArray x = Datasets.load(Spec.root(spec), Path.of("")).x();
        INDArray p = model.predict(x, batch);
        Path target = Path.of(flags.get("--output"));
        if (target.toString().endsWith(".npy")) {
            byte[] bytes = Npy.write(p);
            AtomicFiles.write(target, o -> o.write(bytes));
        } else if (target.toString().endsWith(".csv")) {
            AtomicFiles.write(target, o -> o.write(csv(p).getBytes(StandardCharsets.UTF_8)));
        } else {
            throw new UsageException("predict: --output must end in .npy or .csv, received " + target);
        }
        out.println("Wrote predictions of shape " + java.util.Arrays.toString(p.shape()) + " to " + target);
        return 0;
    }

    static int summary(String[] args, PrintStream out) throws IOException {
        if (args.length != 2) {
            throw new UsageException("summary: expected one MODEL, CONFIG or RUN.json file");
        }
        Path p = Path.of(args[1]);
        Model model;
        if (!Files.isRegularFile(p)) {
            throw new UsageException("summary: no such file: " + p);
        }
        if (Run.isZip(p)) {
            model = Models.load(p);
        } else {
            String text = Files.readString(p, StandardCharsets.UTF_8);
            Object json = Json.parse(text);
            model = json instanceof Map<?, ?> m && m.containsKey("model") && !m.containsKey("class_name")
                    ? Run.parse(p).model() : Models.fromJson(text);
        }
        model.setOutput(out);
        model.summary();
        return 0;
    }

    private static Model loadModel(String[] args, String command) {
        if (args.length < 2 || args[1].startsWith("--")) {
            throw new UsageException(command + ": expected a MODEL file first");
        }
        Path p = Path.of(args[1]);
        if (!Files.isRegularFile(p)) {
            throw new UsageException(command + ": no such model file: " + p);
        }
        return Models.load(p);
    }

    /** {@code --data} as inline JSON or a file holding it. */
    private static Spec dataset(String v) throws IOException {
        String text = v.trim().startsWith("{") ? v : Files.isRegularFile(Path.of(v)) ? Files.readString(Path.of(v)) : null;
        if (text == null) {
            throw new UsageException("--data: expected a JSON object or a file holding one, received '" + v + "'");
        }
        try {
            return Spec.root(Json.parse(text));
        } catch (IOException e) {
            throw new UsageException("--data: not valid JSON: " + e.getMessage().split("\n")[0]);
        }
    }

    private static Map<String, String> flags(String[] args, int from, String... accepted) {
        Map<String, String> out = new LinkedHashMap<>();
        java.util.List<String> ok = java.util.List.of(accepted);
        for (int i = from; i < args.length; i++) {
            if (!ok.contains(args[i])) {
                throw new UsageException("unknown option '" + args[i] + "'; accepted: " + ok);
            }
            if (i + 1 >= args.length) {
                throw new UsageException(args[i] + " needs a value");
            }
            out.put(args[i], args[++i]);
        }
        return out;
    }

    private static String csv(INDArray p) {
        INDArray m = p.rank() == 1 ? p.reshape(p.length(), 1) : p.reshape('c', p.size(0), p.length() / p.size(0));
        StringBuilder b = new StringBuilder();
        for (long c = 0; c < m.size(1); c++) {
            b.append(c == 0 ? "" : ",").append("output_").append(c);
        }
        b.append('\n');
        double[][] v = m.toDoubleMatrix();
        for (double[] row : v) {
            for (int c = 0; c < row.length; c++) {
                b.append(c == 0 ? "" : ",").append(row[c]);
            }
            b.append('\n');
        }
        return b.toString();
    }
}
