package org.keras4j.framework.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A plain stack of layers, each feeding the next, as Keras's {@code keras.Sequential}.
 *
 * <pre>{@code
 * var model = new Sequential(new Input(784), new Dense(256, "relu"), new Dense(10, "softmax"));
 * model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
 * }</pre>
 *
 * <p>With an {@link Input} first, the model is built at once; otherwise on the first batch (or an
 * explicit {@link #build(Shape)}). Layer names must be unique within the model.
 */
public class Sequential extends Model {
    private final List<Layer> layers = new ArrayList<>();
    private Input input;
    private Shape inputShape;
    private List<Shape> outputShapes = new ArrayList<>();

    public Sequential(Layer... layers) {
        super(uniqueName("sequential"));
        for (Layer l : layers) {
            add(l);
        }
    }

    /** Appends a layer; an {@link Input} is only accepted first. */
    public void add(Layer layer) {
        if (layer == null) {
            throw new IllegalArgumentException("Sequential.add: layer must not be null");
        }
        if (layer instanceof Input in) {
            if (input != null || !layers.isEmpty()) {
                throw new IllegalArgumentException("Sequential: an Input can only be the first element of the model; "
                        + "received " + in.name() + " after " + (input != null ? input.name() : layers.get(layers.size() - 1).name()));
            }
            input = in;
            build(in.batchShape());
            return;
        }
        for (Layer l : layers) {
            if (l.name().equals(layer.name())) {
                throw new IllegalArgumentException("All layers added to a Sequential model should have unique names. Name \""
                        + layer.name() + "\" is already the name of a layer in this model. Update the `name` argument "
                        + "to pass a unique name.");
            }
        }
        layers.add(layer);
        if (inputShape != null) {
            build(inputShape);
        }
    }

    /** Removes and returns the last layer. */
    public Layer pop() {
        if (layers.isEmpty()) {
            throw new IllegalStateException("There are no layers in the model.");
        }
        Layer last = layers.remove(layers.size() - 1);
        if (inputShape != null) {
            outputShapes = new ArrayList<>(outputShapes.subList(0, layers.size()));
        }
        return last;
    }

    @Override
    public List<Layer> layers() {
        return Collections.unmodifiableList(layers);
    }

    /** The model's {@link Input}, or null when it was built from data. */
    public Input input() {
        return input;
    }

    /**
     * Builds every layer for inputs of {@code inputShape} (batch axis None), inferring each layer's
     * input shape from the previous one's output; shape errors name the layer and its index.
     */
    @Override
    public void build(Shape inputShape) {
        Shape shape = inputShape.withBatch(Shape.NONE);
        List<Shape> shapes = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            l.setLocation(" (index " + i + ")");
            if (l.isBuilt()) {
                checkSpec(l, shape);
            }
            l.ensureBuilt(shape);
            checkSpec(l, shape);
            shape = l.computeOutputShape(shape);
            shapes.add(shape);
        }
        this.inputShape = inputShape.withBatch(Shape.NONE);
        this.outputShapes = shapes;
    }

    private static void checkSpec(Layer l, Shape shape) {
        if (l.inputSpec() != null) {
            String why = l.inputSpec().mismatch(shape.toArray());
            if (why != null) {
                throw new IllegalArgumentException(l.describe() + " " + why + ".");
            }
        }
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        Tensor x = inputs;
        for (Layer l : layers) {
            x = l.apply(x, training);
        }
        return x;
    }

    @Override
    public Shape computeOutputShape(Shape shape) {
        Shape s = shape;
        for (Layer l : layers) {
            s = l.computeOutputShape(s);
        }
        return s;
    }

    @Override
    protected void prepareForData(INDArray x) {
        if (layers.isEmpty()) {
            throw new IllegalStateException("Sequential model \"" + name() + "\" has no layers; add layers before using it");
        }
        Shape received = Shape.of(x.shape()).withBatch(Shape.NONE);
        if (inputShape == null) {
            build(received);
            return;
        }
        if (!inputShape.isCompatibleWith(received.toArray())) {
            String who = input != null ? "Input \"" + input.name() + "\"" : "Model \"" + name() + "\"";
            throw new IllegalArgumentException(who + " expects input of shape " + inputShape + ", but received shape "
                    + received + ".");
        }
    }

    @Override
    public List<Shape> layerOutputShapes() {
        List<Shape> out = new ArrayList<>(outputShapes);
        while (out.size() < layers.size()) {
            out.add(null);
        }
        return out;
    }

    /** Keras's Sequential config: {@code name}, {@code trainable}, {@code layers} (with the InputLayer first). */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name());
        c.put("trainable", isTrainable());
        List<Object> ls = new ArrayList<>();
        if (input != null) {
            ls.add(Registry.serialize(input));
        }
        for (Layer l : layers) {
            ls.add(Registry.serialize(l));
        }
        c.put("layers", ls);
        if (input == null && inputShape != null) {
            // Built from data: Keras records the shape so a loaded model can be built before its weights are set.
            List<Object> dims = new ArrayList<>();
            for (long d : inputShape.toArray()) {
                dims.add(d < 0 ? null : (Object) d);
            }
            c.put("build_input_shape", dims);
        }
        return c;
    }

    @Override
    public String className() {
        return "Sequential";
    }

    /** Rebuilds a Sequential from its config; each layer is looked up in the registry by class name. */
    public static Sequential fromConfig(Config c) {
        Sequential s = new Sequential();
        s.setName(c.getString("name", s.name()));
        Object ls = c.raw("layers");
        if (!(ls instanceof List<?> list)) {
            throw new IllegalArgumentException("Sequential config: 'layers' must be a list, received " + ls);
        }
        for (Object spec : list) {
            s.add(Registry.get().deserialize(Kind.LAYER, spec, Layer.class));
        }
        s.setTrainable(c.getBoolean("trainable", true));
        long[] buildShape = c.getLongArray("build_input_shape");
        if (buildShape != null && s.input == null && !s.layers.isEmpty()) {
            s.build(Shape.of(buildShape));
        }
        c.ignore("dtype");
        return s;
    }
}
