package org.keras4j.layers.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.saving.keras.KerasImportException;
import org.keras4j.framework.saving.keras.KerasModelImport;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every {@code model.to_json()} file of {@code testdata/conformance/keras/configs/} (Keras 1.2 to 3.5):
 * a model whose layers all exist in Keras4J loads (Sequential: with the file's layer names, order
 * and input shape, and runs; functional: with the file's layers), any other fails with one error
 * listing every layer whose class Keras4J lacks, by class and layer name (and, while Keras4J has no
 * Functional, naming the unsupported model class).
 *
 * <p>The layer classes each file uses are written out below from reading the files (Keras 1 names
 * in their Keras 3 spelling); which of them exist comes from the registry, so the expectation
 * follows layers as they land.
 */
class KerasConfigFilesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Files whose configs loaded when last measured; may only grow. */
    private static final int MIN_LOADING = 8;

    /** File, model class, the layer classes it uses (InputLayer left out). */
    private static final Map<String, Object[]> FILES = Map.of(
            "keras1.2.1_sequential_mnist_cnn__dl4j.json", new Object[] {"Sequential",
                Set.of("Activation", "Conv2D", "Dense", "Dropout", "Flatten", "MaxPooling2D")},
            "keras2.0.8_sequential_embedding_bidirectional_lstm__dl4j.json", new Object[] {"Sequential",
                Set.of("Bidirectional", "Dense", "Embedding", "Flatten", "LSTM")},
            "keras2.1.3_functional_embedding_concat_bidirectional__dl4j.json", new Object[] {"Model",
                Set.of("Activation", "Bidirectional", "Concatenate", "Dense", "Dropout", "Embedding", "LSTM")},
            "keras2.1.5_functional_two_inputs_add__dl4j.json", new Object[] {"Model", Set.of("Add", "Dense")},
            "keras2.3.1_functional_three_inputs_embedding_reshape_concat__dl4j.json", new Object[] {"Model",
                Set.of("Concatenate", "Dense", "Embedding", "Reshape")},
            "keras3.5.0_sequential_mlp__binancetrader.json", new Object[] {"Sequential", Set.of("Dense", "Dropout")},
            "tfkeras2.2.4_functional_mobilenet_v1__kotlindl.json", new Object[] {"Model",
                Set.of("Activation", "BatchNormalization", "Conv2D", "DepthwiseConv2D", "Dropout", "GlobalAveragePooling2D",
                        "ReLU", "Reshape", "ZeroPadding2D")},
            "tfkeras2.2.4_functional_toy_resnet__kotlindl.json", new Object[] {"Model",
                Set.of("Add", "Conv2D", "Dense", "GlobalAveragePooling2D", "MaxPooling2D")},
            "tfkeras2.4.0_sequential_stacked_lstm__kotlindl.json", new Object[] {"Sequential",
                Set.of("Activation", "Dense", "Dropout", "LSTM")},
            "tfkeras2.5.0_functional_efficientnet_b0__kotlindl.json", new Object[] {"Functional",
                Set.of("Activation", "Add", "BatchNormalization", "Conv2D", "Dense", "DepthwiseConv2D", "Dropout",
                        "GlobalAveragePooling2D", "Multiply", "Normalization", "Rescaling", "Reshape", "ZeroPadding2D")});

    /** The only Keras 1 class name in these files, spelled the Keras 3 way. */
    private static final Map<String, String> KERAS1 = Map.of("Convolution2D", "Conv2D");

    @Test
    void everyConfigFileLoadsOrListsAllItsUnsupportedLayers() throws IOException {
        Path dir = KerasConformanceData.dir().resolve("configs");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        assertEquals(new TreeSet<>(FILES.keySet()), new TreeSet<>(files.stream().map(p -> p.getFileName().toString()).toList()),
                "the test must cover exactly the files in " + dir);
        int loaded = 0;
        StringBuilder report = new StringBuilder("Keras config files:\n");
        for (Path file : files) {
            String name = file.getFileName().toString();
            String modelClass = (String) FILES.get(name)[0];
            @SuppressWarnings("unchecked")
            Set<String> classes = (Set<String>) FILES.get(name)[1];
            JsonNode json = JSON.readTree(file.toFile());
            assertEquals(modelClass, json.get("class_name").asText(), name);
            Map<String, String> layers = layersOf(json); // layer name -> Keras 3 class, InputLayer left out
            assertEquals(classes, new TreeSet<>(layers.values()), name + ": layer classes");

            List<String> missing = new ArrayList<>();
            for (Map.Entry<String, String> e : layers.entrySet()) {
                if (!Registry.get().contains(Kind.LAYER, e.getValue())) {
                    missing.add(e.getKey());
                }
            }
            boolean functionalApi = Registry.get().contains(Kind.LAYER, "Functional");
            if (missing.isEmpty() && (modelClass.equals("Sequential") || functionalApi)) {
                Model m = KerasModelImport.fromJsonFile(file);
                checkLoaded(name, m, json);
                loaded++;
                report.append("  loads   ").append(name).append('\n');
                continue;
            }
            KerasImportException e = assertThrows(KerasImportException.class, () -> KerasModelImport.fromJsonFile(file), name);
            String msg = e.getMessage();
            if (!modelClass.equals("Sequential") && !functionalApi) {
                assertTrue(msg.contains("\"" + modelClass + "\"") && msg.contains("not supported yet"),
                        name + ": the error must name the unsupported model class: " + msg);
            }
            for (String layer : missing) {
                assertTrue(msg.contains(layers.get(layer)) && msg.contains("\"" + layer + "\""),
                        name + ": the error must list " + layers.get(layer) + " \"" + layer + "\": " + msg);
            }
            if (!missing.isEmpty()) {
                assertTrue(msg.contains(missing.size() + " unsupported layer(s)"), name + ": count of unsupported layers: " + msg);
            }
            report.append("  fails   ").append(name).append(": ").append(msg.length() > 300 ? msg.substring(0, 300) + "..." : msg)
                    .append('\n');
        }
        System.out.print(report);
        assertTrue(loaded >= MIN_LOADING, loaded + " config files loaded; " + MIN_LOADING + " did when last measured\n" + report);
    }

    /** The loaded model has the file's layers, in order, and runs on a batch of its input shape. */
    private static void checkLoaded(String file, Model model, JsonNode json) {
        List<String> expected = new ArrayList<>();
        JsonNode cfg = json.get("config");
        for (JsonNode l : cfg.isArray() ? cfg : cfg.get("layers")) {
            if (!l.get("class_name").asText().equals("InputLayer")) {
                expected.add(l.get("config").get("name").asText());
            }
        }
        List<String> actual = new ArrayList<>();
        for (Layer l : model.layers()) {
            if (!l.className().equals("InputLayer")) {
                actual.add(l.name());
            }
        }
        if (!(model instanceof Sequential m)) {
            // A functional model runs its layers in graph order; the file lists them in its own order.
            assertEquals(new TreeSet<>(expected), new TreeSet<>(actual), file + ": layer names");
            return;
        }
        assertEquals(expected, actual, file + ": layer names in order");
        long[] shape = m.input().batchShape().toArray();
        shape[0] = 2;
        INDArray out = m.predict(Nd4j.ones(Backend.floatx(), shape));
        assertEquals(2, out.size(0), file);
        assertFalse(out.isNaN().any(), file);
    }

    /** Layer name to Keras 3 class name for every layer (and wrapped layer) but InputLayer, in file order. */
    private static Map<String, String> layersOf(JsonNode json) {
        JsonNode cfg = json.get("config");
        JsonNode layers = cfg.isArray() ? cfg : cfg.get("layers");
        Map<String, String> out = new java.util.LinkedHashMap<>();
        for (JsonNode l : layers) {
            add(l, out);
        }
        return out;
    }

    private static void add(JsonNode l, Map<String, String> out) {
        String cls = l.get("class_name").asText();
        JsonNode c = l.get("config");
        if (!cls.equals("InputLayer")) {
            out.put(c.get("name").asText(), KERAS1.getOrDefault(cls, cls));
        }
        for (String k : new String[] {"layer", "forward_layer", "backward_layer"}) {
            if (c.has(k) && c.get(k).has("class_name")) {
                add(c.get(k), out);
            }
        }
    }
}
