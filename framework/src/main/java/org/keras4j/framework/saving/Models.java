package org.keras4j.framework.saving;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.layers.WeightBudget;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.optimizers.Optimizer;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Model configs and model files, the Keras way: {@link #toJson}/{@link #fromJson} for the
 * architecture, {@link #save}/{@link #load} for everything needed to predict and to resume
 * training, {@link #saveWeights}/{@link #loadWeights} for weights alone.
 *
 * <pre>{@code
 * model.save(Path.of("mnist.keras4j"));
 * Model again = Models.load(Path.of("mnist.keras4j"));    // compiled, with optimizer state: fit continues
 * Model arch = Models.fromJson(model.toJson());            // same architecture, fresh weights
 * }</pre>
 *
 * <p>The file format (version {@value #FORMAT_VERSION}) is described in {@code docs/model-files.md}:
 * a zip of {@code metadata.json}, {@code config.json} (Keras's model config plus
 * {@code compile_config}), {@code weights.json} and one NumPy {@code .npy} entry per weight, and
 * {@code optimizer.json} plus {@code .npy} entries for the optimizer's state.
 *
 * <p>Every failure, reading or writing, is a {@link ModelFileException} naming the file and the
 * problem; loading never returns a partial model. Names in files resolve only through the
 * {@link Registry}; reading is bounded by {@link LoadLimits}.
 */
public final class Models {
    /** The format version this class writes; it reads versions 1 to this one. */
    public static final int FORMAT_VERSION = 1;
    /** The {@code format} value of {@code metadata.json}. */
    public static final String FORMAT = "keras4j";

    private static final Set<String> TOP_LEVEL_KEYS = Set.of("class_name", "config", "compile_config", "build_config",
            "keras_version", "backend", "module", "registered_name");

    private Models() {
    }

    // ---- configs ----

    /**
     * The model's architecture as JSON, in the layout of Keras's {@code model.to_json()}:
     * {@code {"class_name": "Sequential", "config": {...}}}. Fails if a layer could not be rebuilt
     * from it (not registered, or a config that does not rebuild it).
     */
    public static String toJson(Model model) {
        Serializability.checkModel(model, null);
        return Json.write(Registry.serialize(model));
    }

    /** {@link #fromJson(String, LoadLimits)} with the default limits. */
    public static Model fromJson(String json) {
        return fromJson(json, LoadLimits.defaults());
    }

    /**
     * Rebuilds a model (uncompiled, with fresh weights) from {@link #toJson} output or a Keras
     * {@code model.to_json()} string. Class names resolve only through the {@link Registry}.
     *
     * @throws ModelFileException naming what is wrong, for any invalid, unknown or hostile config
     */
    public static Model fromJson(String json, LoadLimits limits) {
        Object top;
        try {
            top = Json.parse(json);
        } catch (IOException e) {
            throw new ModelFileException(null, "not valid JSON: " + firstLine(e.getMessage()), e);
        }
        return guarded(null, () -> RandomStates.preserving(() -> {
            try (WeightBudget.Scope s = WeightBudget.limit(limits.maxWeightElements())) {
                return fromConfig(top, null);
            }
        }));
    }

    /**
     * Builds the model described by a parsed top-level config ({@code class_name}, {@code config},
     * and Keras's optional top-level keys), uncompiled, with fresh weights. The single entry point
     * of configs into models ({@link #fromJson} and {@link #load} use it; readers of other formats
     * should too). Call it inside {@link WeightBudget#limit} when the config is untrusted.
     *
     * @param source the file the config came from, for messages (null for a string)
     */
    public static Model fromConfig(Object top, Path source) {
        if (!(top instanceof Map<?, ?> m)) {
            throw new ModelFileException(source, "a model config must be a JSON object {\"class_name\": ..., \"config\": ...}");
        }
        for (Object k : m.keySet()) {
            if (!TOP_LEVEL_KEYS.contains(k)) {
                throw new ModelFileException(source, "unknown top-level key '" + k + "' in the model config; accepted keys: "
                        + new java.util.TreeSet<>(TOP_LEVEL_KEYS));
            }
        }
        Object name = m.get("class_name");
        if (!(name instanceof String)) {
            throw new ModelFileException(source, "the model config needs a string 'class_name', received " + name);
        }
        Layer layer = Registry.get().deserialize(Kind.LAYER, Map.of("class_name", name, "config", m.get("config") == null ? Map.of() : m.get("config")), Layer.class);
        if (!(layer instanceof Model model)) {
            throw new ModelFileException(source, "the config describes a " + name + " layer, not a model (Sequential)");
        }
        return model;
    }

    // ---- whole models ----

    /**
     * Writes config, weights, compile settings and optimizer state of {@code model} to one zip file
     * at {@code path}, atomically: the previous file at {@code path} survives any failure.
     *
     * @throws ModelFileException if a layer (or the optimizer, loss or a metric) is not registered or
     *         not rebuilt by its config, or if writing fails
     */
    public static void save(Model model, Path path) {
        Serializability.checkModel(model, path);
        Map<String, Object> config = Registry.serialize(model);
        Map<String, Object> compile = model.getCompileConfig();
        if (compile != null) {
            Serializability.checkCompiled(model, compile, path);
            config.put("compile_config", compile);
        }
        List<Variable> weights = model.weights();
        write(path, zip -> {
            putJson(zip, "metadata.json", metadata("model"));
            putJson(zip, "config.json", config);
            putWeights(zip, weights);
            if (compile != null) {
                putOptimizer(zip, model.optimizer(), weights);
            }
        });
    }

    /** {@link #load(Path, LoadLimits)} with the default limits. */
    public static Model load(Path path) {
        return load(path, LoadLimits.defaults());
    }

    /**
     * Reads a model written by {@link #save}: built, with its weights, and compiled with its
     * optimizer's state restored when it was saved compiled. Does not move ND4J's random generator.
     *
     * @throws ModelFileException for a missing, truncated, corrupt, hostile or newer-version file
     */
    public static Model load(Path path, LoadLimits limits) {
        return guarded(path, () -> {
            try (ArchiveReader zip = ArchiveReader.open(path, limits)) {
                checkMetadata(zip, true);
                Object configJson = zip.readJson("config.json");
                if (!(configJson instanceof Map<?, ?> top)) {
                    throw new ModelFileException(path, "config.json must hold a JSON object");
                }
                List<INDArray> values = readWeights(zip);
                long elements = 0;
                for (INDArray v : values) {
                    elements += v.length();
                }
                Map<String, Object> modelPart = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : top.entrySet()) {
                    if (!"compile_config".equals(e.getKey())) {
                        modelPart.put((String) e.getKey(), e.getValue());
                    }
                }
                long budget = elements;
                Model model = RandomStates.preserving(() -> {
                    try (WeightBudget.Scope s = WeightBudget.limit(budget)) {
                        return fromConfig(modelPart, path);
                    }
                });
                assign(model, values, path);
                Object compile = top.get("compile_config");
                if (compile != null) {
                    if (!(compile instanceof Map<?, ?> cm)) {
                        throw new ModelFileException(path, "compile_config must be an object");
                    }
                    @SuppressWarnings("unchecked")
                    Map<String, Object> cc = (Map<String, Object>) cm;
                    model.compileFromConfig(cc);
                    restoreOptimizer(zip, model.optimizer(), model.weights());
                }
                return model;
            }
        });
    }

    // ---- weights only ----

    /** Writes only the weights of {@code model} (in layer order), atomically. */
    public static void saveWeights(Model model, Path path) {
        List<Variable> weights = model.weights();
        write(path, zip -> {
            putJson(zip, "metadata.json", metadata("weights"));
            putWeights(zip, weights);
        });
    }

    /**
     * Sets the weights of a built {@code model} from a file written by {@link #saveWeights} or
     * {@link #save}. All weights are read and checked before any is set, so on failure the model
     * keeps its weights.
     */
    public static void loadWeights(Model model, Path path) {
        guarded(path, () -> {
            try (ArchiveReader zip = ArchiveReader.open(path, LoadLimits.defaults())) {
                checkMetadata(zip, false);
                assign(model, readWeights(zip), path);
                return null;
            }
        });
    }

    // ---- writing ----

    private interface ZipWriter {
        void write(ZipOutputStream zip) throws IOException;
    }

    private static void write(Path path, ZipWriter body) {
        try {
            AtomicFiles.write(path, (OutputStream out) -> {
                ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8);
                body.write(zip);
                zip.finish();
            });
        } catch (IOException | RuntimeException e) {
            if (e instanceof ModelFileException m) {
                throw m;
            }
            throw new ModelFileException(path, "cannot write the model file (" + e + "); any previous file at this path is unchanged", e);
        }
    }

    private static Map<String, Object> metadata(String contents) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("format_version", FORMAT_VERSION);
        m.put("contents", contents);
        m.put("keras4j_version", version());
        m.put("date_saved", Instant.now().toString());
        m.put("floatx", Backend.floatx() == org.nd4j.linalg.api.buffer.DataType.DOUBLE ? "float64" : "float32");
        return m;
    }

    private static String version() {
        String v = Models.class.getPackage().getImplementationVersion();
        return v != null ? v : "0.1.0-SNAPSHOT";
    }

    private static void putJson(ZipOutputStream zip, String name, Object value) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.DEFLATED);
        zip.putNextEntry(e);
        zip.write(Json.writePretty(value).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }

    /** Arrays are stored uncompressed: floats barely compress, and stored entries make zip bombs stand out. */
    private static void putArray(ZipOutputStream zip, String name, INDArray a) throws IOException {
        byte[] b = Npy.write(a);
        CRC32 crc = new CRC32();
        crc.update(b);
        ZipEntry e = new ZipEntry(name);
        e.setMethod(ZipEntry.STORED);
        e.setSize(b.length);
        e.setCompressedSize(b.length);
        e.setCrc(crc.getValue());
        zip.putNextEntry(e);
        zip.write(b);
        zip.closeEntry();
    }

    private static void putWeights(ZipOutputStream zip, List<Variable> weights) throws IOException {
        List<Object> manifest = new ArrayList<>();
        for (int i = 0; i < weights.size(); i++) {
            Variable v = weights.get(i);
            Map<String, Object> w = new LinkedHashMap<>();
            w.put("name", v.name());
            w.put("shape", toList(v.value().shape()));
            w.put("dtype", v.value().dataType() == org.nd4j.linalg.api.buffer.DataType.DOUBLE ? "float64" : "float32");
            w.put("file", "weights/" + i + ".npy");
            manifest.add(w);
        }
        putJson(zip, "weights.json", Map.of("weights", manifest));
        for (int i = 0; i < weights.size(); i++) {
            putArray(zip, "weights/" + i + ".npy", weights.get(i).value());
        }
    }

    private static void putOptimizer(ZipOutputStream zip, Optimizer opt, List<Variable> weights) throws IOException {
        List<Object> slots = new ArrayList<>();
        List<INDArray> arrays = new ArrayList<>();
        // In weight order; state of variables no longer in the model is dropped.
        for (int i = 0; i < weights.size(); i++) {
            Map<String, INDArray> varSlots = opt.slots().get(weights.get(i));
            if (varSlots == null) {
                continue;
            }
            int k = 0;
            for (Map.Entry<String, INDArray> s : varSlots.entrySet()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("variable", i);
                m.put("variable_name", weights.get(i).name());
                m.put("slot", s.getKey());
                m.put("file", "optimizer/" + i + "_" + k++ + ".npy");
                slots.add(m);
                arrays.add(s.getValue());
            }
        }
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("iterations", opt.iterations());
        state.put("slots", slots);
        putJson(zip, "optimizer.json", state);
        for (int j = 0; j < slots.size(); j++) {
            putArray(zip, (String) ((Map<?, ?>) slots.get(j)).get("file"), arrays.get(j));
        }
    }

    // ---- reading ----

    private static void checkMetadata(ArchiveReader zip, boolean needModel) {
        Path path = zip.path();
        if (!zip.has("metadata.json")) {
            String what = zip.has("model.weights.h5") ? "a Keras .keras archive (HDF5 weights), not a Keras4J model file"
                    : "not a Keras4J model file (no metadata.json)";
            throw new ModelFileException(path, what);
        }
        Object meta = zip.readJson("metadata.json");
        if (!(meta instanceof Map<?, ?> m) || !FORMAT.equals(m.get("format"))) {
            throw new ModelFileException(path, "metadata.json does not say format \"" + FORMAT + "\": not a Keras4J model file");
        }
        Object v = m.get("format_version");
        if (!(v instanceof Integer version) || version < 1) {
            throw new ModelFileException(path, "metadata.json has an invalid format_version " + v);
        }
        if (version > FORMAT_VERSION) {
            throw new ModelFileException(path, "written with format_version " + version + " by a newer Keras4J ("
                    + m.get("keras4j_version") + "); this Keras4J reads format versions 1 to " + FORMAT_VERSION);
        }
        Object contents = m.get("contents");
        if (!"model".equals(contents) && !"weights".equals(contents)) {
            throw new ModelFileException(path, "metadata.json has an unknown 'contents' value " + contents);
        }
        if (needModel && !"model".equals(contents)) {
            throw new ModelFileException(path, "holds only weights (written by saveWeights); load them with model.loadWeights(path) "
                    + "into a model of the same architecture");
        }
    }

    /** Every weight array listed in weights.json, checked against its listed shape. */
    private static List<INDArray> readWeights(ArchiveReader zip) {
        Path path = zip.path();
        Object manifest = zip.readJson("weights.json");
        Object list = manifest instanceof Map<?, ?> m ? m.get("weights") : null;
        if (!(list instanceof List<?> items)) {
            throw new ModelFileException(path, "weights.json must be {\"weights\": [...]}");
        }
        List<INDArray> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof Map<?, ?> w) || !(w.get("file") instanceof String file)) {
                throw new ModelFileException(path, "weights.json entry " + i + " must be an object with a 'file'");
            }
            long[] shape = longs(w.get("shape"));
            if (shape == null) {
                throw new ModelFileException(path, "weights.json entry " + i + " has an invalid 'shape' " + w.get("shape"));
            }
            INDArray a = zip.readArray(file);
            if (!Arrays.equals(a.shape(), shape)) {
                throw new ModelFileException(path, "entry '" + file + "' has shape " + Shape.format(a.shape())
                        + " but weights.json lists " + Shape.format(shape));
            }
            out.add(a);
        }
        return out;
    }

    private static void assign(Model model, List<INDArray> values, Path path) {
        List<Variable> ws = model.weights();
        if (ws.size() != values.size()) {
            String hint = ws.isEmpty() && !values.isEmpty() ? " (the model is not built: build it or give it an Input first)" : "";
            throw new ModelFileException(path, "the file holds " + values.size() + " weights but model \"" + model.name() + "\" has "
                    + ws.size() + hint);
        }
        for (int i = 0; i < ws.size(); i++) {
            if (!Arrays.equals(ws.get(i).value().shape(), values.get(i).shape())) {
                throw new ModelFileException(path, "weight " + i + " (" + ws.get(i).name() + ") has shape "
                        + Shape.format(ws.get(i).value().shape()) + " in the model but " + Shape.format(values.get(i).shape())
                        + " in the file");
            }
        }
        for (int i = 0; i < ws.size(); i++) {
            ws.get(i).value().assign(values.get(i));
            values.get(i).close();
        }
    }

    private static void restoreOptimizer(ArchiveReader zip, Optimizer opt, List<Variable> weights) {
        Path path = zip.path();
        if (!zip.has("optimizer.json")) {
            return; // compiled but never trained when saved
        }
        Object st = zip.readJson("optimizer.json");
        if (!(st instanceof Map<?, ?> state) || !(state.get("iterations") instanceof Number it) || !(state.get("slots") instanceof List<?> slots)) {
            throw new ModelFileException(path, "optimizer.json must be {\"iterations\": n, \"slots\": [...]}");
        }
        if (!(it instanceof Integer || it instanceof Long) || it.longValue() < 0) {
            throw new ModelFileException(path, "optimizer.json: iterations must be an integer >= 0, received " + it);
        }
        List<Object[]> restored = new ArrayList<>();
        for (Object o : slots) {
            if (!(o instanceof Map<?, ?> s) || !(s.get("variable") instanceof Integer vi) || !(s.get("slot") instanceof String name)
                    || !(s.get("file") instanceof String file)) {
                throw new ModelFileException(path, "optimizer.json: each slot needs an integer 'variable', a 'slot' name and a 'file'");
            }
            if (vi < 0 || vi >= weights.size()) {
                throw new ModelFileException(path, "optimizer.json: slot of variable " + vi + " but the model has " + weights.size() + " weights");
            }
            INDArray a = zip.readArray(file);
            if (!Arrays.equals(a.shape(), weights.get(vi).value().shape())) {
                throw new ModelFileException(path, "optimizer slot '" + name + "' of " + weights.get(vi).name() + " has shape "
                        + Shape.format(a.shape()) + ", the variable " + Shape.format(weights.get(vi).value().shape()));
            }
            restored.add(new Object[] {weights.get(vi), name, a});
        }
        for (Object[] r : restored) {
            opt.setSlot((Variable) r[0], (String) r[1], (INDArray) r[2]);
            ((INDArray) r[2]).close();
        }
        opt.setIterations(it.longValue());
    }

    private static long[] longs(Object o) {
        if (!(o instanceof List<?> l) || l.size() > 32) {
            return null;
        }
        long[] out = new long[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Integer || l.get(i) instanceof Long) || ((Number) l.get(i)).longValue() < 0) {
                return null;
            }
            out[i] = ((Number) l.get(i)).longValue();
        }
        return out;
    }

    private static List<Object> toList(long[] a) {
        List<Object> out = new ArrayList<>();
        for (long d : a) {
            out.add(d);
        }
        return out;
    }

    /** Runs a load step; anything but our exception becomes one, so callers see a single documented type. */
    private static <T> T guarded(Path path, java.util.function.Supplier<T> body) {
        try {
            return body.get();
        } catch (ModelFileException e) {
            throw e;
        } catch (RuntimeException | StackOverflowError e) {
            String msg = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new ModelFileException(path, "invalid model: " + msg, e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
