package org.keras4j.layers.rnn;

import java.util.List;
import java.util.Map;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;

/**
 * Applies one layer to every timestep of a sequence, as Keras's {@code keras.layers.TimeDistributed}:
 * input {@code (batch, timesteps, ...)} is folded to {@code (batch * timesteps, ...)}, the layer
 * runs once on it, and the result is unfolded to {@code (batch, timesteps, ...)}. All timesteps
 * share the layer's weights.
 *
 * <pre>{@code new TimeDistributed(new Dense(8))   // (b, 10, 16) -> (b, 10, 8)}</pre>
 */
public class TimeDistributed extends Layer {
    private final Layer layer;

    public TimeDistributed(Layer layer) {
        if (layer == null) {
            throw new IllegalArgumentException("TimeDistributed: layer must not be null");
        }
        this.layer = layer;
    }

    public Layer layer() {
        return layer;
    }

    @Override
    public List<Layer> innerLayers() {
        return List.of(layer);
    }

    private static Shape inner(Shape s) {
        long[] d = s.toArray();
        long[] out = new long[d.length - 1];
        out[0] = Shape.NONE;
        System.arraycopy(d, 2, out, 1, d.length - 2);
        return Shape.of(out);
    }

    @Override
    public void build(Shape inputShape) {
        if (inputShape.rank() < 3) {
            throw new IllegalArgumentException(describe() + " expects input of rank >= 3 (batch, timesteps, ...), but received shape "
                    + inputShape + ".");
        }
        layer.ensureBuilt(inner(inputShape));
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        long[] s = inputs.shape();
        long[] folded = new long[s.length - 1];
        folded[0] = s[0] * s[1];
        System.arraycopy(s, 2, folded, 1, s.length - 2);
        Tensor out = layer.apply(Ops.reshape(inputs, folded), training);
        long[] os = out.shape();
        long[] unfolded = new long[os.length + 1];
        unfolded[0] = s[0];
        unfolded[1] = s[1];
        System.arraycopy(os, 1, unfolded, 2, os.length - 1);
        return Ops.reshape(out, unfolded);
    }

    /** The per-timestep layer keeps the time axis, so a sequence mask passes through. */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long[] o = layer.computeOutputShape(inner(inputShape)).toArray();
        long[] out = new long[o.length + 1];
        out[0] = inputShape.get(0);
        out[1] = inputShape.get(1);
        System.arraycopy(o, 1, out, 2, o.length - 1);
        return Shape.of(out);
    }

    @Override
    public List<Variable> weights() {
        return layer.weights();
    }

    @Override
    public void setTrainable(boolean trainable) {
        super.setTrainable(trainable);
        if (layer != null) {
            layer.setTrainable(trainable);
        }
    }

    @Override
    public List<Tensor> collectRegularizationLosses() {
        List<Tensor> all = new java.util.ArrayList<>(super.collectRegularizationLosses());
        all.addAll(layer.collectRegularizationLosses());
        return all;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("layer", Registry.serialize(layer));
        return c;
    }

    public static TimeDistributed fromConfig(Config c) {
        if (!c.has("layer")) {
            throw new IllegalArgumentException("TimeDistributed config: missing required key 'layer'");
        }
        Layer inner = Registry.get().deserialize(Kind.LAYER, c.raw("layer"), Layer.class);
        return applyBaseConfig(c, new TimeDistributed(inner));
    }
}
