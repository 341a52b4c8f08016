package org.keras4j.framework.saving.keras;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The one place where Keras configs of every version (Keras 1.2, Keras 2.x, tf.keras, Keras 3) are
 * translated to the Keras 3 layout that Keras4J's layers read, so no layer carries legacy names.
 *
 * <ul>
 *   <li>Model layouts: Sequential {@code config} as a plain list (Keras 1 to 2.1) or as
 *       {@code {name, layers}}; the input shape from an {@code InputLayer}, a first layer's
 *       {@code batch_input_shape}/{@code batch_shape}/{@code input_shape}/{@code input_dim}, the
 *       model's {@code build_input_shape} or a Keras 3 {@code build_config}.</li>
 *   <li>Keras 3 wrapping: {@code module}, {@code registered_name}, {@code build_config},
 *       {@code shared_object_id} are dropped; {@code DTypePolicy} objects become their name.</li>
 *   <li>Keras 1 names: {@code Convolution2D} to {@code Conv2D} and the like; {@code output_dim},
 *       {@code init}, {@code inner_init}, {@code inner_activation}, {@code W_regularizer},
 *       {@code nb_filter}, {@code nb_row}/{@code nb_col}, {@code filter_length}, {@code subsample},
 *       {@code border_mode}, {@code dim_ordering}, {@code p}, {@code bias}, ... to their Keras 3
 *       names; Keras 1 initializer names and regularizer objects.</li>
 *   <li>Keras 2 semantics that changed in Keras 3: {@code hard_sigmoid} (Keras 2's
 *       {@code clip(0.2x + 0.5, 0, 1)} becomes {@code hard_sigmoid_keras2}), GRU's
 *       {@code reset_after} default (false before Keras 3), LeakyReLU's {@code alpha},
 *       list-valued BatchNormalization {@code axis}, and obsolete keys left at their neutral value
 *       ({@code implementation}, {@code fused}, {@code time_major}, ...).</li>
 * </ul>
 *
 * <p>Values it does not know are passed through unchanged, so a layer's own {@code fromConfig}
 * still reports keys it does not accept.
 */
public final class KerasConfigAdapter {
    /** Keras 1 class names that Keras 2 renamed. */
    private static final Map<String, String> KERAS1_CLASSES = Map.of(
            "Convolution1D", "Conv1D",
            "Convolution2D", "Conv2D",
            "Convolution3D", "Conv3D",
            "AtrousConvolution1D", "Conv1D",
            "AtrousConvolution2D", "Conv2D",
            "Deconvolution2D", "Conv2DTranspose",
            "SeparableConvolution2D", "SeparableConv2D");

    /** Keras 1 argument names with a one-to-one Keras 2/3 name (Embedding's are handled separately). */
    private static final Map<String, String> KERAS1_KEYS = Map.ofEntries(
            Map.entry("output_dim", "units"),
            Map.entry("init", "kernel_initializer"),
            Map.entry("inner_init", "recurrent_initializer"),
            Map.entry("inner_activation", "recurrent_activation"),
            Map.entry("W_regularizer", "kernel_regularizer"),
            Map.entry("U_regularizer", "recurrent_regularizer"),
            Map.entry("b_regularizer", "bias_regularizer"),
            Map.entry("W_constraint", "kernel_constraint"),
            Map.entry("U_constraint", "recurrent_constraint"),
            Map.entry("b_constraint", "bias_constraint"),
            Map.entry("dropout_W", "dropout"),
            Map.entry("dropout_U", "recurrent_dropout"),
            Map.entry("bias", "use_bias"),
            Map.entry("nb_filter", "filters"),
            Map.entry("border_mode", "padding"),
            Map.entry("subsample", "strides"),
            Map.entry("atrous_rate", "dilation_rate"),
            Map.entry("p", "rate"),
            Map.entry("sigma", "stddev"),
            Map.entry("gamma_init", "gamma_initializer"),
            Map.entry("beta_init", "beta_initializer"));

    /** Keras 1 initializer names that Keras 2 renamed. */
    private static final Map<String, String> KERAS1_INITIALIZERS = Map.of(
            "zero", "zeros", "one", "ones", "uniform", "random_uniform", "normal", "random_normal");

