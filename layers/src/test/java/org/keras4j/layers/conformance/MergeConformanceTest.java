package org.keras4j.layers.conformance;


import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.KerasTensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.models.Functional;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.testing.GradientCheck;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.merging.Add;
import org.keras4j.layers.merging.Average;
import org.keras4j.layers.merging.Concatenate;
import org.keras4j.layers.merging.Dot;
import org.keras4j.layers.merging.Maximum;
import org.keras4j.layers.merging.Minimum;
import org.keras4j.layers.merging.Multiply;
import org.keras4j.layers.merging.Subtract;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Every keras-js merge case, rebuilt as the functional model its notebook made (Dense branches,
 * sometimes RepeatVector, then the merge layer), with the stored weights; output within 1e-4 + 1e-4|expected|.
 */
class MergeConformanceTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Keras's RepeatVector(n), written here as a user would write a custom layer: only {@code call}
     * (the functional API finds the output shape by a probe call).
     */
    static final class RepeatVector extends Layer {
        private final int n;

        RepeatVector(int n) {
            this.n = n;
        }

        @Override
        public Tensor call(Tensor x, boolean training) {
            Tensor col = Ops.reshape(x, x.size(0), 1, x.size(1));
            return Ops.multiply(col, Tensor.constant(Nd4j.ones(x.dataType(), x.size(0), n, x.size(1))));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot"})
    void matchesKeras(String layer) {
        GradientCheck.inFloat64(() -> {
            for (KerasJsCases.Case c : KerasJsCases.load("layers/merge/" + layer + ".json")) {
                if (c.skip()) {
                    continue;
                }
                Functional model = build(JSON.valueToTree(c.entry()));
                List<INDArray> weights = new ArrayList<>();
                for (KerasJsCases.Array w : c.weights()) {
                    weights.add(w.array(DataType.DOUBLE));
                }
                model.setWeights(weights);
                List<INDArray> inputs = new ArrayList<>();
                for (KerasJsCases.Array in : c.inputs()) {
                    inputs.add(in.batchOf1(DataType.DOUBLE));
                }
                KerasJsCases.assertMatches(c, model.predict(inputs).get(0));
            }
        });
    }

    /** The case's graph from its cases.json nodes. */
    static Functional build(JsonNode index) {
        Map<String, KerasTensor> vars = new HashMap<>();
        List<KerasTensor> inputs = new ArrayList<>();
        for (JsonNode node : index.get("nodes")) {
            String cls = node.get("class_name").asText();
            JsonNode args = node.get("args");
            JsonNode kwargs = node.get("kwargs");
            List<KerasTensor> in = new ArrayList<>();
            for (JsonNode name : node.get("inputs")) {
                in.add(vars.get(name.asText()));
            }
            KerasTensor out = switch (cls) {
                case "Input" -> {
                    JsonNode shape = kwargs.get("shape");
                    long[] dims = new long[shape.size()];
                    for (int i = 0; i < dims.length; i++) {
                        dims[i] = shape.get(i).asLong();
                    }
                    KerasTensor t = Input.tensor(dims);
                    inputs.add(t);
                    yield t;
                }
                case "Dense" -> new Dense(args.get(0).asInt(), kwargs.get("activation").asText()).apply(in.get(0));
                case "RepeatVector" -> new RepeatVector(args.get(0).asInt()).apply(in.get(0));
                default -> merge(cls, kwargs).apply(in.toArray(new KerasTensor[0]));
            };
            vars.put(node.get("output").asText(), out);
        }
        JsonNode outs = index.get("model").get("outputs");
        return Model.of(inputs, List.of(vars.get(outs.asText())));
    }

    private static Layer merge(String cls, JsonNode kwargs) {
        return switch (cls) {
            case "Add" -> new Add();
            case "Subtract" -> new Subtract();
            case "Multiply" -> new Multiply();
            case "Average" -> new Average();
            case "Maximum" -> new Maximum();
            case "Minimum" -> new Minimum();
            case "Concatenate" -> new Concatenate(kwargs.get("axis").asInt());
            case "Dot" -> {
                JsonNode axes = kwargs.get("axes");
                boolean normalize = kwargs.get("normalize").asBoolean();
                yield axes.isArray() ? new Dot(axes.get(0).asInt(), axes.get(1).asInt(), normalize) : new Dot(axes.asInt(), normalize);
            }
            default -> throw new IllegalArgumentException("no merge layer " + cls);
        };
    }
}
