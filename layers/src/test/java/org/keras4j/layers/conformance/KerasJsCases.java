package org.keras4j.layers.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the keras-js reference cases ({@code conformance/keras/keras-js}, see its README): each case's
 * input(s), weights and Keras's expected output as arrays of floatx with a batch axis of 1 added,
 * plus the Keras graph nodes recorded in {@code cases.json}. Generic: any layer's test can use it.
 *
 * <pre>{@code
 * for (KerasJsCases.Case c : KerasJsCases.load("layers/convolutional/Conv2D.json")) {
 *     Layer layer = c.singleLayer("filters", "kernel_size");   // built from the recorded kwargs, weights set
 *     KerasJsCases.assertClose(c.expected(), layer.apply(Tensor.constant(c.input()), false).value(), c.id());
 * }
 * }</pre>
 *
 * The folder is found at {@code -Dkeras4j.conformance=...}, {@code $KERAS4J_CONFORMANCE}, or
 * {@code ../shared/conformance/keras} relative to the module or the checkout.
 */
public final class KerasJsCases {
    /** The suggested tolerance of the README: {@code |a - e| <= 1e-4 + 1e-4 |e|}. */
    public static final double ATOL = 1e-4;
    public static final double RTOL = 1e-4;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode index;

    private KerasJsCases() {
    }

    /** One node of a case's Keras graph: constructor arguments as written in the notebook. */
    public record Node(String className, List<Object> args, Map<String, Object> kwargs) {
        /**
         * A Keras config for this node: {@code kwargs} plus the positional {@code args} under
         * {@code argNames} (e.g. "filters", "kernel_size").
         */
        public Map<String, Object> config(String... argNames) {
            Map<String, Object> c = new LinkedHashMap<>(kwargs);
            for (int i = 0; i < args.size() && i < argNames.length; i++) {
                c.put(argNames[i], args.get(i));
            }
            return c;
        }
    }

    /**
     * One case. {@code inputs} and {@code expected} carry a batch axis of 1; {@code weights} are in
     * {@code model.get_weights()} order.
     */
    public record Case(String id, String title, List<Node> nodes, List<INDArray> inputs, List<INDArray> weights,
            INDArray expected, boolean duplicate, boolean notKerasComputed) {
        public INDArray input() {
            return inputs.get(0);
        }

        /** The nodes that are layers (not {@code Input}). */
        public List<Node> layerNodes() {
            List<Node> out = new ArrayList<>();
            for (Node n : nodes) {
                if (!n.className().equals("Input") && !n.className().equals("InputLayer")) {
                    out.add(n);
                }
            }
            return out;
        }

        /**
         * For single-layer cases: the layer built through the registry from the recorded config
         * (positional args named by {@code argNames}), built for the input and given the case's weights.
         */
        public Layer singleLayer(String... argNames) {
            List<Node> layers = layerNodes();
            if (layers.size() != 1) {
                throw new IllegalStateException(id + " has " + layers.size() + " layers, not one");
            }
            Node n = layers.get(0);
            Layer layer = Registry.get().create(Kind.LAYER, n.className(), Config.of(n.config(argNames)), Layer.class);
            layer.ensureBuilt(Shape.of(input().shape()).withBatch(Shape.NONE));
            setWeights(layer, weights);
            return layer;
        }
    }

    /** Assigns {@code weights} to {@code layer.weights()} in order, checking every shape. */
    public static void setWeights(Layer layer, List<INDArray> weights) {
        if (layer.weights().size() != weights.size()) {
            throw new IllegalStateException(layer + " has " + layer.weights().size() + " weights, the case has " + weights.size());
        }
        for (int i = 0; i < weights.size(); i++) {
            assertArrayEquals(weights.get(i).shape(), layer.weights().get(i).value().shape(), layer + ": shape of weight " + i);
            layer.weights().get(i).assign(weights.get(i));
        }
    }

