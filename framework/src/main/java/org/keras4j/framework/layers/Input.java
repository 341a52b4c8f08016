package org.keras4j.framework.layers;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.registry.Config;

/**
 * Declares the shape of one sample (without the batch axis), as Keras's {@code keras.Input}; as the
 * first element of a {@code Sequential} it lets the model build at once and check every batch;
 * {@link #tensor} gives the symbolic tensor a functional model starts from.
 *
 * <pre>{@code
 * new Sequential(new Input(28, 28, 1), new Flatten(), new Dense(10, "softmax"));
 * KerasTensor in = Input.tensor(28, 28, 1);   // functional API
 * }</pre>
 */
public final class Input extends Layer {
    private final long[] sampleShape;

    /** @param shape per-sample dimensions, e.g. {@code 784} or {@code 28, 28, 1}; -1 for an unknown size */
    public Input(long... shape) {
        this(shape, null);
    }

    public Input(long[] shape, String name) {
        super(name != null ? name : uniqueName("input_layer"));
        if (shape == null || shape.length == 0) {
            throw new IllegalArgumentException("Input: shape must have at least one dimension, received ()");
        }
        for (long d : shape) {
            if (d == 0 || d < Shape.NONE) {
                throw new IllegalArgumentException("Input: dimensions must be positive (or -1 for None), received shape "
                        + Shape.format(shape));
            }
        }
        this.sampleShape = shape.clone();
        ensureBuilt(batchShape());
        addInboundNode(new Node(this, List.of(), List.of(batchShape())));
    }

    /**
     * A symbolic model input (Keras's {@code keras.Input(shape)}): the output of a new Input layer.
     *
     * <pre>{@code KerasTensor image = Input.tensor(28, 28, 1);}</pre>
     *
     * @param shape per-sample dimensions; -1 for an unknown size
     */
    public static KerasTensor tensor(long... shape) {
        return new Input(shape).output();
    }

    /** A named symbolic model input (the name keys fit/predict data given as maps). */
    public static KerasTensor tensor(String name, long... shape) {
        return new Input(shape, name).output();
    }

    /** This Input's symbolic tensor, to start a functional model from. */
    public KerasTensor output() {
        return inboundNodes().get(0).outputs().get(0);
    }

    /** The batch shape {@code (None, ...shape)}. */
    public Shape batchShape() {
        return Shape.batchOf(sampleShape);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return inputs;
    }

    @Override
    public String className() {
        return "InputLayer";
    }

    /** Keras's InputLayer config: {@code batch_shape} (batch axis null), {@code dtype}, {@code name}. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.remove("trainable");
        List<Object> batch = new ArrayList<>();
        batch.add(null);
        for (long d : sampleShape) {
            batch.add(d == Shape.NONE ? null : d);
        }
        c.put("batch_shape", batch);
        return c;
    }

    public static Input fromConfig(Config c) {
        long[] batch = c.getLongArray("batch_shape");
        if (batch == null) {
            batch = c.getLongArray("batch_input_shape"); // Keras 2
        }
        if (batch == null || batch.length < 2) {
            throw new IllegalArgumentException("InputLayer config: 'batch_shape' must list the batch axis and at least one more");
        }
        c.ignore("dtype", "sparse", "ragged", "trainable", "optional");
        return new Input(java.util.Arrays.copyOfRange(batch, 1, batch.length), c.getString("name", null));
    }
}
