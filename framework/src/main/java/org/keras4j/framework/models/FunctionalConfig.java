package org.keras4j.framework.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.KerasTensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Node;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;

/**
 * Writes and reads a {@link Functional} model's config in Keras's layout: {@code layers} (each
 * with its {@code inbound_nodes}), {@code input_layers} and {@code output_layers}. Writes Keras 3's
 * {@code __keras_tensor__} node form; reads it and Keras 2's {@code [[[layer, node, tensor, kwargs]]]}.
 */
final class FunctionalConfig {
    private FunctionalConfig() {
    }

    /** A reference to one tensor of the graph: Keras's {@code keras_history}. */
    private record Ref(String layer, int node, int tensor) {
    }

    static Map<String, Object> toConfig(Functional f) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", f.name());
        c.put("trainable", f.isTrainable());
        List<Object> layers = new ArrayList<>();
        for (Layer l : f.layers()) {
            Map<String, Object> e = new LinkedHashMap<>(Registry.serialize(l));
            e.put("name", l.name());
            List<Object> nodes = new ArrayList<>();
            for (Node n : f.nodesOf(l)) {
                if (n.inputs().isEmpty()) {
                    continue;
                }
                List<Object> args = new ArrayList<>();
                if (n.inputs().size() == 1) {
                    args.add(tensorConfig(f, n.inputs().get(0)));
                } else {
                    List<Object> many = new ArrayList<>();
                    for (KerasTensor t : n.inputs()) {
                        many.add(tensorConfig(f, t));
                    }
                    args.add(many);
                }
                Map<String, Object> node = new LinkedHashMap<>();
                node.put("args", args);
                node.put("kwargs", new LinkedHashMap<>());
                nodes.add(node);
            }
            e.put("inbound_nodes", nodes);
            layers.add(e);
        }
        c.put("layers", layers);
        List<Object> ins = new ArrayList<>();
        for (KerasTensor t : f.inputs()) {
            ins.add(history(f, t));
        }
        List<Object> outs = new ArrayList<>();
        for (KerasTensor t : f.outputs()) {
            outs.add(history(f, t));
        }
        c.put("input_layers", ins);
        c.put("output_layers", outs);
        return c;
    }

    private static List<Object> history(Functional f, KerasTensor t) {
        return List.of(t.layer().name(), f.nodeIndex(t.node()), t.tensorIndex());
    }

    private static Map<String, Object> tensorConfig(Functional f, KerasTensor t) {
        Map<String, Object> cfg = new LinkedHashMap<>();
        List<Object> shape = new ArrayList<>();
        for (long d : t.shape().toArray()) {
            shape.add(d < 0 ? null : d);
        }
        cfg.put("shape", shape);
        cfg.put("dtype", Backend.floatx() == org.nd4j.linalg.api.buffer.DataType.DOUBLE ? "float64" : "float32");
        cfg.put("keras_history", history(f, t));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", "__keras_tensor__");
        m.put("config", cfg);
        return m;
    }

    static Functional fromConfig(Config c) {
        String name = c.getString("name", null);
        boolean trainable = c.getBoolean("trainable", true);
        if (!(c.raw("layers") instanceof List<?> specs)) {
            throw new IllegalArgumentException("Functional config: 'layers' must be a list, received " + c.raw("layers"));
        }
        Map<String, Layer> layers = new LinkedHashMap<>();
        Map<String, List<?>> nodeSpecs = new LinkedHashMap<>();
        Map<String, List<List<KerasTensor>>> produced = new LinkedHashMap<>();
        for (Object spec : specs) {
            if (!(spec instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException("Functional config: each entry of 'layers' must be an object, received " + spec);
            }
            Map<String, Object> plain = new LinkedHashMap<>();
            plain.put("class_name", m.get("class_name"));
            plain.put("config", m.get("config"));
            Layer l = Registry.get().deserialize(Kind.LAYER, plain, Layer.class);
            String lname = m.get("name") instanceof String s ? s : l.name();
            if (layers.containsKey(lname)) {
                throw new IllegalArgumentException("Functional config: two layers are named \"" + lname + "\"");
            }
            layers.put(lname, l);
            List<List<KerasTensor>> outs = new ArrayList<>();
            if (l instanceof Input in) {
                outs.add(List.of(in.output()));
            }
            produced.put(lname, outs);
            Object inbound = m.get("inbound_nodes");
            nodeSpecs.put(lname, l instanceof Input || inbound == null ? List.of() : (List<?>) inbound);
        }
        // Keras's approach: call each layer on its inbound tensors as soon as they exist, until nothing is left.
        Map<String, Integer> done = new LinkedHashMap<>();
        for (String n : layers.keySet()) {
            done.put(n, 0);
        }
        boolean progress = true;
        while (progress) {
            progress = false;
            for (Map.Entry<String, Layer> e : layers.entrySet()) {
                String lname = e.getKey();
                List<?> nodes = nodeSpecs.get(lname);
                while (done.get(lname) < nodes.size()) {
                    List<Ref> refs = nodeRefs(lname, nodes.get(done.get(lname)));
                    List<KerasTensor> args = new ArrayList<>();
                    for (Ref r : refs) {
                        KerasTensor t = lookup(produced, r);
                        if (t == null) {
                            break;
                        }
                        args.add(t);
                    }
                    if (args.size() < refs.size()) {
                        break;
                    }
                    produced.get(lname).add(e.getValue().apply(args));
                    done.put(lname, done.get(lname) + 1);
                    progress = true;
                }
            }
        }
        for (Map.Entry<String, Integer> e : done.entrySet()) {
            if (e.getValue() < nodeSpecs.get(e.getKey()).size()) {
                throw unresolved(layers, nodeSpecs, done, produced);
            }
        }
        List<KerasTensor> inputs = tensors("input_layers", c.raw("input_layers"), produced);
        List<KerasTensor> outputs = tensors("output_layers", c.raw("output_layers"), produced);
        c.ignore("dtype", "build_input_shape");
        Functional f = new Functional(inputs, outputs, name);
        if (!trainable) {
            f.setTrainable(false);
        }
        return f;
    }

    private static KerasTensor lookup(Map<String, List<List<KerasTensor>>> produced, Ref r) {
        List<List<KerasTensor>> nodes = produced.get(r.layer);
        if (nodes == null || nodes.size() <= r.node) {
            return null;
        }
        List<KerasTensor> outs = nodes.get(r.node);
        if (r.tensor >= outs.size()) {
            throw new IllegalArgumentException("Functional config: layer \"" + r.layer + "\" call " + r.node + " has " + outs.size()
                    + " outputs, but output " + r.tensor + " is referenced");
        }
        return outs.get(r.tensor);
    }

    /** The tensors one inbound node reads: Keras 3 {@code {"args": [...]}} or Keras 2 {@code [[layer, node, tensor, kwargs], ...]}. */
    private static List<Ref> nodeRefs(String layer, Object node) {
        List<Ref> refs = new ArrayList<>();
        if (node instanceof Map<?, ?> m) {
            collectKerasTensors(m.get("args"), refs);
        } else if (node instanceof List<?> l) {
            for (Object o : l) {
                refs.add(ref(layer, o));
            }
        } else {
            throw new IllegalArgumentException("Functional config: layer \"" + layer + "\" has an unreadable inbound node " + node);
        }
        if (refs.isEmpty()) {
            throw new IllegalArgumentException("Functional config: layer \"" + layer + "\" has an inbound node with no input tensors: " + node);
        }
        return refs;
    }

    private static void collectKerasTensors(Object o, List<Ref> refs) {
        if (o instanceof Map<?, ?> m && "__keras_tensor__".equals(m.get("class_name")) && m.get("config") instanceof Map<?, ?> cfg) {
            refs.add(ref("?", cfg.get("keras_history")));
        } else if (o instanceof List<?> l) {
            for (Object x : l) {
                collectKerasTensors(x, refs);
            }
        }
    }

    private static Ref ref(String where, Object o) {
        if (o instanceof List<?> l && l.size() >= 3 && l.get(0) instanceof String n && l.get(1) instanceof Number node
                && l.get(2) instanceof Number tensor) {
            return new Ref(n, node.intValue(), tensor.intValue());
        }
        throw new IllegalArgumentException("Functional config: expected [layer_name, node_index, tensor_index] (in " + where + "), received " + o);
    }

    private static List<KerasTensor> tensors(String key, Object spec, Map<String, List<List<KerasTensor>>> produced) {
        if (!(spec instanceof List<?> l) || l.isEmpty()) {
            throw new IllegalArgumentException("Functional config: '" + key + "' must list [layer_name, node_index, tensor_index] entries, received " + spec);
        }
        List<Object> entries = l.get(0) instanceof String ? List.of(l) : new ArrayList<>(l); // one ref, or a list of refs
        List<KerasTensor> out = new ArrayList<>();
        for (Object e : entries) {
            Ref r = ref(key, e);
            KerasTensor t = lookup(produced, r);
            if (t == null) {
                throw new IllegalArgumentException("Functional config: '" + key + "' names " + e + ", but no layer \"" + r.layer
                        + "\" produced that tensor; layers are " + produced.keySet());
            }
            out.add(t);
        }
        return out;
    }

    /** Names the layers that could never run: a cycle among them, or a reference to a missing layer. */
    private static IllegalArgumentException unresolved(Map<String, Layer> layers, Map<String, List<?>> nodeSpecs,
            Map<String, Integer> done, Map<String, List<List<KerasTensor>>> produced) {
        Map<String, String> waitsOn = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> e : done.entrySet()) {
            List<?> nodes = nodeSpecs.get(e.getKey());
            if (e.getValue() < nodes.size()) {
                for (Ref r : nodeRefs(e.getKey(), nodes.get(e.getValue()))) {
                    if (lookup(produced, r) == null) {
                        if (!layers.containsKey(r.layer)) {
                            return new IllegalArgumentException("Functional config: layer \"" + e.getKey() + "\" takes input from \""
                                    + r.layer + "\", which is not a layer of the config " + layers.keySet());
                        }
                        waitsOn.put(e.getKey(), r.layer);
                        break;
                    }
                }
            }
        }
        String start = waitsOn.keySet().iterator().next();
        List<String> path = new ArrayList<>();
        String at = start;
        while (at != null && !path.contains(at)) {
            path.add(at);
            at = waitsOn.get(at);
        }
        if (at != null) {
            List<String> cycle = new ArrayList<>(path.subList(path.indexOf(at), path.size()));
            cycle.add(at);
            java.util.Collections.reverse(cycle);
            return new IllegalArgumentException("Functional config: the graph has a cycle through layers " + String.join(" -> ", cycle)
                    + "; none of them can run.");
        }
        return new IllegalArgumentException("Functional config: layers " + waitsOn.keySet() + " wait on inputs that are never produced.");
    }
}
