package org.keras4j.framework.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.KerasTensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Node;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A model defined as a graph of layer calls between symbolic inputs and outputs, as Keras's
 * functional {@code keras.Model(inputs, outputs)}: one or many inputs and outputs, shared layers
 * (one layer called twice keeps one set of weights; its gradient is the sum over its uses),
 * nested models (any model is a layer), masks flowing along the graph.
 *
 * <pre>{@code
 * KerasTensor image = Input.tensor("image", 784);
 * KerasTensor meta = Input.tensor("meta", 4);
 * KerasTensor h = new Concatenate().apply(new Dense(64, "relu").apply(image), meta);
 * Model model = Model.of(List.of(image, meta), List.of(new Dense(10, "softmax").apply(h), new Dense(1).apply(h)));
 * }</pre>
 *
 * <p>The graph is checked when the model is made: every output must be computable from the given
 * inputs, and every input must reach an output; errors name the layers involved. Layers run in a
 * topological order fixed at construction. Subclass it to override {@code trainStep}.
 */
public class Functional extends Model {
    private final List<KerasTensor> inputs;
    private final List<KerasTensor> outputs;
    private final List<Input> inputLayers = new ArrayList<>();
    private final List<Layer> layers = new ArrayList<>();
    /** Per layer, its calls that belong to this model, in the layer's call order. */
    private final Map<Layer, List<Node>> modelNodes = new IdentityHashMap<>();
    private final List<Step> steps = new ArrayList<>();
    private final int slotCount;
    private final int[] outputSlots;

    /** One layer call of the execution plan: where its inputs are read and its outputs written. */
    private record Step(Layer layer, int[] in, int[] out) {
    }

    public Functional(KerasTensor input, KerasTensor output) {
        this(List.of(input), List.of(output), null);
    }

    public Functional(List<KerasTensor> inputs, List<KerasTensor> outputs) {
        this(inputs, outputs, null);
    }

