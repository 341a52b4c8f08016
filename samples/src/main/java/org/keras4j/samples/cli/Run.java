package org.keras4j.samples.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.callbacks.Callback;
import org.keras4j.framework.callbacks.History;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.saving.AtomicFiles;
import org.keras4j.framework.saving.Json;
import org.keras4j.framework.saving.ModelFileException;
import org.keras4j.framework.saving.Models;
import org.keras4j.samples.cli.Spec.RunConfigException;

/**
 * A whole training run described by one JSON file ({@code ./keras4j train RUN.json}):
 * <pre>
 * {
 *   "seed": 42,                                   optional
 *   "model": {Keras model config} | "model.json" | "saved.keras4j",
 *   "compile": {"optimizer": "adam" | {...}, "loss": "...", "metrics": ["accuracy"]},
 *   "data": {"train": DATASET, "validation": DATASET | "validation_split": 0.1, "test": DATASET},
 *   "fit": {"epochs": 10, "batch_size": 32, "shuffle": true, "verbose": 1, "initial_epoch": 0,
 *           "validation_freq": 1, "class_weight": {"0": 1.0}, "callbacks": ["TerminateOnNaN", {"class_name": ..., "config": ...}]},
 *   "output": {"model": "runs/model.keras4j", "history": "runs/history.json"}
 * }
 * </pre>
 * DATASET is described in {@link Datasets}. Paths inside {@code model} and {@code data} are
 * relative to the run file's directory; {@code output} paths to the working directory. A saved
 * {@code .keras4j} model may stand in for {@code model}; it is then compiled already and
 * {@code compile} is optional. Every mistake names its JSON path. {@link #parse} checks the whole
 * file (building the model and callbacks) before any data is read.
 */
final class Run {
    private final Spec root;
    private final Path base;
    private final Model model;
    private final FitOptions fit;
    private final Spec data;

    private Run(Spec root, Path base, Model model, FitOptions fit, Spec data) {
        this.root = root;
        this.base = base;
        this.model = model;
        this.fit = fit;
        this.data = data;
    }

