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
 * kept apart: {@link #call(List, boolean)} returns both).
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
    public List<Layer> innerLayers() {
        return List.of(forward, backward);
    }

    @Override
    public void build(Shape inputShape) {
        forward.ensureBuilt(inputShape);
        backward.ensureBuilt(inputShape);
    }

    @Override
    public void build(List<Shape> inputShapes) {
        build(inputShapes.get(0));
    }

    /** The merged output (merge_mode must not be None); consumes the input's mask. */
    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (mergeMode == null) {
            throw new IllegalArgumentException(describe() + " has merge_mode=None and so two outputs; call it on a list (apply(List)).");
        }
        List<Tensor> both = runBoth(inputs, training);
        return merge(both.get(0), both.get(1));
    }

    /**
     * Keras's call on a list {@code [inputs, forward states..., backward states...]} (initial states
     * optional). Returns {@code [merged]}, or {@code [forward, backward]} with merge_mode None,
     * followed, with return_state, by the forward then the backward final states.
     */
    @Override
    public List<Tensor> call(List<Tensor> inputs, boolean training) {
        Tensor x = inputs.get(0);
        List<Tensor> fInit = null;
        List<Tensor> bInit = null;
        if (inputs.size() > 1) {
            int n = inputs.size() - 1;
            if (n % 2 != 0) {
                throw new IllegalArgumentException(describe() + " expects as many backward as forward initial states, but received "
                        + n + " initial states in total.");
            }
            fInit = inputs.subList(1, 1 + n / 2);
            bInit = inputs.subList(1 + n / 2, inputs.size());
        }
        Recurrent.Result f = forward.run(x, fInit, x.mask(), training);
        Recurrent.Result b = backward.run(x, bInit, x.mask(), training);
        Tensor bOut = backward.returnsSequences() ? SequenceOps.reverse(b.output(), 1) : b.output();
        List<Tensor> out = new ArrayList<>();
        if (mergeMode == null) {
            out.add(f.output());
            out.add(bOut);
        } else {
            out.add(merge(f.output(), bOut));
        }
        if (forward.returnsState()) {
            out.addAll(f.states());
            out.addAll(b.states());
        }
        return out;
    }

    /** The forward and backward outputs (the backward sequence in forward time order), unmerged. */
    private List<Tensor> runBoth(Tensor inputs, boolean training) {
        Tensor f = forward.run(inputs, null, inputs.mask(), training).output();
        Tensor b = backward.run(inputs, null, inputs.mask(), training).output();
        if (backward.returnsSequences()) {
            b = SequenceOps.reverse(b, 1);
        }
        return List.of(f, b);
    }

    @Override
    public INDArray computeMask(Tensor inputs, INDArray mask) {
        return forward.returnsSequences() ? mask : null;
    }

    @Override
    public List<INDArray> computeMask(List<Tensor> inputs, List<INDArray> masks) {
        INDArray m = computeMask(inputs.get(0), masks.get(0));
        int outputs = (mergeMode == null ? 2 : 1) + (forward.returnsState() ? 2 * forward.stateCount() : 0);
        List<INDArray> out = new ArrayList<>();
        for (int i = 0; i < outputs; i++) {
            out.add(i < (mergeMode == null ? 2 : 1) ? m : null);
        }
        return out;
    }

    @Override
    public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
        List<Shape> out = new ArrayList<>();
        if (mergeMode == null) {
            out.add(forward.computeOutputShape(inputShapes.get(0)));
            out.add(backward.computeOutputShape(inputShapes.get(0)));
        } else {
            out.add(computeOutputShape(inputShapes.get(0)));
        }
        if (forward.returnsState()) {
            for (int i = 0; i < 2 * forward.stateCount(); i++) {
                out.add(Shape.of(inputShapes.get(0).get(0), forward.units()));
            }
        }
        return out;
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
                throw new IllegalStateException(describe() + ": merge_mode=None gives two outputs; call it on a list (apply(List))");
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
        if (!c.has("layer")) {
            throw new IllegalArgumentException("Bidirectional config: missing required key 'layer'");
        }
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