    /** The keras-js folder, or null when the conformance data is not on this machine. */
    public static Path root() {
        List<Path> candidates = new ArrayList<>();
        String prop = System.getProperty("keras4j.conformance");
        String env = System.getenv("KERAS4J_CONFORMANCE");
        if (prop != null) {
            candidates.add(Path.of(prop));
        }
        if (env != null) {
            candidates.add(Path.of(env));
        }
        Path here = Path.of("").toAbsolutePath();
        for (Path p = here; p != null; p = p.getParent()) {
            candidates.add(p.resolve("shared/conformance/keras"));
            candidates.add(p.resolve("../shared/conformance/keras"));
        }
        for (Path c : candidates) {
            Path k = c.resolve("keras-js").normalize();
            if (Files.isRegularFile(k.resolve("cases.json"))) {
                return k;
            }
        }
        return null;
    }

    public static boolean available() {
        return root() != null;
    }

    /** Every case of a data file, e.g. {@code "layers/pooling/MaxPooling2D.json"}, in file order. */
    public static List<Case> load(String dataFile) {
        Path root = root();
        if (root == null) {
            throw new IllegalStateException("keras-js conformance data not found; set -Dkeras4j.conformance=<dir with keras-js/>");
        }
        try {
            JsonNode data = JSON.readTree(root.resolve(dataFile).toFile());
            JsonNode cases = index(root).get("cases");
            List<Case> out = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode meta = cases.path(e.getKey());
                JsonNode c = e.getValue();
                List<INDArray> inputs = new ArrayList<>();
                if (c.has("inputs")) {
                    c.get("inputs").forEach(a -> inputs.add(array(a, true)));
                } else {
                    inputs.add(array(c.get("input"), true));
                }
                List<INDArray> weights = new ArrayList<>();
                c.path("weights").forEach(a -> weights.add(array(a, false)));
                out.add(new Case(e.getKey(), meta.path("title").asText(""), nodes(meta.path("nodes")), inputs, weights,
                        array(c.get("expected"), true), meta.hasNonNull("duplicate_of"), meta.path("not_keras_computed").asBoolean(false)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code |actual - expected| <= ATOL + RTOL |expected|} everywhere, with equal shapes. */
    public static void assertClose(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        INDArray e = expected.castTo(DataType.DOUBLE);
        INDArray a = actual.castTo(DataType.DOUBLE);
        INDArray excess = e.sub(a).norm1(false).getDouble(0) == 0 ? null
                : org.nd4j.linalg.ops.transforms.Transforms.abs(e.sub(a), false)
                        .subi(org.nd4j.linalg.ops.transforms.Transforms.abs(e, true).muli(RTOL).addi(ATOL));
        if (excess != null && excess.maxNumber().doubleValue() > 0) {
            long worst = excess.reshape(excess.length()).argMax().getLong(0);
            throw new AssertionError(what + ": element " + worst + " is " + a.reshape(a.length()).getDouble(worst) + ", Keras gave "
                    + e.reshape(e.length()).getDouble(worst) + " (tolerance " + ATOL + " + " + RTOL + "|e|)");
        }
    }

    private static synchronized JsonNode index(Path root) throws IOException {
        if (index == null) {
            index = JSON.readTree(root.resolve("cases.json").toFile());
        }
        return index;
    }

    private static INDArray array(JsonNode a, boolean addBatch) {
        JsonNode data = a.get("data");
        double[] values = new double[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = data.get(i).asDouble();
        }
        JsonNode s = a.get("shape");
        long[] shape = new long[s.size() + (addBatch ? 1 : 0)];
        int o = 0;
        if (addBatch) {
            shape[o++] = 1;
        }
        for (JsonNode d : s) {
            shape[o++] = d.asLong();
        }
        return Nd4j.create(values, shape, 'c').castTo(Backend.floatx());
    }

    @SuppressWarnings("unchecked")
    private static List<Node> nodes(JsonNode nodes) {
        List<Node> out = new ArrayList<>();
        for (JsonNode n : nodes) {
            List<Object> args = n.hasNonNull("args") ? JSON.convertValue(n.get("args"), List.class) : List.of();
            Map<String, Object> kwargs = n.hasNonNull("kwargs") ? JSON.convertValue(n.get("kwargs"), Map.class) : Map.of();
            out.add(new Node(n.path("class_name").asText(), args, kwargs));
        }
        return out;
    }
}
