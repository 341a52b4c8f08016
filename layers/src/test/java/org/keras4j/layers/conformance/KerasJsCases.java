package org.keras4j.layers.conformance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the keras-js reference cases under {@code /work/shared/conformance/keras/keras-js} (see its
 * README): per case the inputs, the weights in {@code model.get_weights()} order and Keras's output,
 * each with the batch axis (of 1) added back, plus the case's index entry from {@code cases.json}.
 */
public final class KerasJsCases {
    /** Where the data lives; override with {@code -Dkeras4j.conformance=...}. */
    public static final Path ROOT = Path.of(System.getProperty("keras4j.conformance", "/work/shared/conformance/keras"), "keras-js");
    /** keras-js's tolerance: {@code |actual - expected| <= 1e-4 + 1e-4 |expected|}. */
    public static final double ATOL = 1e-4;
    public static final double RTOL = 1e-4;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One case: inputs and expected output as batch-of-1 float64 arrays; {@code index} is its cases.json entry. */
    public record Case(String id, List<INDArray> inputs, List<INDArray> weights, INDArray expected, JsonNode index) {
    }

    private KerasJsCases() {
    }

    public static boolean available() {
        return Files.isRegularFile(ROOT.resolve("cases.json"));
    }

    /** Every case of a data file ({@code layers/merge/Add.json}, {@code graph/00.json}), in file order. */
    public static List<Case> load(String relativeFile) {
        try {
            JsonNode index = JSON.readTree(ROOT.resolve("cases.json").toFile()).get("cases");
            JsonNode data = JSON.readTree(ROOT.resolve(relativeFile).toFile());
            List<Case> out = new ArrayList<>();
            for (Iterator<String> it = data.fieldNames(); it.hasNext();) {
                String id = it.next();
                JsonNode c = data.get(id);
                List<INDArray> inputs = new ArrayList<>();
                if (c.has("inputs")) {
                    for (JsonNode in : c.get("inputs")) {
                        inputs.add(batchOfOne(in));
                    }
                } else {
                    inputs.add(batchOfOne(c.get("input")));
                }
                List<INDArray> weights = new ArrayList<>();
                if (c.has("weights")) {
                    for (JsonNode w : c.get("weights")) {
                        weights.add(array(w, false));
                    }
                }
                out.add(new Case(id, inputs, weights, batchOfOne(c.get("expected")), index.get(id)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static INDArray batchOfOne(JsonNode node) {
        return array(node, true);
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
        return Nd4j.createFromArray(values).castTo(DataType.DOUBLE).reshape('c', shape);
    }

    /** Fails with the worst element when {@code actual} is not within keras-js's tolerance of {@code expected}. */
    public static void assertClose(String id, INDArray expected, INDArray actual) {
        org.junit.jupiter.api.Assertions.assertArrayEquals(expected.shape(), actual.shape(), id + ": shape");
        INDArray e = expected.castTo(DataType.DOUBLE);
        INDArray a = actual.castTo(DataType.DOUBLE);
        INDArray excess = Nd4j.math().abs(a.sub(e)).subi(Nd4j.math().abs(e).muli(RTOL).addi(ATOL));
        double worst = excess.maxNumber().doubleValue();
        org.junit.jupiter.api.Assertions.assertTrue(worst <= 0, id + ": outside 1e-4 + 1e-4|expected| by " + worst
                + "\nexpected " + e + "\nactual   " + a);
    }
}
