package org.keras4j.layers.conformance;

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
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the keras-js reference cases under {@code /work/shared/conformance/keras/keras-js} (see its
 * README): each case's input, weights and Keras-computed expected output (batch axis added, float32),
 * plus the layer node from {@code cases.json} (class name, positional args, kwargs).
 */
public final class KerasJsCases {
    public static final Path ROOT = Path.of("/work/shared/conformance/keras/keras-js");
    private static final ObjectMapper JSON = new ObjectMapper();

    private KerasJsCases() {
    }

    /** One case: arrays with a leading batch axis of 1, and the layer node that produced it. */
    public record Case(String id, INDArray input, List<INDArray> weights, INDArray expected, JsonNode layer, JsonNode index) {
        /** The layer's kwargs as a mutable map (empty when none). */
        public Map<String, Object> kwargs() {
            return toMap(layer.get("kwargs"));
        }

        /** Positional argument {@code i} of the layer constructor. */
        public JsonNode arg(int i) {
            return layer.get("args").get(i);
        }
    }

    public static boolean available() {
        return Files.isDirectory(ROOT);
    }

    /** Every case in {@code layers/<relativeFile>}, in file order. */
    public static List<Case> load(String relativeFile) {
        try {
            JsonNode data = JSON.readTree(ROOT.resolve("layers").resolve(relativeFile).toFile());
            JsonNode index = JSON.readTree(ROOT.resolve("cases.json").toFile()).get("cases");
            List<Case> out = new ArrayList<>();
            for (Iterator<String> it = data.fieldNames(); it.hasNext(); ) {
                String id = it.next();
                JsonNode c = data.get(id);
                JsonNode meta = index.get(id);
                JsonNode layer = meta.get("nodes").get(meta.get("nodes").size() - 1);
                List<INDArray> weights = new ArrayList<>();
                if (c.has("weights")) {
                    for (JsonNode w : c.get("weights")) {
                        weights.add(array(w, false));
                    }
                }
                out.add(new Case(id, array(c.get("input"), true), weights, array(c.get("expected"), true), layer, meta));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A {@code {data, shape}} node as a float32 array in row-major order, with a batch axis when asked. */
    public static INDArray array(JsonNode node, boolean addBatch) {
        JsonNode data = node.get("data");
        float[] values = new float[data.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) data.get(i).asDouble();
        }
        JsonNode shapeNode = node.get("shape");
        long[] shape = new long[shapeNode.size() + (addBatch ? 1 : 0)];
        int k = 0;
        if (addBatch) {
            shape[k++] = 1;
        }
        for (JsonNode d : shapeNode) {
            shape[k++] = d.asLong();
        }
        return Nd4j.create(values, shape, 'c').castTo(DataType.FLOAT);
    }

    /** {@code |actual - expected| <= atol + rtol * |expected|} everywhere, with equal shapes; null if so, else why not. */
    public static String mismatch(INDArray expected, INDArray actual, double atol, double rtol) {
        if (!java.util.Arrays.equals(expected.shape(), actual.shape())) {
            return "shape " + java.util.Arrays.toString(actual.shape()) + " != expected " + java.util.Arrays.toString(expected.shape());
        }
        INDArray e = expected.castTo(DataType.DOUBLE).reshape(expected.length());
        INDArray a = actual.castTo(DataType.DOUBLE).reshape(actual.length());
        for (long i = 0; i < e.length(); i++) {
            double diff = Math.abs(a.getDouble(i) - e.getDouble(i));
            if (diff > atol + rtol * Math.abs(e.getDouble(i))) {
                return "element " + i + ": " + a.getDouble(i) + " vs expected " + e.getDouble(i);
            }
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> toMap(JsonNode node) {
        if (node == null || node.isNull()) {
            return new LinkedHashMap<>();
        }
        return new LinkedHashMap<>(JSON.convertValue(node, Map.class));
    }
}
