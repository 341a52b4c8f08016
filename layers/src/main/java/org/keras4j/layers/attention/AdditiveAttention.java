package org.keras4j.layers.attention;

import java.util.List;
import java.util.Map;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.initializers.Initializers;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;

/**
 * Additive (Bahdanau-style) attention, as Keras's {@code keras.layers.AdditiveAttention}: like
 * {@link Attention} but with scores {@code sum(scale * tanh(q_i + k_j), axis=-1)}, where
 * {@code scale} is a trainable {@code (dim,)} vector (glorot_uniform) when {@code use_scale}
 * (the default), else 1. Inputs {@code [query, value]} or {@code [query, value, key]} of shapes
 * {@code (batch, Tq, dim)}, {@code (batch, Tv, dim_v)}, {@code (batch, Tv, dim)}; output
 * {@code (batch, Tq, dim_v)}. Masks, causal mask, dropout and returned scores as in Attention.
 *
 * <pre>{@code
 * Tensor out = new AdditiveAttention().apply(List.of(query, value), false).get(0);
 * }</pre>
 */
public class AdditiveAttention extends Attention {
    public AdditiveAttention() {
        this(true, 0.0, null);
    }

    /** @param dropout fraction of the attention weights dropped in training, in [0, 1) */
    public AdditiveAttention(boolean useScale, double dropout, Long seed) {
        super(useScale, "dot", dropout, seed);
    }

    @Override
    public void build(List<Shape> inputShapes) {
        validate(inputShapes);
        long dim = inputShapes.get(0).last();
        if (useScale()) {
            scale = addWeight("scale", new long[] {dim}, Initializers.get("glorot_uniform"), null, true);
        }
    }

    @Override
    protected Tensor scores(Tensor query, Tensor key) {
        Tensor t = NnOps.tanh(pairwiseSum(query, key));
        if (scale != null) {
            t = Ops.multiply(t, scale);
        }
        return Ops.sum(t, false, -1);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.remove("score_mode");
        return c;
    }

    public static AdditiveAttention fromConfig(Config c) {
        Long seed = c.has("seed") ? c.getLong("seed", 0) : null;
        c.ignore("seed");
        return applyBaseConfig(c, callOptions(c, new AdditiveAttention(c.getBoolean("use_scale", true), c.getDouble("dropout", 0.0), seed)));
    }
}
