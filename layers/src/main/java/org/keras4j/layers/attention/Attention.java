package org.keras4j.layers.attention;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.initializers.Initializers;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.layers.regularization.NoiseSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Dot-product attention, as Keras's {@code keras.layers.Attention} (Luong style). Inputs are
 * {@code [query, value]} or {@code [query, value, key]} (key defaults to value): query
 * {@code (batch, Tq, dim)}, value {@code (batch, Tv, dim_v)}, key {@code (batch, Tv, dim)}. Output
 * {@code (batch, Tq, dim_v)}:
 * <pre>
 * scores = query @ key^T                      (score_mode "dot", times the scalar weight "scale" when use_scale)
 * scores = w * sum(tanh(s * (q_i + k_j)))     (score_mode "concat"; w "concat_score_weight", s "scale" when use_scale)
 * scores -= 1e9 where the value mask (and the causal mask) is false
 * output = dropout(softmax(scores)) @ value, times the query mask
 * </pre>
 * Masks are the Keras masks carried by the query and value tensors ({@link Tensor#mask()}); the
 * output carries the query's mask. Keras's call arguments {@code use_causal_mask} and
 * {@code return_attention_scores} are set on the layer ({@link #useCausalMask(boolean)},
 * {@link #returnAttentionScores(boolean)}; written to the config only when true); with the latter, {@code apply} returns
 * {@code [output, scores]}, scores {@code (batch, Tq, Tv)} after masking and softmax.
 * Defaults: {@code use_scale=false}, {@code score_mode="dot"}, {@code dropout=0}.
 *
 * <pre>{@code
 * Tensor out = new Attention().apply(List.of(query, value), false).get(0);
 * }</pre>
 */
public class Attention extends Layer {
    private final boolean useScale;
    private final String scoreMode;
    private final double dropout;
    private final NoiseSource dropoutNoise;
    private boolean useCausalMask;
    private boolean returnAttentionScores;
    protected Variable scale;
    private Variable concatScoreWeight;

    public Attention() {
        this(false, "dot", 0.0, null);
    }

    /**
     * @param scoreMode {@code "dot"} or {@code "concat"}
     * @param dropout fraction of the attention weights dropped in training, in [0, 1)
     * @param seed the dropout generator's seed, or null for the global generator
     */
    public Attention(boolean useScale, String scoreMode, double dropout, Long seed) {
        if (!"dot".equals(scoreMode) && !"concat".equals(scoreMode)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": score_mode must be \"dot\" or \"concat\", received score_mode="
                    + scoreMode);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": dropout must be in [0, 1), received dropout=" + dropout);
        }
        this.useScale = useScale;
        this.scoreMode = scoreMode;
        this.dropout = dropout;
        this.dropoutNoise = new NoiseSource(seed);
    }

    /** Keras's call argument {@code use_causal_mask}: query step i attends only to value steps j <= i. */
    public Attention useCausalMask(boolean causal) {
        this.useCausalMask = causal;
        return this;
    }

    /** Keras's call argument {@code return_attention_scores}: {@code apply} then returns {@code [output, scores]}. */
    public Attention returnAttentionScores(boolean scores) {
        this.returnAttentionScores = scores;
        return this;
    }

    public boolean useScale() {
        return useScale;
    }

    @Override
    public void build(List<Shape> inputShapes) {
        validate(inputShapes);
        if (useScale) {
            scale = addWeight("scale", new long[0], Initializers.get("ones"), null, true);
        }
        if ("concat".equals(scoreMode)) {
            concatScoreWeight = addWeight("concat_score_weight", new long[0], Initializers.get("ones"), null, true);
        }
    }

    /** Checks the list of shapes: 2 or 3 inputs of rank 3, query and key dims equal (dot), value and key steps equal. */
    protected void validate(List<Shape> shapes) {
        if (shapes.size() < 2 || shapes.size() > 3) {
            throw new IllegalArgumentException(describe() + " must be called on a list [query, value] or [query, value, key], but received "
                    + shapes.size() + " input(s).");
        }
        Shape q = shapes.get(0);
        Shape v = shapes.get(1);
        Shape k = shapes.size() > 2 ? shapes.get(2) : v;
        for (Shape s : List.of(q, v, k)) {
            if (s.rank() != 3) {
                throw new IllegalArgumentException(describe() + " expects inputs of rank 3 (batch, steps, features), but received shapes "
                        + shapes + ".");
            }
        }
        if (known(v.get(1)) && known(k.get(1)) && v.get(1) != k.get(1)) {
            throw new IllegalArgumentException(describe() + ": value and key must have the same number of steps, but received value "
                    + v + " and key " + k + ".");
        }
        if (known(q.last()) && known(k.last()) && q.last() != k.last()) {
            throw new IllegalArgumentException(describe() + ": query and key must have the same last dimension, but received query "
                    + q + " and key " + k + ".");
        }
    }

    private static boolean known(long d) {
        return d != Shape.NONE;
    }

    /** {@code (batch, Tq, Tv)} scores of each query step against each key step. */
    protected Tensor scores(Tensor query, Tensor key) {
        if ("dot".equals(scoreMode)) {
            Tensor s = Ops.batchMatmul(query, key, false, true);
            return scale == null ? s : Ops.multiply(s, scale);
        }
        Tensor sum = pairwiseSum(query, key);
        if (scale != null) {
            sum = Ops.multiply(sum, scale);
        }
        return Ops.multiply(Ops.sum(NnOps.tanh(sum), false, -1), concatScoreWeight);
    }

    /** {@code q_i + k_j} for every pair of steps: {@code (batch, Tq, Tv, dim)}. */
    static Tensor pairwiseSum(Tensor query, Tensor key) {
        long b = query.size(0);
        long tq = query.size(1);
        long tv = key.size(1);
        long d = query.size(2);
        // (b, Tq, 1, d) + (b, 1, Tv, d), the first tiled so the add broadcasts one way
        Tensor q = org.keras4j.framework.autodiff.ShapeOps.tile(Ops.reshape(query, b, tq, 1, d), 1, 1, (int) tv, 1);
        return Ops.add(q, Ops.reshape(key, b, 1, tv, d));
    }

    @Override
    public List<Tensor> call(List<Tensor> inputs, boolean training) {
        List<Shape> shapes = new ArrayList<>();
        for (Tensor t : inputs) {
            shapes.add(Shape.of(t.shape()).withBatch(Shape.NONE));
        }
        validate(shapes);
        Tensor query = inputs.get(0);
        Tensor value = inputs.get(1);
        Tensor key = inputs.size() > 2 ? inputs.get(2) : value;
        if (query.size(0) != value.size(0) || key.size(0) != value.size(0)) {
            throw new IllegalArgumentException(describe() + ": query, value and key must have the same batch size, but received shapes "
                    + Shape.format(query.shape()) + ", " + Shape.format(value.shape()) + ", " + Shape.format(key.shape()) + ".");
        }
        var type = query.dataType();
        INDArray qMask = AttentionMasks.sequenceMask(describe(), "query", query.mask(), query, type);
        INDArray vMask = AttentionMasks.sequenceMask(describe(), "value", value.mask(), value, type);
        Tensor scores = scores(query, key);
        long tq = query.size(1);
        long tv = value.size(1);
        INDArray allowed = vMask == null ? null : vMask.reshape(vMask.size(0), 1, tv);
        if (useCausalMask) {
            allowed = AttentionMasks.and(allowed, AttentionMasks.causal(tq, tv, type));
        }
        if (allowed != null) {
            // Keras subtracts 1e9 where attention is not allowed, so those weights vanish in the softmax
            INDArray penalty = AttentionMasks.expand(allowed, scores.shape()).rsubi(1.0).muli(1e9);
            scores = Ops.subtract(scores, Tensor.constant(penalty));
        }
        Tensor weights = NnOps.softmax(scores, -1);
        Tensor used = training && dropout > 0 ? NnOps.dropout(weights, dropout, dropoutNoise.generator()) : weights;
        Tensor out = Ops.batchMatmul(used, value, false, false);
        if (qMask != null) {
            out = Ops.multiply(out, Tensor.constant(qMask.reshape(qMask.size(0), tq, 1)));
        }
        return returnAttentionScores ? List.of(out, weights) : List.of(out);
    }


    /** The output carries the query's mask (Keras's compute_mask); the scores carry none. */
    @Override
    public List<INDArray> computeMask(List<Tensor> inputs, List<INDArray> masks) {
        return AttentionMasks.outputMasks(masks, returnAttentionScores);
    }

    @Override
    public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
        validate(inputShapes);
        Shape q = inputShapes.get(0);
        Shape v = inputShapes.get(1);
        Shape out = Shape.of(q.get(0), q.get(1), v.last());
        return returnAttentionScores ? List.of(out, Shape.of(q.get(0), q.get(1), v.get(1))) : List.of(out);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("use_scale", useScale);
        c.put("score_mode", scoreMode);
        c.put("dropout", dropout);
        c.put("seed", dropoutNoise.seed());
        // Keras passes these at call time; here they are layer settings, so they travel with the config (only when set,
        // so that configs without them stay readable by Keras)
        if (useCausalMask) {
            c.put("use_causal_mask", true);
        }
        if (returnAttentionScores) {
            c.put("return_attention_scores", true);
        }
        return c;
    }

    /** Reads {@code use_causal_mask} and {@code return_attention_scores} (Keras4J's layer settings) into {@code a}. */
    static <A extends Attention> A callOptions(Config c, A a) {
        a.useCausalMask(c.getBoolean("use_causal_mask", false));
        a.returnAttentionScores(c.getBoolean("return_attention_scores", false));
        return a;
    }

    public static Attention fromConfig(Config c) {
        Long seed = NoiseSource.seed(c);
        Attention a = new Attention(c.getBoolean("use_scale", false), c.getString("score_mode", "dot"), c.getDouble("dropout", 0.0), seed);
        return applyBaseConfig(c, callOptions(c, a));
    }
}
