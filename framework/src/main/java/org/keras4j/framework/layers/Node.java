package org.keras4j.framework.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * One call of a layer on symbolic tensors, as Keras's {@code Node}: the layer, the tensors it was
 * called on and the tensors it returned. A layer called twice (a shared layer) has two nodes and one
 * set of weights. An {@link Input} has one node with no inputs.
 */
public final class Node {
    private final Layer layer;
    private final List<KerasTensor> inputs;
    private final List<KerasTensor> outputs = new ArrayList<>();

    Node(Layer layer, List<KerasTensor> inputs, List<Shape> outputShapes) {
        this.layer = layer;
        this.inputs = List.copyOf(inputs);
        for (int i = 0; i < outputShapes.size(); i++) {
            outputs.add(new KerasTensor(outputShapes.get(i), this, i));
        }
    }

    public Layer layer() {
        return layer;
    }

    /** The symbolic tensors the layer was called on (empty for an Input). */
    public List<KerasTensor> inputs() {
        return inputs;
    }

    /** The symbolic tensors the call returned. */
    public List<KerasTensor> outputs() {
        return Collections.unmodifiableList(outputs);
    }

    /** The producing layers of the inputs, for messages: {@code dense[0][0], dense_1[0][0]}. */
    public String describeInputs() {
        List<String> parts = new ArrayList<>();
        for (KerasTensor t : inputs) {
            parts.add(t.layer().name() + "[" + t.nodeIndex() + "][" + t.tensorIndex() + "]");
        }
        return String.join(", ", parts);
    }
}
