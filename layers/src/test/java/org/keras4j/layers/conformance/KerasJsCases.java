package org.keras4j.layers.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the keras-js reference cases under {@code testdata/conformance/keras/keras-js/} (see that
 * folder's README): each case's input(s), weights in {@code model.get_weights()} order and Keras's
 * output, all without the batch axis, plus the layer arguments recorded in {@code cases.json}.
 *
 * <pre>{@code
 * for (KerasJsCases.Case c : KerasJsCases.load("layers/normalization/BatchNormalization.json")) {
 *     Map<String, Object> kwargs = c.kwargs("BatchNormalization");
 *     INDArray x = c.input().batchOf1(DataType.FLOAT);
 *     ...
 *     KerasJsCases.assertMatches(c, actual);
 * }
 * }</pre>
 */
public final class KerasJsCases {
    /** The README's suggested tolerance: {@code |actual - expected| <= ATOL + RTOL * |expected|}. */
    public static final double ATOL = 1e-4;
    public static final double RTOL = 1e-4;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static Map<String, Object> index;

    private KerasJsCases() {
    }

    /** A flat row-major array and its shape (no batch axis). */
    public record Array(long[] shape, double[] data) {
        /** The array with a leading batch axis of 1, as the cases were run. */
        public INDArray batchOf1(DataType type) {
            long[] s = new long[shape.length + 1];
            s[0] = 1;
            System.arraycopy(shape, 0, s, 1, shape.length);
            return Nd4j.create(data, s, 'c').castTo(type);
        }

        /** The array as stored (for weights). */
        public INDArray array(DataType type) {
            return Nd4j.create(data, shape.length == 0 ? new long[0] : shape, 'c').castTo(type);
        }
    }

    /** One case: its id, inputs, weights, Keras's output and its {@code cases.json} entry. */
    public record Case(String id, List<Array> inputs, List<Array> weights, Array expected, Map<String, Object> entry) {
        public Array input() {
            return inputs.get(0);
        }

        /** The constructor keyword arguments of the first node of class {@code className}. */
        @SuppressWarnings("unchecked")
        public Map<String, Object> kwargs(String className) {
            for (Object n : (List<Object>) entry.getOrDefault("nodes", List.of())) {
                Map<String, Object> node = (Map<String, Object>) n;
                if (className.equals(node.get("class_name"))) {
                    Map<String, Object> kw = (Map<String, Object>) node.get("kwargs");
                    return kw == null ? new LinkedHashMap<>() : new LinkedHashMap<>(kw);
                }
            }
            throw new IllegalArgumentException(id + " has no " + className + " node");
        }

        /** Names of the weight arrays, in order, from {@code cases.json}. */
        @SuppressWarnings("unchecked")
        public List<String> weightNames() {
            List<String> out = new ArrayList<>();
            for (Object w : (List<Object>) entry.getOrDefault("weights", List.of())) {
                out.add((String) ((Map<String, Object>) w).get("name"));
            }
            return out;
        }

        /** Cases to leave out: repeats of another case, and the one whose output Keras did not compute. */
        public boolean skip() {
            return entry.get("duplicate_of") != null || Boolean.TRUE.equals(entry.get("not_keras_computed"));
        }

        public String title() {
            return String.valueOf(entry.getOrDefault("title", id));
        }
    }

    /** The keras-js folder of the reference data (see {@link org.keras4j.framework.testing.KerasReferenceData}). */
    public static Path root() {
        return org.keras4j.framework.testing.KerasReferenceData.dir().resolve("keras-js");
    }

    /** Every case of a data file, e.g. {@code "layers/normalization/BatchNormalization.json"}, in file order. */
    @SuppressWarnings("unchecked")
    public static List<Case> load(String dataFile) {
        Path root = root();
        if (root == null) {
            throw new IllegalStateException("keras-js conformance data not found; set -Dkeras4j.conformance=<path to conformance/keras>");
        }
        try {
            Map<String, Object> cases = (Map<String, Object>) index(root).get("cases");
            Map<String, Object> file = JSON.readValue(root.resolve(dataFile).toFile(), LinkedHashMap.class);
            List<Case> out = new ArrayList<>();
            for (Map.Entry<String, Object> e : file.entrySet()) {
                Map<String, Object> c = (Map<String, Object>) e.getValue();
                List<Array> inputs = new ArrayList<>();
                if (c.containsKey("inputs")) {
                    for (Object a : (List<Object>) c.get("inputs")) {
                        inputs.add(array(a));
                    }
                } else {
                    inputs.add(array(c.get("input")));
                }
                List<Array> weights = new ArrayList<>();
                for (Object w : (List<Object>) c.getOrDefault("weights", List.of())) {
                    weights.add(array(w));
                }
                Map<String, Object> entry = (Map<String, Object>) cases.getOrDefault(e.getKey(), Map.of());
                out.add(new Case(e.getKey(), inputs, weights, array(c.get("expected")), entry));
            }
            return out;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** Exact shape (batch axis dropped) and every element within {@link #ATOL} + {@link #RTOL} * |expected|. */
    public static void assertMatches(Case c, INDArray actualWithBatch) {
        long[] s = actualWithBatch.shape();
        assertTrue(s.length >= 1 && s[0] == 1, c.id() + ": expected a batch of 1, received " + java.util.Arrays.toString(s));
        assertArrayEquals(c.expected().shape(), java.util.Arrays.copyOfRange(s, 1, s.length), c.id() + ": output shape");
        double[] actual = actualWithBatch.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
        double[] expected = c.expected().data();
        for (int i = 0; i < expected.length; i++) {
            double err = Math.abs(actual[i] - expected[i]);
            if (err > ATOL + RTOL * Math.abs(expected[i])) {
                throw new AssertionError(String.format("%s (%s): element %d is %.7g, Keras gave %.7g (error %.3g)",
                        c.id(), c.title(), i, actual[i], expected[i], err));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static synchronized Map<String, Object> index(Path root) throws IOException {
        if (index == null) {
            index = JSON.readValue(root.resolve("cases.json").toFile(), LinkedHashMap.class);
        }
        return index;
    }

    @SuppressWarnings("unchecked")
    private static Array array(Object o) {
        Map<String, Object> m = (Map<String, Object>) o;
        List<Object> shape = (List<Object>) m.get("shape");
        List<Object> data = (List<Object>) m.get("data");
        long[] s = new long[shape.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = ((Number) shape.get(i)).longValue();
        }
        double[] d = new double[data.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = ((Number) data.get(i)).doubleValue();
        }
        return new Array(s, d);
    }
}