    /** Keys Keras 3 dropped; removed when they hold the value that means "not used". */
    private static final Map<String, Predicate<Object>> OBSOLETE_WHEN_NEUTRAL = Map.of(
            "implementation", v -> true,           // a speed hint (1 or 2), same maths
            "consume_less", v -> true,             // Keras 1's speed hint
            "input_dtype", v -> true,              // Keras 1; the model's dtype is floatx
            "fused", v -> true,                    // BatchNormalization's kernel choice, same maths
            "time_major", v -> Boolean.FALSE.equals(v),
            "zero_output_for_mask", v -> Boolean.FALSE.equals(v),
            "renorm", v -> Boolean.FALSE.equals(v),
            "virtual_batch_size", v -> v == null,
            "adjustment", v -> v == null,
            "mode", v -> v instanceof Number n && n.intValue() == 0); // Keras 1 BatchNormalization mode 0 is Keras 2's

    private KerasConfigAdapter() {
    }

    /**
     * Translates a whole model config as parsed from JSON: {@code {"class_name": ..., "config": ...}}
     * with optional {@code keras_version}.
     *
     * @param kerasVersion the version from the file's metadata (HDF5 attribute, metadata.json), or null
     */
    public static KerasModelConfig adaptModel(Map<String, Object> json, String kerasVersion) {
        Object cls = json.get("class_name");
        if (!(cls instanceof String modelClass)) {
            throw new KerasImportException("Keras model config: expected a string 'class_name' (Sequential, Functional, Model), received "
                    + brief(cls));
        }
        if (kerasVersion == null && json.get("keras_version") instanceof String v) {
            kerasVersion = v;
        }
        Object cfg = json.get("config");
        List<?> rawLayers;
        String name;
        Object buildInputShape = null;
        if (cfg instanceof List<?> list) { // Keras 1 to 2.1 Sequential
            rawLayers = list;
            name = modelClass.toLowerCase(java.util.Locale.ROOT);
        } else if (cfg instanceof Map<?, ?> m) {
            if (!(m.get("layers") instanceof List<?> list)) {
                throw new KerasImportException("Keras " + modelClass + " config: 'layers' must be a list, received " + brief(m.get("layers")));
            }
            rawLayers = list;
            name = m.get("name") instanceof String s ? s : modelClass.toLowerCase(java.util.Locale.ROOT);
            buildInputShape = m.get("build_input_shape");
            if (buildInputShape == null && json.get("build_config") instanceof Map<?, ?> bc) {
                buildInputShape = bc.get("input_shape");
            }
        } else {
            throw new KerasImportException("Keras " + modelClass + " config: 'config' must be an object or a list, received " + brief(cfg));
        }
        int major = kerasVersion != null ? majorOf(kerasVersion) : guessMajor(json, rawLayers);
        String version = kerasVersion != null ? kerasVersion : Integer.toString(major);

        List<KerasLayerConfig> layers = new ArrayList<>();
        long[] inputShape = null;
        String inputName = null;
        boolean sequential = "Sequential".equals(modelClass);
        for (int i = 0; i < rawLayers.size(); i++) {
            KerasLayerConfig l = adaptLayer(rawLayers.get(i), major, "layer " + i + " of " + modelClass + " \"" + name + "\"");
            if (sequential && "InputLayer".equals(l.className())) {
                if (!layers.isEmpty() || inputShape != null) {
                    throw new KerasImportException("Keras Sequential \"" + name + "\": InputLayer \"" + l.name()
                            + "\" must come first, found at index " + i);
                }
                inputShape = sampleShape(l.config(), "InputLayer \"" + l.name() + "\"");
                inputName = l.name();
                continue;
            }
            if (sequential && layers.isEmpty() && inputShape == null) {
                inputShape = sampleShape(l.config(), l.describe());
                if (inputShape == null && rawLayers.get(i) instanceof Map<?, ?> spec && spec.get("build_config") instanceof Map<?, ?> bc) {
                    inputShape = shapeFromList(bc.get("input_shape"), l.describe() + " build_config");
                }
                if (inputShape != null) {
                    inputName = l.name() + "_input";
                }
            }
            layers.add(l);
        }
        if (sequential && inputShape == null && buildInputShape != null) {
            inputShape = shapeFromList(buildInputShape, "Sequential \"" + name + "\" build_input_shape");
            inputName = name + "_input";
        }
        Map<String, Object> functional = null;
        if (!sequential && cfg instanceof Map<?, ?> m) {
            functional = new LinkedHashMap<>();
            functional.put("name", name);
            List<Object> specs = new ArrayList<>();
            for (int i = 0; i < layers.size(); i++) {
                KerasLayerConfig l = layers.get(i);
                Map<String, Object> spec = new LinkedHashMap<>();
                spec.put("class_name", l.className());
                spec.put("config", l.config());
                spec.put("name", l.name());
                Object nodes = rawLayers.get(i) instanceof Map<?, ?> raw ? raw.get("inbound_nodes") : null;
                spec.put("inbound_nodes", nodes == null ? List.of() : copy(nodes));
                specs.add(spec);
            }
            functional.put("layers", specs);
            functional.put("input_layers", copy(m.get("input_layers")));
            functional.put("output_layers", copy(m.get("output_layers")));
        }
        return new KerasModelConfig(modelClass, name, version, major, List.copyOf(layers), inputShape, inputName, functional);
    }

