package org.keras4j.samples.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Configurable;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.saving.Json;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every name in the registry, of every kind, on the full class path (all modules): the object made
 * with its defaults (plus a value for each required argument) is rebuilt by {@code fromConfig} with
 * an equal config through JSON, and every layer computes the same outputs as its rebuilt copy given
 * the same weights. A new registered class that does not round-trip fails here.
 */
class RegistryRoundTripTest {
    @TempDir
    static Path dir;

    private static final Pattern MISSING = Pattern.compile("missing required key '([a-z_0-9]+)'|([a-z_0-9]+) must be given");

    /** Values for required arguments, by Keras key: enough for every registered class to be made. */
    private static Object requiredValue(String key) {
        return switch (key) {
            case "units", "filters", "output_dim" -> 3;
            case "kernel_size", "pool_size" -> 2;
            case "rate" -> 0.5;
            case "target_shape" -> List.of(2, 2);
            case "filename" -> dir.resolve("log.csv").toString();
            case "initial_learning_rate" -> 0.1;
            case "decay_steps", "first_decay_steps" -> 10;
            case "decay_rate" -> 0.9;
            case "boundaries" -> List.of(10, 20);
            case "values" -> List.of(1.0, 0.5, 0.1);
            case "batch_shape", "shape" -> List.of(2, 4);
            case "input_dim" -> 5;
            case "activation" -> "relu";
            case "dims" -> List.of(2, 1);
            case "factor" -> 0.5;
            case "stddev" -> 0.1;
            case "backup_dir" -> dir.resolve("backup").toString();
            case "filepath" -> dir.resolve("checkpoint.keras").toString();
            case "n" -> 2;
            case "num_heads", "key_dim" -> 2;
            case "axes" -> 1;
            default -> null;
        };
    }

    /** Starting configs for classes whose required arguments need a specific form. */
    private static Map<String, Object> preset(String name) {
        Map<String, Object> m = new LinkedHashMap<>();
        switch (name) {
            case "InputLayer" -> m.put("batch_shape", java.util.Arrays.asList(null, 4));
            case "PiecewiseConstantDecay", "piecewise_constant_decay" -> {
                m.put("boundaries", List.of(10, 20));
                m.put("values", List.of(1.0, 0.5, 0.1));
            }
            case "Sequential" -> m.put("layers", List.of(
                    Map.of("class_name", "InputLayer", "config", Map.of("batch_shape", java.util.Arrays.asList(null, 4))),
                    Map.of("class_name", "Dense", "config", Map.of("units", 2))));
            case "Functional", "functional", "Model", "model" -> {
                m.put("name", "tiny_functional");
                m.put("layers", List.of(
                        Map.of("class_name", "InputLayer", "name", "x", "inbound_nodes", List.of(),
                                "config", Map.of("name", "x", "batch_shape", java.util.Arrays.asList(null, 4))),
                        Map.of("class_name", "Dense", "name", "d", "config", Map.of("name", "d", "units", 2),
                                "inbound_nodes", List.of(List.of(List.of("x", 0, 0, Map.of()))))));
                m.put("input_layers", List.of(List.of("x", 0, 0)));
                m.put("output_layers", List.of(List.of("d", 0, 0)));
            }
            default -> {
            }
        }
        return m;
    }

    /** Makes the object registered as {@code name}, adding required arguments one by one. */
    private static Object make(Kind kind, String name) {
        Map<String, Object> cfg = preset(name);
        for (int attempt = 0; attempt < 12; attempt++) {
            try {
                return Registry.get().create(kind, name, Config.of(new LinkedHashMap<>(cfg)), Object.class);
            } catch (IllegalArgumentException e) {
                Matcher m = MISSING.matcher(String.valueOf(e.getMessage()));
                String key = m.find() ? (m.group(1) != null ? m.group(1) : m.group(2)) : null;
                if (key == null || requiredValue(key) == null || cfg.containsKey(key)) {
                    throw new AssertionError(kind.label() + " '" + name + "' cannot be made from defaults: " + e.getMessage()
                            + " (add a value for its required argument to requiredValue())", e);
                }
                cfg.put(key, requiredValue(key));
            }
        }
        throw new AssertionError(kind.label() + " '" + name + "': too many required arguments");
    }

