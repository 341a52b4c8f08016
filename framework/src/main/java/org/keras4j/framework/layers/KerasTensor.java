package org.keras4j.framework.layers;

import java.util.List;

/**
 * A symbolic tensor, as Keras's {@code KerasTensor}: a shape (batch axis None) and where it came
 * from (the layer, which of its calls, which of that call's outputs), but no numbers. Calling a
 * layer on symbolic tensors builds the layer and returns symbolic outputs; a {@code Functional}
 * model is the graph between symbolic inputs and outputs.
 *
 * <pre>{@code
 * KerasTensor in = Input.tensor(784);
 * KerasTensor h = new Dense(64, "relu").apply(in);   // shape (None, 64)
 * Model model = Model.of(in, new Dense(10, "softmax").apply(h));
 * }</pre>
 */
public final class KerasTensor {
    private final Shape shape;
    private final Node node;
    private final int tensorIndex;

    KerasTensor(Shape shape, Node node, int tensorIndex) {
        this.shape = shape;
        this.node = node;
        this.tensorIndex = tensorIndex;
    }

    /** The shape, batch axis None. */
    public Shape shape() {
        return shape;
    }

    /** The layer whose call produced this tensor (an {@link Input} for model inputs). */
    public Layer layer() {
        return node.layer();
    }

    /** The call (node) that produced this tensor. */
    public Node node() {
        return node;
    }

    /** Which of {@link #layer()}'s calls produced this tensor (Keras's {@code keras_history} node index). */
    public int nodeIndex() {
        return node.layer().inboundNodes().indexOf(node);
    }

    /** Which output of that call this tensor is. */
    public int tensorIndex() {
        return tensorIndex;
    }

    /** Shortcut for several tensors: {@code KerasTensor.list(a, b)}. */
    public static List<KerasTensor> list(KerasTensor... tensors) {
        return List.of(tensors);
    }

    @Override
    public String toString() {
        return "<KerasTensor shape=" + shape + ", name=" + node.layer().name() + "[" + nodeIndex() + "][" + tensorIndex + "]>";
    }
}