    /** Translates one layer spec {@code {"class_name": ..., "config": {...}}} (any Keras version). */
    public static KerasLayerConfig adaptLayer(Object spec, int kerasMajor, String where) {
        if (!(spec instanceof Map<?, ?> m) || !(m.get("class_name") instanceof String kerasClass)) {
            throw new KerasImportException(where + ": expected {\"class_name\": ..., \"config\": {...}}, received " + brief(spec));
        }
        Object rawCfg = m.get("config");
        if (rawCfg != null && !(rawCfg instanceof Map<?, ?>)) {
            throw new KerasImportException(where + " (" + kerasClass + "): 'config' must be an object, received " + brief(rawCfg));
        }
        Map<String, Object> config = rawCfg == null ? new LinkedHashMap<>() : copyMap((Map<?, ?>) rawCfg);
        if (config.get("name") == null && m.get("name") instanceof String n) {
            config.put("name", n); // functional configs also carry the name beside the config
        }
        String cls = KERAS1_CLASSES.getOrDefault(kerasClass, kerasClass);
        renameKeras1Keys(cls, config);
        adaptKeras2Semantics(cls, config, kerasMajor);
        stripKeras3Wrapping(config);
        for (String k : OBSOLETE_WHEN_NEUTRAL.keySet()) {
            if (config.containsKey(k) && OBSOLETE_WHEN_NEUTRAL.get(k).test(config.get(k))) {
                config.remove(k);
            }
        }
        List<KerasLayerConfig> inner = new ArrayList<>();
        for (String k : List.of("layer", "forward_layer", "backward_layer")) {
            if (config.get(k) instanceof Map<?, ?> innerSpec && innerSpec.get("class_name") != null) {
                KerasLayerConfig in = adaptLayer(innerSpec, kerasMajor, where + " (" + kerasClass + "." + k + ")");
                inner.add(in);
                Map<String, Object> back = new LinkedHashMap<>();
                back.put("class_name", in.className());
                back.put("config", in.config());
                config.put(k, back);
            }
        }
        String name = config.get("name") instanceof String s ? s : cls.toLowerCase(java.util.Locale.ROOT);
        return new KerasLayerConfig(kerasClass, cls, name, config, List.copyOf(inner));
    }

