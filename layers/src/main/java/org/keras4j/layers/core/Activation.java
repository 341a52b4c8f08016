package org.keras4j.layers.core;

import java.util.Map;
import org.keras4j.framework.activations.Activations;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.registry.Config;

/**
 * Applies an activation function to its input, as Keras's {@code keras.layers.Activation}.
 * Any input shape; the output has the same shape.
 *
 * <pre>{@code new Activation("relu")}</pre>
 */
public class Activation extends Layer {
    private final org.keras4j.framework.activations.Activation activation;

    /** @param activation a name such as {@code "softmax"} or an activation object */
    public Activation(Object activation) {
        if (activation == null) {
            throw new IllegalArgumentException("Activation: activation must be given, received null");
        }
        this.activation = Activations.get(activation);
    }

    /** Works per timestep, so a sequence mask passes through unchanged (Keras: supports_masking). */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return activation.apply(inputs);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("activation", Activations.serialize(activation));
        return c;
    }

    public static Activation fromConfig(Config c) {
        return applyBaseConfig(c, new Activation(c.raw("activation")));
    }
}
