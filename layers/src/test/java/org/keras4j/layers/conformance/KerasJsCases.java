package org.keras4j.layers.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the keras-js conformance cases ({@code shared/conformance/keras/keras-js}, see its README):
 * each case's input, weights and Keras-computed output, plus the layer configuration restored in
 * {@code cases.json}. Arrays come back with a batch axis of 1 added, as float32.
 */
public final class KerasJsCases {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Positional constructor arguments of the Keras 2 layers used in the cases, by class name. */
    private static final Map<String, List<String>> POSITIONAL = Map.of(
            "Dense", List.of("units"),
            "Permute", List.of("dims"),
            "RepeatVector", List.of("n"),
            "Dropout", List.of("rate"),
            "GaussianDropout", List.of("rate"),
            "GaussianNoise", List.of("stddev"));
    private static JsonNode index;

    private KerasJsCases() {
    }

    /** One layer of a case: Keras class name and its constructor arguments as a Keras config. */
    public record Node(String className, Map<String, Object> config) {
    }

    /** One case: id, layer chain (Input excluded), input and expected output (batch axis added), weights in order. */
    public record Case(String id, List<Node> nodes, INDArray input, INDArray expected, List<INDArray> weights, JsonNode info) {
        @Override
        public String toString() {
            return id;
        }
    }

    /** The keras-js folder, found by walking up from the working directory to {@code shared/conformance/keras/keras-js}. */
    public static Path root() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            Path candidate = p.resolve("shared/conformance/keras/keras-js");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
            p = p.getParent();
        }
        return null;
    }

    /** True when the reference data is present on this machine. */
    public static boolean available() {
        return root() != null;
    }

    private static synchronized JsonNode index() {
        if (index == null) {
            index = read(root().resolve("cases.json")).get("cases");
        }
        return index;
    }

    private static JsonNode read(Path file) {
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every case of a data file such as {@code "layers/pooling/GlobalMaxPooling2D.json"}, skipping {@code duplicate_of} repeats. */
    public static List<Case> load(String dataFile) {
        JsonNode data = read(root().resolve(dataFile));
        List<Case> out = new ArrayList<>();
        var it = data.fields();
        while (it.hasNext()) {
            var e = it.next();
            JsonNode info = index().get(e.getKey());
            if (info == null || info.has("duplicate_of") || info.has("not_keras_computed")) {
                continue;
            }
            List<INDArray> weights = new ArrayList<>();
            if (e.getValue().has("weights")) {
                for (JsonNode w : e.getValue().get("weights")) {
                    weights.add(array(w, false));
                }
            }
            out.add(new Case(e.getKey(), nodes(info), array(e.getValue().get("input"), true),
                    array(e.getValue().get("expected"), true), weights, info));
        }
        return out;
    }

    private static List<Node> nodes(JsonNode info) {
        List<Node> out = new ArrayList<>();
        for (JsonNode n : info.get("nodes")) {
            String cls = n.get("class_name").asText();
            if (cls.equals("Input")) {
                continue;
            }
            Map<String, Object> config = new LinkedHashMap<>();
            if (n.has("args")) {
                List<String> names = POSITIONAL.get(cls);
                for (int i = 0; i < n.get("args").size(); i++) {
                    if (names == null || i >= names.size()) {
                        throw new IllegalArgumentException("KerasJsCases: no name known for positional argument " + i + " of " + cls);
                    }
                    config.put(names.get(i), JSON.convertValue(n.get("args").get(i), Object.class));
                }
            }
            if (n.has("kwargs") && !n.get("kwargs").isNull()) {
                config.putAll(JSON.convertValue(n.get("kwargs"), Map.class));
            }
            out.add(new Node(cls, config));
        }
        return out;
    }

    private static INDArray array(JsonNode node, boolean addBatch) {
        JsonNode shapeNode = node.get("shape");
        long[] shape = new long[shapeNode.size() + (addBatch ? 1 : 0)];
        int k = 0;
        if (addBatch) {
            shape[k++] = 1;
        }
        for (JsonNode d : shapeNode) {
            shape[k++] = d.asLong();
        }
        JsonNode data = node.get("data");
        double[] values = new double[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = data.get(i).asDouble();
        }
        return Nd4j.createFromArray(values).castTo(DataType.FLOAT).reshape('c', shape);
    }

    /** Builds the case's layers through the registry (Keras 2 config keys), in order. */
    public static List<Layer> layers(Case c) {
        List<Layer> out = new ArrayList<>();
        for (Node n : c.nodes()) {
            out.add(Registry.get().create(Kind.LAYER, n.className(), Config.of(n.config()), Layer.class));
        }
        return out;
    }

    /** Runs the case's layer chain in inference mode, assigning its weights in order, and returns the output. */
    public static INDArray runChain(Case c) {
        List<Layer> layers = layers(c);
        Tensor x = Tensor.constant(c.input());
        int w = 0;
        for (Layer layer : layers) {
            layer.ensureBuilt(org.keras4j.framework.layers.Shape.of(x.shape()));
            for (var v : layer.weights()) {
                v.assign(c.weights().get(w++).castTo(v.dataType()));
            }
            x = layer.apply(x, false);
        }
        return x.value();
    }

    /** Exact shape match and {@code |actual - expected| <= 1e-4 + 1e-4 * |expected|} everywhere (the README's tolerance). */
    public static void assertClose(String id, INDArray expected, INDArray actual) {
        assertArrayEquals(expected.shape(), actual.shape(), id + ": shape");
        INDArray e = expected.castTo(DataType.DOUBLE);
        INDArray a = actual.castTo(DataType.DOUBLE);
        INDArray excess = org.nd4j.linalg.ops.transforms.Transforms.abs(a.sub(e)).subi(org.nd4j.linalg.ops.transforms.Transforms.abs(e).muli(1e-4).addi(1e-4));
        double worst = excess.maxNumber().doubleValue();
        if (worst > 0) {
            fail(id + ": differs from Keras by more than 1e-4 + 1e-4*|expected| (worst excess " + worst + ")\nexpected "
                    + e + "\nactual " + a);
        }
    }
}