    private static void renameKeras1Keys(String cls, Map<String, Object> c) {
        if (cls.equals("Embedding")) {
            rename(c, "init", "embeddings_initializer");
            rename(c, "W_regularizer", "embeddings_regularizer");
            rename(c, "W_constraint", "embeddings_constraint");
            if (c.get("dropout") instanceof Number n && n.doubleValue() == 0) {
                c.remove("dropout"); // Keras 1 Embedding's dropout; 0 means none
            }
        }
        if (c.containsKey("forget_bias_init")) {
            Object v = c.remove("forget_bias_init");
            c.put("unit_forget_bias", "one".equals(v) || "ones".equals(v));
        }
        if (c.containsKey("nb_row") || c.containsKey("nb_col")) {
            c.put("kernel_size", java.util.Arrays.asList(c.remove("nb_row"), c.remove("nb_col")));
        }
        if (c.containsKey("kernel_dim1")) {
            c.put("kernel_size", java.util.Arrays.asList(c.remove("kernel_dim1"), c.remove("kernel_dim2"), c.remove("kernel_dim3")));
        }
        if (c.containsKey("filter_length")) {
            c.put("kernel_size", java.util.Arrays.asList(c.remove("filter_length")));
        }
        if (c.containsKey("subsample_length")) {
            c.put("strides", java.util.Arrays.asList(c.remove("subsample_length")));
        }
        if (c.containsKey("pool_length")) {
            c.put("pool_size", java.util.Arrays.asList(c.remove("pool_length")));
            if (c.containsKey("stride")) {
                Object s = c.remove("stride");
                c.put("strides", s == null ? null : java.util.Arrays.asList(s));
            }
        }
        if (c.get("atrous_rate") instanceof Number r) {
            c.put("atrous_rate", java.util.Arrays.asList(r));
        }
        if (c.containsKey("dim_ordering")) {
            Object d = c.remove("dim_ordering");
            c.put("data_format", "th".equals(d) ? "channels_first" : "channels_last");
        }
        for (Map.Entry<String, String> e : KERAS1_KEYS.entrySet()) {
            if (cls.equals("Embedding") && e.getKey().equals("output_dim")) {
                continue; // Embedding still calls it output_dim
            }
            rename(c, e.getKey(), e.getValue());
        }
        for (String k : List.of("kernel_initializer", "recurrent_initializer", "bias_initializer", "gamma_initializer",
                "beta_initializer", "embeddings_initializer")) {
            if (c.get(k) instanceof String s && KERAS1_INITIALIZERS.containsKey(s)) {
                c.put(k, KERAS1_INITIALIZERS.get(s));
            }
        }
        for (Map.Entry<String, Object> e : c.entrySet()) {
            if (e.getKey().endsWith("regularizer") && e.getValue() instanceof Map<?, ?> r && r.get("class_name") == null
                    && (r.containsKey("l1") || r.containsKey("l2"))) {
                // Keras 1: {"name": "WeightRegularizer", "l1": .., "l2": ..}
                Map<String, Object> cfg = new LinkedHashMap<>();
                cfg.put("l1", r.get("l1") == null ? 0.0 : r.get("l1"));
                cfg.put("l2", r.get("l2") == null ? 0.0 : r.get("l2"));
                Map<String, Object> spec = new LinkedHashMap<>();
                spec.put("class_name", "L1L2");
                spec.put("config", cfg);
                e.setValue(spec);
            }
        }
    }

    private static void adaptKeras2Semantics(String cls, Map<String, Object> c, int major) {
        if (major < 3) {
            for (String k : List.of("activation", "recurrent_activation")) {
                if ("hard_sigmoid".equals(c.get(k))) {
                    c.put(k, KerasImportRegistrar.HARD_SIGMOID_KERAS2);
                }
            }
            if (cls.equals("GRU") && !c.containsKey("reset_after")) {
                c.put("reset_after", false);
            }
        }
        for (Map.Entry<String, Object> e : c.entrySet()) {
            // tf.keras 2.x wrote initializers as {"class_name": ..., "config": {"seed": null, "dtype": "float32"}}.
            if (e.getKey().endsWith("initializer") && e.getValue() instanceof Map<?, ?> init && init.get("config") instanceof Map<?, ?> ic) {
                ic.remove("dtype");
            }
        }
        if (cls.equals("SeparableConv1D") || cls.equals("SeparableConv2D")) {
            // tf.keras 2.x serialized Conv's kernel_* arguments too, unused by separable convolutions (Keras 3 has none).
            c.remove("kernel_initializer");
            c.remove("kernel_regularizer");
            c.remove("kernel_constraint");
        }
        if (cls.equals("LeakyReLU")) {
            rename(c, "alpha", "negative_slope");
        }
        if (c.get("axis") instanceof List<?> axes && axes.size() == 1 && cls.equals("BatchNormalization")) {
            c.put("axis", axes.get(0));
        }
    }