    /**
     * @param inputs symbolic tensors made by {@link Input#tensor}, in the order data is given
     * @param outputs symbolic tensors computed from them, in the order predictions are returned
     * @param name the model's name; null gives {@code functional}, {@code functional_1}, ...
     */
    public Functional(List<KerasTensor> inputs, List<KerasTensor> outputs, String name) {
        super(name != null ? name : uniqueName("functional"));
        if (inputs == null || inputs.isEmpty() || outputs == null || outputs.isEmpty()) {
            throw new IllegalArgumentException("Functional model \"" + name() + "\" needs at least one input and one output, received "
                    + inputs + " and " + outputs);
        }
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        Map<KerasTensor, Integer> slots = new IdentityHashMap<>();
        for (KerasTensor t : this.inputs) {
            if (!(t.layer() instanceof Input in) || !t.node().inputs().isEmpty()) {
                throw new IllegalArgumentException("Functional model \"" + name() + "\": inputs must be tensors made by Input.tensor(...), but "
                        + t + " is the output of " + t.layer().describe() + ".");
            }
            if (slots.containsKey(t)) {
                throw new IllegalArgumentException("Functional model \"" + name() + "\": input \"" + in.name() + "\" is given twice.");
            }
            slots.put(t, slots.size());
            inputLayers.add(in);
            addLayer(in, t.node());
        }
        List<Node> order = new ArrayList<>();
        Map<Node, Boolean> state = new IdentityHashMap<>(); // false while visiting, true when done
        for (KerasTensor out : this.outputs) {
            visit(out.node(), slots, order, state, new ArrayList<>());
        }
        Set<Input> reached = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Node n : state.keySet()) {
            if (n.layer() instanceof Input in) {
                reached.add(in);
            }
        }
        for (Input in : inputLayers) {
            if (!reached.contains(in)) {
                throw new IllegalArgumentException("Functional model \"" + name() + "\": input \"" + in.name()
                        + "\" does not reach any output (outputs: " + outputNames() + "). Remove it from the inputs or connect it.");
            }
        }
        Set<String> names = new LinkedHashSet<>();
        for (Node n : order) {
            if (!(n.layer() instanceof Input)) {
                addLayer(n.layer(), n);
                int[] in = new int[n.inputs().size()];
                for (int i = 0; i < in.length; i++) {
                    in[i] = slots.get(n.inputs().get(i));
                }
                int[] out = new int[n.outputs().size()];
                for (int i = 0; i < out.length; i++) {
                    out[i] = slots.size();
                    slots.put(n.outputs().get(i), out[i]);
                }
                steps.add(new Step(n.layer(), in, out));
            }
        }
        for (Layer l : layers) {
            if (!names.add(l.name())) {
                throw new IllegalArgumentException("Functional model \"" + name() + "\": all layer names should be unique, but \""
                        + l.name() + "\" is used by more than one layer.");
            }
        }
        for (int i = 0; i < layers.size(); i++) {
            layers.get(i).setLocation(" (index " + i + ")");
        }
        slotCount = slots.size();
        outputSlots = new int[this.outputs.size()];
        for (int i = 0; i < outputSlots.length; i++) {
            outputSlots[i] = slots.get(this.outputs.get(i));
        }
        List<Shape> shapes = new ArrayList<>();
        for (KerasTensor t : this.inputs) {
            shapes.add(t.shape());
        }
        ensureBuilt(shapes);
    }

    private void addLayer(Layer l, Node n) {
        List<Node> nodes = modelNodes.get(l);
        if (nodes == null) {
            nodes = new ArrayList<>();
            modelNodes.put(l, nodes);
            layers.add(l);
        }
        nodes.add(n);
        // Keep the layer's own call order, so node indices match Keras's keras_history.
        List<Node> all = l.inboundNodes();
        nodes.sort((a, b) -> Integer.compare(all.indexOf(a), all.indexOf(b)));
    }

    /** Depth-first from an output back to the inputs; appends nodes after their inputs (a topological order). */
    private void visit(Node node, Map<KerasTensor, Integer> inputSlots, List<Node> order, Map<Node, Boolean> state, List<Layer> path) {
        Boolean s = state.get(node);
        if (Boolean.TRUE.equals(s)) {
            return;
        }
        path.add(node.layer());
        if (Boolean.FALSE.equals(s)) {
            throw new IllegalArgumentException("Functional model \"" + name() + "\": the graph has a cycle through layers " + path(path) + ".");
        }
        if (node.inputs().isEmpty()) {
            KerasTensor t = node.outputs().get(0);
            if (!inputSlots.containsKey(t)) {
                List<Layer> back = new ArrayList<>(path);
                Collections.reverse(back);
                throw new IllegalArgumentException("Functional model \"" + name() + "\": graph disconnected: output \""
                        + path.get(0).name() + "\" depends on \"" + node.layer().name() + "\", which is not among the model's inputs "
                        + inputNames() + ". Path: " + path(back) + ".");
            }
            state.put(node, true);
            path.remove(path.size() - 1);
            return;
        }
        state.put(node, false);
        for (KerasTensor t : node.inputs()) {
            visit(t.node(), inputSlots, order, state, path);
        }
        state.put(node, true);
        order.add(node);
        path.remove(path.size() - 1);
    }

    /** {@code a -> b -> c}: a path through the graph, for messages. */
    private static String path(List<? extends Layer> ls) {
        List<String> out = new ArrayList<>();
        for (Layer l : ls) {
            out.add(l.name());
        }
        return String.join(" -> ", out);
    }

    // ---- structure ----

    /** Every layer, Inputs first, then in the order they run (a shared layer once). */
    @Override
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The symbolic inputs, in data order. */
    public List<KerasTensor> inputs() {
        return inputs;
    }

    /** The symbolic outputs, in prediction order. */
    public List<KerasTensor> outputs() {
        return outputs;
    }

    public List<Input> inputLayers() {
        return Collections.unmodifiableList(inputLayers);
    }

    /** This model's calls of {@code layer} (two or more for a shared layer), in call order. */
    public List<Node> nodesOf(Layer layer) {
        return Collections.unmodifiableList(modelNodes.getOrDefault(layer, List.of()));
    }

    /** The index Keras gives {@code node} in configs ({@code keras_history}): its position among the layer's calls in this model. */
    int nodeIndex(Node node) {
        return modelNodes.get(node.layer()).indexOf(node);
    }

    @Override
    public List<String> inputNames() {
        List<String> out = new ArrayList<>();
        for (Input in : inputLayers) {
            out.add(in.name());
        }
        return out;
    }

    /** Keras 3's {@code output_names}: the names of the layers producing the outputs. */
    @Override
    public List<String> outputNames() {
        List<String> out = new ArrayList<>();
        for (KerasTensor t : outputs) {
            out.add(t.layer().name());
        }
        return out;
    }

    // ---- running ----

    @Override
    public void build(List<Shape> inputShapes) {
        checkShapes(inputShapes);
    }

    private void checkShapes(List<Shape> shapes) {
        if (shapes.size() != inputs.size()) {
            throw new IllegalArgumentException("Model \"" + name() + "\" expects " + inputs.size() + " input(s) " + inputNames()
                    + ", but received " + shapes.size() + ".");
        }
        for (int i = 0; i < shapes.size(); i++) {
            checkShape(i, shapes.get(i).toArray());
        }
    }

    private void checkShape(int i, long[] received) {
        Shape expected = inputs.get(i).shape();
        if (!expected.isCompatibleWith(received)) {
            throw new IllegalArgumentException("Input \"" + inputLayers.get(i).name() + "\" of model \"" + name() + "\" expects shape "
                    + expected + ", but received shape " + Shape.formatBatch(received) + ".");
        }
    }

    /** Runs the graph on its single input and returns its single output. */
    @Override
    public Tensor call(Tensor x, boolean training) {
        if (inputs.size() != 1 || outputs.size() != 1) {
            return onlyOutput(call(List.of(x), training));
        }
        return run(new Tensor[] {x}, training)[outputSlots[0]];
    }

    /** Runs the graph; one tensor per input in, one per output out. */
    @Override
    public List<Tensor> call(List<Tensor> xs, boolean training) {
        Tensor[] slots = run(xs.toArray(new Tensor[0]), training);
        List<Tensor> out = new ArrayList<>(outputSlots.length);
        for (int s : outputSlots) {
            out.add(slots[s]);
        }
        return out;
    }

    private Tensor onlyOutput(List<Tensor> outs) {
        if (outs.size() != 1) {
            throw new IllegalArgumentException("Model \"" + name() + "\" has " + outs.size() + " outputs " + outputNames()
                    + "; call it with a list, or use predict(List.of(x)), to receive all of them.");
        }
        return outs.get(0);
    }

    private Tensor[] run(Tensor[] xs, boolean training) {
        if (xs.length != inputs.size()) {
            throw new IllegalArgumentException("Model \"" + name() + "\" expects " + inputs.size() + " input(s) " + inputNames()
                    + ", but received " + xs.length + ".");
        }
        Tensor[] slots = new Tensor[slotCount];
        for (int i = 0; i < xs.length; i++) {
            checkShape(i, xs[i].shape());
            slots[i] = xs[i];
        }
        for (Step s : steps) {
            if (s.in.length == 1 && s.out.length == 1) {
                slots[s.out[0]] = s.layer.apply(slots[s.in[0]], training);
            } else {
                List<Tensor> args = new ArrayList<>(s.in.length);
                for (int i : s.in) {
                    args.add(slots[i]);
                }
                List<Tensor> outs = s.layer.apply(args, training);
                for (int i = 0; i < s.out.length; i++) {
                    slots[s.out[i]] = outs.get(i);
                }
            }
        }
        return slots;
    }

    /** As a layer inside another model: the inner layers build, check and mask for themselves. */
    @Override
    public Tensor apply(Tensor x, boolean training) {
        return call(x, training);
    }

    @Override
    public List<Tensor> apply(List<Tensor> xs, boolean training) {
        return call(xs, training);
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return onlyShape(computeOutputShapes(List.of(inputShape)));
    }

    private Shape onlyShape(List<Shape> shapes) {
        if (shapes.size() != 1) {
            throw new IllegalArgumentException("Model \"" + name() + "\" has " + shapes.size() + " outputs " + outputNames() + ".");
        }
        return shapes.get(0);
    }

    @Override
    public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
        checkShapes(inputShapes);
        List<Shape> out = new ArrayList<>();
        for (KerasTensor t : outputs) {
            out.add(t.shape());
        }
        return out;
    }

    @Override
    protected void prepareForData(INDArray x) {
        prepareForData(List.of(x));
    }

    @Override
    protected void prepareForData(List<INDArray> xs) {
        List<Shape> shapes = new ArrayList<>();
        for (INDArray x : xs) {
            shapes.add(Shape.of(x.shape()));
        }
        checkShapes(shapes);
    }

    /** The output shape of each layer's first call in this model (null when its calls give different shapes). */
    @Override
    public List<Shape> layerOutputShapes() {
        List<Shape> out = new ArrayList<>();
        for (Layer l : layers) {
            Shape first = null;
            boolean same = true;
            for (Node n : modelNodes.get(l)) {
                Shape s = n.outputs().get(0).shape();
                same &= first == null || first.equals(s);
                first = first == null ? s : first;
            }
            out.add(same ? first : null);
        }
        return out;
    }

    /** Prints Keras's functional summary, with the "Connected to" column. */
    @Override
    public String summaryText() {
        return Summary.renderFunctional(this);
    }

    // ---- config ----

    @Override
    public String className() {
        return "Functional";
    }

    /**
     * Keras 3's Functional config: {@code name}, {@code trainable}, {@code layers} (each with
     * {@code inbound_nodes} in the {@code __keras_tensor__} form), {@code input_layers},
     * {@code output_layers}.
     */
    @Override
    public Map<String, Object> getConfig() {
        return FunctionalConfig.toConfig(this);
    }

    /** Rebuilds a functional model from its config (Keras 3 or Keras 2 {@code inbound_nodes} layout). */
    public static Functional fromConfig(Config c) {
        return FunctionalConfig.fromConfig(c);
    }
}
