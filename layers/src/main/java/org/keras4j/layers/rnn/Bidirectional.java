package org.keras4j.layers.rnn;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.SequenceOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Runs a recurrent layer forwards and a copy of it backwards over the same sequence and merges the
 * two outputs, as Keras's {@code keras.layers.Bidirectional}. The backward layer's returned
 * sequence is flipped back to forward time before merging. {@code merge_mode}: {@code "concat"}
 * (default; last axis doubles), {@code "sum"}, {@code "mul"}, {@code "ave"}, or null (both outputs
 * kept apart, see {@link #runBoth}).
 *
 * <pre>{@code new Bidirectional(new LSTM(64).returnSequences(true))   // (b, t, f) -> (b, t, 128)}</pre>
 *
 * <p>Weights: the forward layer's, then the backward layer's. The layers are renamed
 * {@code forward_<name>} and {@code backward_<name>}.
 */
public class Bidirectional extends Layer {
    private static final List<String> MODES = List.of("concat", "sum", "mul", "ave");

    private final Recurrent<?> forward;
    private final Recurrent<?> backward;
    private final String mergeMode;

    public Bidirectional(Recurrent<?> layer) {
        this(layer, "concat");
    }

    /** @param mergeMode concat, sum, mul, ave, or null */
    public Bidirectional(Recurrent<?> layer, String mergeMode) {
        this(layer, mergeMode, null);
    }

    /** @param backwardLayer the layer that reads the sequence backwards; null makes a copy of {@code layer} */
    public Bidirectional(Recurrent<?> layer, String mergeMode, Recurrent<?> backwardLayer) {
        if (layer == null) {
            throw new IllegalArgumentException("Bidirectional: layer must be a recurrent layer, received null");
        }
        if (mergeMode != null && !MODES.contains(mergeMode)) {
            throw new IllegalArgumentException("Bidirectional: merge_mode must be one of " + MODES + " or null, received merge_mode=" + mergeMode);
        }
        if (layer.isBuilt()) {
            throw new IllegalArgumentException("Bidirectional: the wrapped layer " + layer.name() + " is already built; wrap a new layer");
        }
        this.mergeMode = mergeMode;
        this.forward = layer;
        if (backwardLayer == null) {
            Map<String, Object> config = new java.util.LinkedHashMap<>(layer.getConfig());
            config.put("go_backwards", !layer.isGoingBackwards());
            backwardLayer = Registry.get().create(Kind.LAYER, layer.className(), Config.of(config), Recurrent.class);
        } else if (backwardLayer.returnsSequences() != layer.returnsSequences()) {
            throw new IllegalArgumentException("Bidirectional: forward and backward layers must agree on return_sequences");
        }
        this.backward = backwardLayer;
        String base = layer.name();
        forward.setName("forward_" + base);
        backward.setName("backward_" + base);
        if (layer.returnsSequences()) {
            // as Keras: a masked step contributes zeros to a merged sequence
            forward.zeroOutputForMask(true);
            backward.zeroOutputForMask(true);
        }
    }

    public Recurrent<?> forwardLayer() {
        return forward;
    }

    public Recurrent<?> backwardLayer() {
        return backward;
    }

    @Override
    public void build(Shape inputShape) {
        forward.ensureBuilt(inputShape);
        backward.ensureBuilt(inputShape);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (mergeMode == null) {
            throw new IllegalStateException(describe() + " has merge_mode=None and so two outputs; use runBoth()");
        }
        List<Tensor> both = runBoth(inputs, null, training);
        return merge(both.get(0), both.get(1));
    }

    /**
     * The forward and backward outputs (the backward sequence in forward time order), unmerged.
     *
     * @param mask {@code (batch, timesteps)}, nonzero where a step is real; null for none
     */
    public List<Tensor> runBoth(Tensor inputs, INDArray mask, boolean training) {
        Tensor f = forward.run(inputs, null, mask, training).output();
        Tensor b = backward.run(inputs, null, mask, training).output();
        if (backward.returnsSequences()) {
            b = SequenceOps.reverse(b, 1);
        }
        return List.of(f, b);
    }

    /** Merges the two directions' outputs as {@code merge_mode} says. */
    public Tensor merge(Tensor f, Tensor b) {
        switch (mergeMode) {
            case "concat":
                return SequenceOps.concat(List.of(f, b), -1);
            case "sum":
                return Ops.add(f, b);
            case "mul":
                return Ops.multiply(f, b);
            case "ave":
                return Ops.multiplyScalar(Ops.add(f, b), 0.5);
            default:
                throw new IllegalStateException(describe() + ": merge_mode=None gives two outputs; use runBoth()");
        }
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        Shape one = forward.computeOutputShape(inputShape);
        if ("concat".equals(mergeMode)) {
            long last = one.last();
            return one.withLast(last == Shape.NONE ? Shape.NONE : 2 * last);
        }
        return one;
    }

    @Override
    public List<Variable> weights() {
        List<Variable> all = new ArrayList<>(forward.weights());
        all.addAll(backward.weights());
        return all;
    }

    @Override
    public void setTrainable(boolean trainable) {
        super.setTrainable(trainable);
        if (forward != null) {
            forward.setTrainable(trainable);
            backward.setTrainable(trainable);
        }
    }

    @Override
    public List<Tensor> collectRegularizationLosses() {
        List<Tensor> all = new ArrayList<>(super.collectRegularizationLosses());
        all.addAll(forward.collectRegularizationLosses());
        all.addAll(backward.collectRegularizationLosses());
        return all;
    }

    /** Forgets the carried states of both directions (stateful layers). */
    public void resetStates() {
        forward.resetStates();
        backward.resetStates();
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("merge_mode", mergeMode);
        c.put("layer", innerConfig(forward));
        c.put("backward_layer", innerConfig(backward));
        return c;
    }

    /** The wrapped layer's config under its own (unprefixed) name, as Keras stores it. */
    private static Map<String, Object> innerConfig(Recurrent<?> l) {
        Map<String, Object> s = Registry.serialize(l);
        return s;
    }

    public static Bidirectional fromConfig(Config c) {
        Recurrent<?> layer = Registry.get().deserialize(Kind.LAYER, c.raw("layer"), Recurrent.class);
        Recurrent<?> back = c.has("backward_layer") ? Registry.get().deserialize(Kind.LAYER, c.raw("backward_layer"), Recurrent.class) : null;
        c.ignore("backward_layer");
        stripPrefix(layer, "forward_");
        if (back != null) {
            stripPrefix(back, "backward_");
        }
        String mode = c.getString("merge_mode", "concat");
        c.ignore("weights");
        Bidirectional b = new Bidirectional(layer, mode == null ? null : mode.toLowerCase(Locale.ROOT), back);
        return applyBaseConfig(c, b);
    }

    private static void stripPrefix(Layer l, String prefix) {
        if (l.name().startsWith(prefix)) {
            l.setName(l.name().substring(prefix.length()));
        }
    }
}