    /** Removes Keras 3's serialization wrapping inside a config, recursively; DTypePolicy objects become names. */
    private static void stripKeras3Wrapping(Map<String, Object> c) {
        c.remove("module");
        c.remove("registered_name");
        c.remove("shared_object_id");
        for (Map.Entry<String, Object> e : c.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                if (m.get("class_name") instanceof String s && s.endsWith("DTypePolicy")
                        && m.get("config") instanceof Map<?, ?> pc && pc.get("name") instanceof String policy) {
                    e.setValue(policy);
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> inner = (Map<String, Object>) v;
                stripKeras3Wrapping(inner);
            }
        }
    }

    /** The per-sample shape from an input spec in {@code c} (batch axis removed), or null when none. */
    static long[] sampleShape(Map<String, Object> c, String where) {
        for (String k : List.of("batch_shape", "batch_input_shape")) {
            if (c.get(k) != null) {
                long[] batch = shapeFromList(c.get(k), where + " " + k);
                return batch;
            }
        }
        if (c.get("input_shape") instanceof List<?> l) {
            long[] out = new long[l.size()];
            for (int i = 0; i < out.length; i++) {
                out[i] = dim(l.get(i), where + " input_shape");
            }
            return out;
        }
        if (c.get("input_dim") instanceof Number n && !c.containsKey("output_dim")) {
            long[] out = c.get("input_length") instanceof Number len ? new long[] {len.longValue(), n.longValue()} : new long[] {n.longValue()};
            return out;
        }
        return null;
    }

    /** A batch shape list {@code [null, d1, ...]} to per-sample dims. */
    static long[] shapeFromList(Object v, String where) {
        if (!(v instanceof List<?> l) || l.size() < 2) {
            throw new KerasImportException(where + ": expected a batch shape like [null, 784], received " + brief(v));
        }
        long[] out = new long[l.size() - 1];
        for (int i = 1; i < l.size(); i++) {
            out[i - 1] = dim(l.get(i), where);
        }
        return out;
    }

    private static long dim(Object d, String where) {
        if (d == null) {
            return -1;
        }
        if (d instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue()) && n.longValue() > 0) {
            return n.longValue();
        }
        throw new KerasImportException(where + ": dimensions must be positive integers or null, received " + brief(d));
    }

    static int majorOf(String version) {
        String v = version.trim();
        int end = 0;
        while (end < v.length() && Character.isDigit(v.charAt(end))) {
            end++;
        }
        if (end == 0) {
            throw new KerasImportException("Keras version '" + version + "' is not a version number");
        }
        int major = Integer.parseInt(v.substring(0, Math.min(end, 3)));
        if (major < 1 || major > 3) {
            throw new KerasImportException("Keras version '" + version + "' is not supported (Keras 1.2 to 3.x are)");
        }
        return major;
    }

    /** Without a version in the file: Keras 3 wraps objects in {@code module}; Keras 1 uses its own names. */
    private static int guessMajor(Map<String, Object> json, List<?> layers) {
        if (json.containsKey("module")) {
            return 3;
        }
        for (Object l : layers) {
            if (l instanceof Map<?, ?> m) {
                if (m.containsKey("module")) {
                    return 3;
                }
                if (KERAS1_CLASSES.containsKey(String.valueOf(m.get("class_name")))) {
                    return 1;
                }
                if (m.get("config") instanceof Map<?, ?> c && (c.containsKey("output_dim") && !"Embedding".equals(m.get("class_name"))
                        || c.containsKey("init") || c.containsKey("border_mode") || c.containsKey("p"))) {
                    return 1;
                }
            }
        }
        return 2;
    }

    private static void rename(Map<String, Object> c, String from, String to) {
        if (c.containsKey(from) && !c.containsKey(to)) {
            c.put(to, c.remove(from));
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> copyMap(Map<?, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            out.put(String.valueOf(e.getKey()), copy(e.getValue()));
        }
        return out;
    }

    private static Object copy(Object v) {
        if (v instanceof Map<?, ?> m) {
            return copyMap(m);
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(copy(o));
            }
            return out;
        }
        return v;
    }

    static String brief(Object v) {
        String s = v instanceof String str ? "\"" + str + "\"" : String.valueOf(v);
        return s.length() > 120 ? s.substring(0, 117) + "..." : s;
    }
}