    @Test
    void everyRegisteredClassRoundTripsThroughJson() throws IOException {
        Backend.setRandomSeed(11);
        int checked = 0;
        int layersCompared = 0;
        List<String> problems = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            for (String name : Registry.get().names(kind)) {
                Object o = make(kind, name);
                if (!(o instanceof Configurable c)) {
                    problems.add(kind.label() + " '" + name + "' is a " + o.getClass().getName() + ", which has no config");
                    continue;
                }
                assertTrue(Registry.get().contains(kind, c.className()), kind.label() + " '" + name + "' calls itself '"
                        + c.className() + "', which is not registered");
                Object config = Json.parse(Json.write(c.getConfig()));
                Object copy = Registry.get().create(kind, c.className(), Config.of(config, name), Object.class);
                assertSame(o.getClass(), copy.getClass(), name);
                Object again = Json.parse(Json.write(((Configurable) copy).getConfig()));
                if (!config.equals(again)) {
                    problems.add(kind.label() + " '" + name + "': " + config + " became " + again);
                }
                if (o instanceof Layer l && !(o instanceof Model) && !"InputLayer".equals(c.className())) {
                    if (sameOutputs(l, (Layer) copy, problems)) {
                        layersCompared++;
                    }
                }
                checked++;
            }
        }
        assertEquals(List.of(), problems);
        // The framework alone registers 60+ names (activations, initializers, optimizers, metrics...).
        assertTrue(checked > 100, "checked " + checked);
        assertTrue(layersCompared >= 5, "layers compared " + layersCompared);
    }

    /**
     * Builds both layers on the first probe the original accepts (one input, or a list of two for
     * merge and attention layers) and compares outputs.
     */
    private static boolean sameOutputs(Layer original, Layer copy, List<String> problems) {
        long[][][] probes = {{{2, 4}}, {{2, 3, 4}}, {{2, 4, 4, 3}}, {{2, 3, 4, 4, 2}},
            {{2, 3, 32}}, // 32 channels: GroupNormalization's default groups
            {{2, 3, 4}, {2, 3, 4}}, {{2, 4}, {2, 4}}};
        for (long[][] probe : probes) {
            List<Tensor> xs = new ArrayList<>();
            List<Shape> shapes = new ArrayList<>();
            for (long[] s : probe) {
                xs.add(Tensor.constant(Nd4j.rand(Backend.floatx(), s)));
                shapes.add(Shape.of(s).withBatch(Shape.NONE));
            }
            List<Tensor> expected;
            try {
                expected = original.apply(xs, false);
            } catch (RuntimeException e) {
                continue;
            }
            copy.ensureBuilt(shapes);
            List<Variable> a = original.weights();
            List<Variable> b = copy.weights();
            assertEquals(a.size(), b.size(), original.name());
            for (int i = 0; i < a.size(); i++) {
                b.get(i).value().assign(a.get(i).value());
            }
            List<Tensor> actual = copy.apply(xs, false);
            for (int i = 0; i < expected.size(); i++) {
                if (!expected.get(i).value().equals(actual.get(i).value())) {
                    problems.add("layer " + original.className() + ": outputs differ after the config round trip");
                }
            }
            return true;
        }
        problems.add("layer " + original.className() + " accepts none of the probe shapes; add one to sameOutputs()");
        return false;
    }

    @Test
    void everyKindHasEntriesFromEveryModule() {
        assertFalse(Registry.get().names(Kind.LAYER).isEmpty());
        assertTrue(Registry.get().names(Kind.LAYER).contains("Dense"), "layers module registered");
        assertTrue(Registry.get().names(Kind.LOSS).contains("MeanSquaredError"), "losses module registered");
        assertTrue(Registry.get().names(Kind.CALLBACK).contains("EarlyStopping"), "callbacks module registered");
        for (Kind k : Kind.values()) {
            if (Registry.get().names(k).isEmpty()) {
                fail("nothing registered as " + k.label());
            }
        }
    }
}