    static Run parse(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new RunConfigException(file + ": no such file");
        }
        Object json;
        try {
            json = Json.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new RunConfigException(file + ": not valid JSON: " + e.getMessage().split("\n")[0]);
        }
        Spec root = Spec.root(json).keys("seed", "model", "compile", "data", "fit", "output");
        Path base = file.toAbsolutePath().getParent();
        if (root.get("seed").present()) {
            Backend.setRandomSeed(root.get("seed").integer(Long.MIN_VALUE, Long.MAX_VALUE));
        }
        Model model = model(root.get("model").required(), base);
        Spec compile = root.get("compile");
        if (compile.present()) {
            compile.keys("optimizer", "loss", "metrics");
            Map<String, Object> cc = new LinkedHashMap<>();
            cc.put("optimizer", compile.get("optimizer").required().raw());
            cc.put("loss", compile.get("loss").required().raw());
            cc.put("metrics", compile.get("metrics").present() ? compile.get("metrics").list().stream().map(Spec::raw).toList() : List.of());
            try {
                model.compileFromConfig(cc);
            } catch (IllegalArgumentException e) {
                throw compile.error(e.getMessage());
            }
        } else if (!model.isCompiled()) {
            throw new RunConfigException("compile: missing (required unless \"model\" is a saved, compiled model file)");
        }
        Spec data = root.get("data").required().keys("train", "validation", "validation_split", "test");
        Datasets.validate(data.get("train").required());
        if (data.get("validation").present()) {
            if (data.get("validation_split").present()) {
                throw data.error("give either \"validation\" or \"validation_split\", not both");
            }
            Datasets.validate(data.get("validation"));
        }
        if (data.get("test").present()) {
            Datasets.validate(data.get("test"));
        }
        FitOptions fit = fitOptions(root.get("fit"), data);
        Spec output = root.get("output");
        if (output.present()) {
            output.keys("model", "history");
            output.get("model").string(null);
            output.get("history").string(null);
        }
        return new Run(root, base, model, fit, data);
    }

    Model model() {
        return model;
    }

    private static Model model(Spec m, Path base) throws IOException {
        try {
            if (m.raw() instanceof String s) {
                Path p = base.resolve(s);
                if (!Files.isRegularFile(p)) {
                    throw m.error("no such file: " + p);
                }
                return isZip(p) ? Models.load(p) : Models.fromJson(Files.readString(p, StandardCharsets.UTF_8));
            }
            m.object();
            return Models.fromJson(Json.write(m.raw()));
        } catch (ModelFileException e) {
            throw m.error(e.getMessage());
        }
    }

    static boolean isZip(Path p) throws IOException {
        try (var in = Files.newInputStream(p)) {
            byte[] b = in.readNBytes(2);
            return b.length == 2 && b[0] == 'P' && b[1] == 'K';
        }
    }

    private static FitOptions fitOptions(Spec f, Spec data) {
        FitOptions o = new FitOptions();
        if (f.present()) {
            f.keys("epochs", "batch_size", "shuffle", "verbose", "initial_epoch", "validation_freq", "validation_batch_size",
                    "class_weight", "callbacks");
            o = o.withEpochs(f.get("epochs").integer(1, 1, 1_000_000)).batchSize(f.get("batch_size").integer(32, 1, Integer.MAX_VALUE))
                    .shuffle(f.get("shuffle").bool(true)).verbose(f.get("verbose").integer(1, 0, 2))
                    .initialEpoch(f.get("initial_epoch").integer(0, 0, 1_000_000))
                    .validationFreq(f.get("validation_freq").integer(1, 1, 1_000_000));
            if (f.get("validation_batch_size").present()) {
                o = o.validationBatchSize(f.get("validation_batch_size").integer(32, 1, Integer.MAX_VALUE));
            }
            if (f.get("class_weight").present()) {
                Map<Integer, Double> cw = new LinkedHashMap<>();
                for (Map.Entry<String, Spec> e : f.get("class_weight").entries().entrySet()) {
                    int k;
                    try {
                        k = Integer.parseInt(e.getKey());
                    } catch (NumberFormatException ex) {
                        throw e.getValue().error("class_weight keys must be class indices (\"0\", \"1\", ...), got \"" + e.getKey() + "\"");
                    }
                    cw.put(k, e.getValue().required().number(0));
                }
                o = o.classWeight(cw);
            }
            if (f.get("callbacks").present()) {
                List<Callback> cbs = new ArrayList<>();
                for (Spec c : f.get("callbacks").list()) {
                    try {
                        cbs.add(Registry.get().deserialize(Kind.CALLBACK, c.raw(), Callback.class));
                    } catch (IllegalArgumentException e) {
                        throw c.error(e.getMessage());
                    }
                }
                o = o.callbacks(cbs);
            }
        }
        if (data.get("validation_split").present()) {
            double v = data.get("validation_split").number(0);
            if (!(v > 0 && v < 1)) {
                throw data.get("validation_split").error("expected a number between 0 and 1 (exclusive), got " + v);
            }
            o = o.validationSplit(v);
        }
        return o;
    }

    /** Loads the data, trains, evaluates on the test set, saves the outputs; returns the report. */
    Map<String, Object> execute(PrintStream out) throws IOException {
        model.setOutput(out);
        Datasets.Data train = Datasets.load(data.get("train"), base);
        if (train.y() == null) {
            throw data.get("train").error("the training data needs targets (labels or a label column)");
        }
        FitOptions o = fit;
        if (data.get("validation").present()) {
            Datasets.Data val = Datasets.load(data.get("validation"), base);
            o = o.validationData(val.x(), val.y());
        }
        long start = System.nanoTime();
        History history = model.fit(train.x(), train.y(), o);
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("history", history.history());
        report.put("train_seconds", seconds);
        if (data.get("test").present()) {
            Datasets.Data test = Datasets.load(data.get("test"), base);
            Map<String, Double> r = model.evaluate(test.x(), test.y(), 256, 0);
            for (Map.Entry<String, Double> e : r.entrySet()) {
                out.printf(Locale.ROOT, "Test %s: %.4f%n", e.getKey(), e.getValue());
            }
            report.put("test", r);
        }
        Spec output = root.get("output");
        if (output.present() && output.get("model").present()) {
            Path p = Path.of(output.get("model").string());
            model.save(p);
            out.println("Model saved to " + p);
            report.put("model", p.toString());
        }
        if (output.present() && output.get("history").present()) {
            writeJson(Path.of(output.get("history").string()), history.history());
        }
        return report;
    }

    static void writeJson(Path p, Object value) throws IOException {
        byte[] bytes = Json.writePretty(value).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(p, out -> out.write(bytes));
    }
}
