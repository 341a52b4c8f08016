package org.keras4j.framework.saving.keras;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.layers.WeightBudget;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.saving.LoadLimits;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Imports models written by Python Keras: Keras 3 {@code .keras} archives, legacy {@code .h5}
 * full-model files (Keras 1.2, Keras 2.x, tf.keras), {@code model.to_json()} configs and
 * {@code .h5} weights-only files. Configs of every version are translated by
 * {@link KerasConfigAdapter}; weights go through the {@link KerasWeightMapping} of each layer class.
 *
 * <pre>{@code
 * Model m = KerasModelImport.load(Path.of("model.h5"));          // or model.keras
 * INDArray y = m.predict(x);
 * Model n = KerasModelImport.load(Path.of("config.json"), Path.of("weights.h5"));
 * }</pre>
 *
 * <p>A {@code .keras} archive's model is compiled from its {@code compile_config} when Keras4J has
 * its optimizer, loss and metrics (without the optimizer's saved state); other imports are uncompiled.
 *
 * <p>A model using layers Keras4J does not have fails with one {@link KerasImportException} listing
 * all of them (class and layer names). Sequential models are built here; functional models
 * ({@code Model}, {@code Functional}) are handed, translated, to the registered {@code Functional}.
 * Nothing in a file is turned into a Java class name: layer classes resolve through the {@link Registry}.
 */
public final class KerasModelImport {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(KerasModelImport.class);
    /** A config file larger than this is refused. */
    static final long MAX_CONFIG_BYTES = 64L << 20;

    private KerasModelImport() {
    }

    /**
     * Loads a Keras model file with its weights: a {@code .keras} archive (zip) or a legacy
     * full-model {@code .h5} file, told apart by their first bytes. The single entry point that
     * {@code Models.load} delegates to for Keras files.
     */
    public static Model load(Path path) {
        requireFile(path);
        if (KerasHdf5.isHdf5(path)) {
            KerasHdf5.LegacyFile f = KerasHdf5.readLegacy(path);
            if (f.modelConfig() == null) {
                throw new KerasImportException(path + ": this .h5 file holds weights only (no model_config attribute); "
                        + "load it with KerasModelImport.load(configJson, weights) or loadWeights(model, weights)");
            }
            KerasModelConfig cfg = KerasConfigAdapter.adaptModel(parse(f.modelConfig(), path + " model_config"), f.kerasVersion());
            Model model = build(cfg, path.toString(), true, storedElements(f.weights()));
            assignLegacy(model, cfg, f, path.toString());
            return model;
        }
        if (isZip(path)) {
            KerasArchive a = KerasArchive.read(path);
            String version = null;
            if (a.metadataJson() != null && parse(a.metadataJson(), path + " metadata.json").get("keras_version") instanceof String v) {
                version = v;
            }
            Map<String, Object> top = parse(a.configJson(), path + " config.json");
            KerasModelConfig cfg = KerasConfigAdapter.adaptModel(top, version);
            Model model;
            if (a.weightsH5() == null) {
                model = build(cfg, path.toString(), false);
            } else {
                Map<String, List<KerasWeight>> weights = KerasHdf5.readKeras3Weights(a.weightsH5(), path + "!/model.weights.h5");
                model = build(cfg, path.toString(), true, storedElements(weights));
                assignKeras3(model, cfg, weights, path.toString());
            }
            compileIfPossible(model, top.get("compile_config"), path);
            return model;
        }
        throw new KerasImportException(path + ": neither a Keras .keras archive (zip) nor a Keras .h5 file (HDF5)");
    }

    /**
     * Compiles with the archive's Keras 3 {@code compile_config} (optimizer, loss, metrics), as
     * Keras's {@code load_model} does; when that names something Keras4J lacks, the model stays
     * uncompiled with a warning, as in Keras. The optimizer's saved state is not restored.
     */
    private static void compileIfPossible(Model model, Object compileConfig, Path path) {
        if (!(compileConfig instanceof Map<?, ?> cc)) {
            return;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> c = (Map<String, Object>) cc;
        try {
            model.compileFromConfig(c);
        } catch (IllegalArgumentException e) {
            LOG.warn("{}: the model was imported uncompiled; its compile_config could not be used: {}", path, e.getMessage());
        }
    }

    /** Loads a {@code model.to_json()} config file and a weights-only {@code .h5} file ({@code save_weights}). */
    public static Model load(Path configJson, Path weightsH5) {
        Model m = fromJson(readConfigFile(configJson), configJson.toString(), true);
        loadWeights(m, weightsH5);
        return m;
    }

    /** Builds the model of a {@code model.to_json()} config, with freshly initialised weights. */
    public static Model fromJson(String json) {
        return fromJson(json, "Keras config", false);
    }

    /** Reads a {@code model.to_json()} config file and builds its model, with freshly initialised weights. */
    public static Model fromJsonFile(Path configJson) {
        return fromJson(readConfigFile(configJson), configJson.toString(), false);
    }

    private static Model fromJson(String json, String source, boolean weightsWillLoad) {
        return build(readConfig(json, source), source, weightsWillLoad);
    }

    /** Parses and translates a config without building it (to inspect layers and versions). */
    public static KerasModelConfig readConfig(String json, String source) {
        return KerasConfigAdapter.adaptModel(parse(json, source), null);
    }

    /**
     * Loads weights into a model built from the same Keras config: a legacy {@code .h5}
     * (weights-only or full-model file; layers matched by name) or a Keras 3 {@code .weights.h5}.
     */
    public static void loadWeights(Model model, Path weightsH5) {
        requireFile(weightsH5);
        Model s = model;
        KerasModelConfig cfg = describe(s);
        if (!KerasHdf5.isHdf5(weightsH5)) {
            throw new KerasImportException(weightsH5 + ": not an HDF5 file");
        }
        if (KerasHdf5.isLegacyLayout(weightsH5)) {
            assignLegacy(s, cfg, KerasHdf5.readLegacy(weightsH5), weightsH5.toString());
        } else {
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(weightsH5);
            } catch (IOException e) {
                throw new KerasImportException(weightsH5 + ": cannot read: " + e.getMessage(), e);
            }
            assignKeras3(s, cfg, KerasHdf5.readKeras3Weights(bytes, weightsH5.toString()), weightsH5.toString());
        }
    }

    /** Our own Sequential seen as a Keras config, for loading weights into a model built in Java. */
    private static KerasModelConfig describe(Model s) {
        List<KerasLayerConfig> layers = new ArrayList<>();
        for (Layer l : s.layers()) {
            layers.add(new KerasLayerConfig(l.className(), l.className(), l.name(), l.getConfig(), List.of()));
        }
        return new KerasModelConfig(s instanceof Sequential ? "Sequential" : "Functional", s.name(), "3", 3, layers, null, null, null);
    }

    /**
     * Whether {@link #load(Path)} is the reader for this file: an HDF5 file, or a zip whose
     * {@code metadata.json} carries a {@code keras_version} and is not Keras4J's own format
     * ({@code "format": "keras4j"}). {@code Models.load} delegates such files here.
     */
    public static boolean isKerasFile(Path path) {
        if (!Files.isRegularFile(path)) {
            return false;
        }
        if (KerasHdf5.isHdf5(path)) {
            return true;
        }
        if (!isZip(path)) {
            return false;
        }
        try {
            String metadata = KerasArchive.readMetadata(path);
            if (metadata == null) {
                return false;
            }
            Map<String, Object> m = parse(metadata, path + " metadata.json");
            return m.get("keras_version") != null && !"keras4j".equals(m.get("format"));
        } catch (KerasImportException unreadable) {
            return false; // not recognisably Keras: the caller's own reader reports what is wrong
        }
    }

    // ---- building ----

    /**
     * Builds the Keras4J model for a translated config, after checking that every layer exists
     * (and, when weights will be loaded, has a weight mapping); otherwise fails listing all of them.
     */
    static Model build(KerasModelConfig cfg, String source, boolean withWeights) {
        return build(cfg, source, withWeights, LoadLimits.defaults().maxWeightElements());
    }

    /**
     * As {@link #build(KerasModelConfig, String, boolean)}, letting the layers create at most
     * {@code maxWeightElements} weight elements: a hostile config asking for {@code Dense(units=2^30)}
     * fails before allocating. A file with weights allows exactly the elements it stores.
     */
    static Model build(KerasModelConfig cfg, String source, boolean withWeights, long maxWeightElements) {
        List<String> unsupported = unsupportedLayers(cfg, withWeights);
        if (!cfg.isSequential() && cfg.functionalConfig() != null && Registry.get().contains(Kind.LAYER, "Functional")) {
            if (!unsupported.isEmpty()) {
                throw new KerasImportException(source + ": cannot import Keras " + cfg.kerasVersion() + " " + cfg.modelClass() + " \""
                        + cfg.name() + "\": " + unsupported.size() + " unsupported layer(s): " + String.join(", ", unsupported)
                        + ". Layers Keras4J can import: " + String.join(", ", supportedLayers(withWeights)) + ".");
            }
            try (WeightBudget.Scope budget = WeightBudget.limit(maxWeightElements)) {
                return Registry.get().create(Kind.LAYER, "Functional", Config.of(cfg.functionalConfig(), cfg.modelClass() + " config"),
                        Model.class);
            } catch (KerasImportException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new KerasImportException(source + ": Keras " + cfg.modelClass() + " \"" + cfg.name() + "\": " + e.getMessage(), e);
            }
        }
        if (!cfg.isSequential()) {
            StringBuilder b = new StringBuilder(source + ": importing Keras model class \"" + cfg.modelClass()
                    + "\" (functional API) is not supported yet; only Sequential models can be imported.");
            if (!unsupported.isEmpty()) {
                b.append(" The model also uses ").append(unsupported.size()).append(" unsupported layer(s): ")
                        .append(String.join(", ", unsupported)).append('.');
            }
            throw new KerasImportException(b.toString());
        }
        if (!unsupported.isEmpty()) {
            throw new KerasImportException(source + ": cannot import Keras " + cfg.kerasVersion() + " Sequential \"" + cfg.name()
                    + "\": " + unsupported.size() + " unsupported layer(s): " + String.join(", ", unsupported)
                    + ". Layers Keras4J can import: " + String.join(", ", supportedLayers(withWeights)) + ".");
        }
        if (cfg.inputShape() == null) {
            throw new KerasImportException(source + ": the Sequential config gives no input shape (no InputLayer, "
                    + "batch_input_shape or build_input_shape), so its weights cannot be created");
        }
        Sequential model = new Sequential();
        model.setName(cfg.name());
        model.add(new Input(cfg.inputShape(), cfg.inputName()));
        try (WeightBudget.Scope budget = WeightBudget.limit(maxWeightElements)) {
            addLayers(model, cfg, source);
        }
        return model;
    }

    private static void addLayers(Sequential model, KerasModelConfig cfg, String source) {
        for (int i = 0; i < cfg.layers().size(); i++) {
            KerasLayerConfig l = cfg.layers().get(i);
            Layer layer;
            try {
                layer = Registry.get().create(Kind.LAYER, l.className(), Config.of(l.config(), l.className() + " config"), Layer.class);
                model.add(layer);
            } catch (KerasImportException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new KerasImportException(source + ": Keras layer " + l.describe() + " (index " + i + "): " + e.getMessage(), e);
            }
        }
    }

    /**
     * Every layer of {@code cfg} that cannot be imported, as {@code Class "name"}: its class is not
     * registered, or (when {@code withWeights}) it has no {@link KerasWeightMapping}. Empty when all can.
     */
    public static List<String> unsupportedLayers(KerasModelConfig cfg, boolean withWeights) {
        List<String> unsupported = new ArrayList<>();
        for (KerasLayerConfig l : cfg.layers()) {
            collectUnsupported(l, withWeights, unsupported);
        }
        return unsupported;
    }

    private static void collectUnsupported(KerasLayerConfig l, boolean withWeights, List<String> out) {
        if (!Registry.get().contains(Kind.LAYER, l.className())) {
            out.add(l.describe());
        } else if (withWeights && KerasWeightMappings.get().find(l.className()) == null) {
            out.add(l.describe() + " (no weight mapping)");
        }
        for (KerasLayerConfig in : l.inner()) {
            collectUnsupported(in, withWeights, out);
        }
    }

    /** Layer classes that can be imported: registered, and with a weight mapping when weights load. */
    public static List<String> supportedLayers(boolean withWeights) {
        List<String> out = new ArrayList<>();
        for (String n : Registry.get().names(Kind.LAYER)) {
            boolean model = n.equals("Sequential") || n.equals("Functional") || n.equals("Model");
            if (!model && Character.isUpperCase(n.charAt(0)) && (!withWeights || KerasWeightMappings.get().find(n) != null)) {
                out.add(n);
            }
        }
        return out;
    }

    // ---- weights ----

    private static void assignLegacy(Model model, KerasModelConfig cfg, KerasHdf5.LegacyFile f, String source) {
        int major = f.kerasVersion() != null ? KerasConfigAdapter.majorOf(f.kerasVersion()) : cfg.kerasMajor();
        Map<String, List<KerasWeight>> byName = new LinkedHashMap<>(f.weights());
        for (KerasLayerConfig l : cfg.layers()) {
            if (l.className().equals("InputLayer")) {
                byName.remove(l.name());
                continue;
            }
            List<KerasWeight> ws = byName.remove(l.name());
            assign(model.getLayer(l.name()), l, ws, major, f.backend(), source);
        }
        rejectLeftovers(byName, source, model);
    }

    private static void assignKeras3(Model model, KerasModelConfig cfg, Map<String, List<KerasWeight>> stored, String source) {
        Map<String, List<KerasWeight>> left = new LinkedHashMap<>(stored);
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (KerasLayerConfig l : cfg.layers()) {
            // Keras 3 names weight groups by class (dense, dense_1, ...) in layer order, not by layer name.
            String base = snakeCase(l.className());
            int n = counts.merge(base, 1, Integer::sum) - 1;
            String key = n == 0 ? base : base + "_" + n;
            if (!left.containsKey(key) && left.containsKey(l.name())) {
                key = l.name();
            }
            if (l.className().equals("InputLayer")) {
                left.remove(key);
                continue;
            }
            assign(model.getLayer(l.name()), l, left.remove(key), 3, null, source);
        }
        rejectLeftovers(left, source, model);
    }

    private static long storedElements(Map<String, List<KerasWeight>> weights) {
        long n = 0;
        for (List<KerasWeight> ws : weights.values()) {
            for (KerasWeight w : ws) {
                n += w.value().length();
            }
        }
        return n;
    }

    private static void rejectLeftovers(Map<String, List<KerasWeight>> left, String source, Model model) {
        for (Map.Entry<String, List<KerasWeight>> e : left.entrySet()) {
            if (!e.getValue().isEmpty()) {
                List<String> names = new ArrayList<>();
                for (Layer l : model.layers()) {
                    names.add(l.name());
                }
                throw new KerasImportException(source + ": the file holds weights for layer '" + e.getKey()
                        + "', which the model does not have (its layers: " + names + ")");
            }
        }
    }

    private static void assign(Layer layer, KerasLayerConfig l, List<KerasWeight> stored, int major, String backend, String source) {
        List<KerasWeight> ws = stored == null ? List.of() : stored;
        if (stored == null && !layer.weights().isEmpty()) {
            throw new KerasImportException(source + ": the file holds no weights for Keras layer " + l.describe()
                    + ", which has " + layer.weights().size());
        }
        KerasWeightMapping mapping = KerasWeightMappings.get().find(l.className());
        if (mapping == null) {
            throw new KerasImportException(source + ": no Keras weight mapping for " + l.describe()
                    + "; register one with KerasWeightMappings.get().register(\"" + l.className() + "\", ...)");
        }
        List<INDArray> values;
        try {
            values = mapping.toKeras4j(new KerasLayerWeights(l, major, backend, ws), layer);
        } catch (KerasImportException e) {
            throw new KerasImportException(source + ": " + e.getMessage(), e);
        }
        List<Variable> vars = layer.weights();
        if (values.size() != vars.size()) {
            throw new KerasImportException(source + ": the weight mapping of " + l.className() + " gave " + values.size()
                    + " arrays for " + layer.describe() + ", which has " + vars.size());
        }
        for (int i = 0; i < vars.size(); i++) {
            INDArray v = values.get(i);
            if (!java.util.Arrays.equals(v.shape(), vars.get(i).shape())) {
                throw new KerasImportException(source + ": Keras layer " + l.describe() + " weight " + i
                        + (i < ws.size() ? " '" + ws.get(i).name() + "'" : "") + " has shape " + Shape.format(v.shape())
                        + " but " + layer.describe() + " expects " + Shape.format(vars.get(i).shape()) + " for " + vars.get(i).name());
            }
        }
        for (int i = 0; i < vars.size(); i++) {
            vars.get(i).assign(values.get(i).castTo(vars.get(i).value().dataType()));
        }
    }

    /** Keras's {@code to_snake_case}: {@code BatchNormalization} to {@code batch_normalization}, {@code Conv2D} to {@code conv2d}. */
    static String snakeCase(String className) {
        String n = className.replaceAll("\\W+", "");
        n = n.replaceAll("(.)([A-Z][a-z]+)", "$1_$2");
        n = n.replaceAll("([a-z])([A-Z])", "$1_$2");
        return n.toLowerCase(Locale.ROOT);
    }

    // ---- files ----

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String json, String source) {
        try {
            Object v = JSON.readValue(json, Object.class);
            if (!(v instanceof Map<?, ?> m)) {
                throw new KerasImportException(source + ": expected a JSON object, received " + KerasConfigAdapter.brief(v));
            }
            return (Map<String, Object>) m;
        } catch (JsonProcessingException e) {
            throw new KerasImportException(source + ": not valid JSON: " + e.getOriginalMessage(), e);
        }
    }

    private static String readConfigFile(Path p) {
        requireFile(p);
        try {
            if (Files.size(p) > MAX_CONFIG_BYTES) {
                throw new KerasImportException(p + ": config file larger than " + MAX_CONFIG_BYTES + " bytes");
            }
            return Files.readString(p);
        } catch (IOException e) {
            throw new KerasImportException(p + ": cannot read: " + e.getMessage(), e);
        }
    }

    private static void requireFile(Path p) {
        if (!Files.isRegularFile(p)) {
            throw new KerasImportException(p + ": no such file");
        }
    }

    private static boolean isZip(Path path) {
        try (var in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(4);
            return head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        } catch (IOException e) {
            return false;
        }
    }
}
