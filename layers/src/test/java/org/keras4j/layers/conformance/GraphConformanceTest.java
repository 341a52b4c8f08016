package org.keras4j.layers.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.KerasTensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.models.Functional;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.testing.GradientCheck;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The keras-js {@code graph/} cases: multi-input functional models (Conv2D branches merged with
 * Add/Average/Multiply/Maximum/Concatenate, three-branch and diamond shapes; Permute + Concatenate),
 * rebuilt through the registry from the layer attributes recorded in {@code cases.json}, with
 * Keras's weights; outputs within 1e-4 + 1e-4|expected|. A case whose layer classes are not
 * registered yet (Conv2D, Permute come from the layers module) is skipped, not failed.
 */
class GraphConformanceTest {

    @ParameterizedTest
    @ValueSource(strings = {"00", "01", "02", "03", "04", "05", "06", "07"})
    @SuppressWarnings("unchecked")
    void matchesKeras(String graph) {
        GradientCheck.inFloat64(() -> {
            for (KerasJsCases.Case c : KerasJsCases.load("graph/" + graph + ".json")) {
                Map<String, Object> e = c.entry();
                List<Map<String, Object>> order = (List<Map<String, Object>>) e.get("keras_layer_order_for_weights");
                Functional model = order != null ? fromLayerOrder(c, order) : fromNodes(c);
                List<INDArray> inputs = new ArrayList<>();
                for (KerasJsCases.Array in : c.inputs()) {
                    inputs.add(in.batchOf1(DataType.DOUBLE));
                }
                KerasJsCases.assertMatches(c, model.predict(inputs).get(0));
            }
        });
    }

    private static Layer layer(String cls, Map<String, Object> config) {
        assumeTrue(Registry.get().contains(Kind.LAYER, cls), cls + " is not registered yet");
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("class_name", cls);
        spec.put("config", config);
        return Registry.get().deserialize(Kind.LAYER, spec, Layer.class);
    }

    private static List<KerasTensor> inputs(KerasJsCases.Case c) {
        List<KerasTensor> ins = new ArrayList<>();
        for (KerasJsCases.Array a : c.inputs()) {
            ins.add(Input.tensor(a.shape()));
        }
        return ins;
    }

    /** Layers from the recorded weight order (name, class, attributes, inbound layers, branch); weights in that order. */
    @SuppressWarnings("unchecked")
    private static Functional fromLayerOrder(KerasJsCases.Case c, List<Map<String, Object>> order) {
        List<KerasTensor> ins = inputs(c);
        Map<String, Layer> layers = new LinkedHashMap<>();
        for (Map<String, Object> entry : order) {
            layers.put((String) entry.get("name"), layer((String) entry.get("class_name"), new LinkedHashMap<>((Map<String, Object>) entry.get("attrs"))));
        }
        Map<String, KerasTensor> outs = new LinkedHashMap<>();
        KerasTensor last = null;
        while (outs.size() < order.size()) {
            int before = outs.size();
            for (Map<String, Object> entry : order) {
                String name = (String) entry.get("name");
                List<String> inbound = (List<String>) entry.get("inbound");
                if (outs.containsKey(name) || !outs.keySet().containsAll(inbound)) {
                    continue;
                }
                List<KerasTensor> args = new ArrayList<>();
                if (inbound.isEmpty()) {
                    args.add(ins.get(((Number) entry.get("branch")).intValue()));
                }
                for (String from : inbound) {
                    args.add(outs.get(from));
                }
                last = layers.get(name).apply(args).get(0);
                outs.put(name, last);
            }
            assertEquals(true, outs.size() > before, c.id() + ": unresolvable layer order");
        }
        Functional model = Model.of(ins, List.of(last));
        // Keras's get_weights() order: the cases.json "weights" list names each array's layer.
        List<Map<String, Object>> names = (List<Map<String, Object>>) e(c).get("weights");
        Map<String, Integer> used = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            String owner = (String) names.get(i).get("layer");
            int k = used.merge(owner, 1, Integer::sum) - 1;
            Variable v = layers.get(owner).weights().get(k);
            v.assign(c.weights().get(i).array(DataType.DOUBLE));
        }
        return model;
    }

    private static Map<String, Object> e(KerasJsCases.Case c) {
        return c.entry();
    }

    /** A weightless graph straight from its nodes (graph 00: Permute branches into Concatenate). */
    @SuppressWarnings("unchecked")
    private static Functional fromNodes(KerasJsCases.Case c) {
        Map<String, KerasTensor> vars = new LinkedHashMap<>();
        List<KerasTensor> ins = new ArrayList<>();
        int nextInput = 0;
        List<KerasTensor> all = inputs(c);
        for (Map<String, Object> node : (List<Map<String, Object>>) c.entry().get("nodes")) {
            String cls = (String) node.get("class_name");
            List<KerasTensor> args = new ArrayList<>();
            for (String from : (List<String>) node.get("inputs")) {
                args.add(vars.get(from));
            }
            KerasTensor out;
            if (cls.equals("Input")) {
                out = all.get(nextInput++);
                ins.add(out);
            } else {
                Map<String, Object> config = new LinkedHashMap<>();
                Map<String, Object> kwargs = (Map<String, Object>) node.get("kwargs");
                if (kwargs != null) {
                    config.putAll(kwargs);
                }
                List<Object> positional = (List<Object>) node.get("args");
                if (cls.equals("Permute")) {
                    config.put("dims", positional.get(0));
                }
                out = layer(cls, config).apply(args).get(0);
            }
            vars.put((String) node.get("output"), out);
        }
        return Model.of(ins, List.of(vars.get((String) ((Map<String, Object>) c.entry().get("model")).get("outputs"))));
    }
}
