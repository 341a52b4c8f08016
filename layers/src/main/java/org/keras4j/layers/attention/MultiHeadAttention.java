package org.keras4j.layers.attention;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.ShapeOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.initializers.Initializer;
import org.keras4j.framework.initializers.Initializers;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.regularizers.Regularizer;
import org.keras4j.framework.regularizers.Regularizers;
import org.keras4j.layers.regularization.NoiseSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Multi-head attention as in "Attention Is All You Need", as Keras's
 * {@code keras.layers.MultiHeadAttention}. Inputs {@code [query, value]} or
 * {@code [query, value, key]} (key defaults to value) of shapes {@code (batch, T, dim_q)},
 * {@code (batch, S, dim_v)}, {@code (batch, S, dim_k)}; output {@code (batch, T, output_dim)}
 * where {@code output_dim} is {@code output_shape} or {@code dim_q}. Per head h:
 * <pre>
 * q = query @ Wq[h] + bq[h];  k = key @ Wk[h] + bk[h];  v = value @ Wv[h] + bv[h]
 * p = softmax(q k^T / sqrt(key_dim))  with disallowed positions set to -1e9 first
 * output = sum_h dropout(p) v @ Wo[h] + bo
 * </pre>
 * Weights as Keras 3's EinsumDense sub-layers, in this order: {@code query/kernel (dim_q, heads, key_dim)},
 * {@code query/bias (heads, key_dim)}, the same for {@code key} and {@code value} (value_dim),
 * {@code attention_output/kernel (heads, value_dim, output_dim)}, {@code attention_output/bias (output_dim,)}.
 *
 * <p>Masks: the Keras masks carried by query, value and key ({@code (batch, T)}, {@code (batch, S)})
 * and an explicit {@code attention_mask (batch, T, S)} (see {@link #apply(Tensor, Tensor, Tensor, INDArray, boolean)})
 * are combined with AND, with the causal mask when {@link #useCausalMask(boolean)}. The output
 * carries the query's mask. {@link #returnAttentionScores(boolean)} makes {@code apply} return
 * {@code [output, scores]}, scores {@code (batch, heads, T, S)} before dropout. Inputs of rank
 * above 3 attend over all their middle axes jointly (Keras's default {@code attention_axes}); other
 * {@code attention_axes} are not supported. Defaults: {@code value_dim=key_dim}, {@code dropout=0},
 * {@code use_bias=true}, {@code kernel_initializer=glorot_uniform}, {@code bias_initializer=zeros}.
 *
 * <pre>{@code
 * var mha = new MultiHeadAttention(2, 16);
 * Tensor out = mha.apply(List.of(x, x), true).get(0);   // self-attention
 * }</pre>
 */
public class MultiHeadAttention extends Layer {
    private final int numHeads;
    private final int keyDim;
    private final int valueDim;
    private final double dropout;
    private boolean useBias = true;
    private long[] outputShape;
    private Initializer kernelInitializer = Initializers.get("glorot_uniform");
    private Initializer biasInitializer = Initializers.get("zeros");
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private NoiseSource dropoutNoise = new NoiseSource(null);
    private boolean useCausalMask;
    private boolean returnAttentionScores;
    private Variable queryKernel;
    private Variable queryBias;
    private Variable keyKernel;
    private Variable keyBias;
    private Variable valueKernel;
    private Variable valueBias;
    private Variable outputKernel;
    private Variable outputBias;

    public MultiHeadAttention(int numHeads, int keyDim) {
        this(numHeads, keyDim, keyDim, 0.0);
    }

    /**
     * @param valueDim size of each head for value (Keras's {@code value_dim}; pass {@code keyDim} for its default)
     * @param dropout fraction of the attention probabilities dropped in training, in [0, 1)
     */
    public MultiHeadAttention(int numHeads, int keyDim, int valueDim, double dropout) {
        if (numHeads < 1 || keyDim < 1 || valueDim < 1) {
            throw new IllegalArgumentException("MultiHeadAttention: num_heads, key_dim and value_dim must be positive, received num_heads="
                    + numHeads + ", key_dim=" + keyDim + ", value_dim=" + valueDim);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("MultiHeadAttention: dropout must be in [0, 1), received dropout=" + dropout);
        }
        this.numHeads = numHeads;
        this.keyDim = keyDim;
        this.valueDim = valueDim;
        this.dropout = dropout;
    }

    public MultiHeadAttention useBias(boolean useBias) {
        requireUnbuilt();
        this.useBias = useBias;
        return this;
    }

    /** The per-position output size(s) (Keras's {@code output_shape}); default the query's last dimension. */
    public MultiHeadAttention outputShape(long... outputShape) {
        requireUnbuilt();
        if (outputShape.length != 1 || outputShape[0] < 1) {
            throw new IllegalArgumentException("MultiHeadAttention: output_shape must be one positive integer, received output_shape="
                    + Arrays.toString(outputShape));
        }
        this.outputShape = outputShape.clone();
        return this;
    }

    public MultiHeadAttention kernelInitializer(Object initializer) {
        requireUnbuilt();
        this.kernelInitializer = Initializers.get(initializer);
        return this;
    }

    public MultiHeadAttention biasInitializer(Object initializer) {
        requireUnbuilt();
        this.biasInitializer = Initializers.get(initializer);
        return this;
    }

    public MultiHeadAttention kernelRegularizer(Object regularizer) {
        requireUnbuilt();
        this.kernelRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public MultiHeadAttention biasRegularizer(Object regularizer) {
        requireUnbuilt();
        this.biasRegularizer = Regularizers.get(regularizer);
        return this;
    }

    /** Seed of the layer's own dropout generator (default: the global generator). */
    public MultiHeadAttention seed(Long seed) {
        this.dropoutNoise = new NoiseSource(seed);
        return this;
    }

    /** Keras's call argument {@code use_causal_mask}: position t attends only to positions s <= t. */
    public MultiHeadAttention useCausalMask(boolean causal) {
        this.useCausalMask = causal;
        return this;
    }

    /** Keras's call argument {@code return_attention_scores}: {@code apply} then returns {@code [output, scores]}. */
    public MultiHeadAttention returnAttentionScores(boolean scores) {
        this.returnAttentionScores = scores;
        return this;
    }

    private void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException(describe() + " is already built; set its arguments before first use");
        }
    }

    public int numHeads() {
        return numHeads;
    }

    @Override
    public void build(List<Shape> inputShapes) {
        validate(inputShapes);
        Shape q = inputShapes.get(0);
        Shape v = inputShapes.get(1);
        Shape k = inputShapes.size() > 2 ? inputShapes.get(2) : v;
        long out = outputShape != null ? outputShape[0] : q.last();
        queryKernel = addWeight("query/kernel", new long[] {q.last(), numHeads, keyDim}, kernelInitializer, kernelRegularizer, true);
        queryBias = useBias ? addWeight("query/bias", new long[] {numHeads, keyDim}, biasInitializer, biasRegularizer, true) : null;
        keyKernel = addWeight("key/kernel", new long[] {k.last(), numHeads, keyDim}, kernelInitializer, kernelRegularizer, true);
        keyBias = useBias ? addWeight("key/bias", new long[] {numHeads, keyDim}, biasInitializer, biasRegularizer, true) : null;
        valueKernel = addWeight("value/kernel", new long[] {v.last(), numHeads, valueDim}, kernelInitializer, kernelRegularizer, true);
        valueBias = useBias ? addWeight("value/bias", new long[] {numHeads, valueDim}, biasInitializer, biasRegularizer, true) : null;
        outputKernel = addWeight("attention_output/kernel", new long[] {numHeads, valueDim, out}, kernelInitializer, kernelRegularizer, true);
        outputBias = useBias ? addWeight("attention_output/bias", new long[] {out}, biasInitializer, biasRegularizer, true) : null;
    }

    private void validate(List<Shape> shapes) {
        if (shapes.size() < 2 || shapes.size() > 3) {
            throw new IllegalArgumentException(describe() + " must be called on a list [query, value] or [query, value, key], but received "
                    + shapes.size() + " input(s).");
        }
        Shape q = shapes.get(0);
        Shape v = shapes.get(1);
        Shape k = shapes.size() > 2 ? shapes.get(2) : v;
        if (q.rank() < 3 || v.rank() < 3 || k.rank() != v.rank()) {
            throw new IllegalArgumentException(describe() + " expects query, value and key of rank >= 3 (batch, ..., features), value and key"
                    + " of the same rank, but received shapes " + shapes + ".");
        }
        for (int i = 1; i < v.rank() - 1; i++) {
            if (v.get(i) != Shape.NONE && k.get(i) != Shape.NONE && v.get(i) != k.get(i)) {
                throw new IllegalArgumentException(describe() + ": all dimensions of value and key, except the last one, must be equal,"
                        + " but received value " + v + " and key " + k + ".");
            }
        }
        for (Shape s : List.of(q, v, k)) {
            if (s.last() == Shape.NONE) {
                throw new IllegalArgumentException(describe() + " needs the last axis of every input to be defined, but received shapes "
                        + shapes + ".");
            }
        }
    }

    /** EinsumDense "abc,cde->abde": {@code (b, n, dim) -> (b, heads, n, size)}, heads moved before steps. */
    private Tensor project(Tensor x, Variable kernel, Variable bias, int size) {
        long b = x.size(0);
        long n = x.size(1);
        long dim = x.size(2);
        Tensor flat = Ops.reshape(x, b * n, dim);
        Tensor w = Ops.reshape(kernel, dim, (long) numHeads * size);
        Tensor y = Ops.linear(flat, w, bias == null ? null : Ops.reshape(bias, (long) numHeads * size));
        return ShapeOps.permute(Ops.reshape(y, b, n, numHeads, size), 0, 2, 1, 3);
    }

    /** {@code (batch, d1, ..., dk, features)} as {@code (batch, d1*...*dk, features)}: the default attention axes, flattened. */
    private static Tensor flatten(Tensor x) {
        if (x.rank() == 3) {
            return x;
        }
        long steps = x.value().length() / (x.size(0) * x.size(-1));
        return Ops.reshape(x, x.size(0), steps, x.size(-1));
    }

    private static INDArray flatMask(INDArray mask, Tensor x) {
        return mask == null ? null : mask.reshape('c', x.size(0), x.value().length() / (x.size(0) * x.size(-1)));
    }

    @Override
    public List<Tensor> call(List<Tensor> inputs, boolean training) {
        return attend(inputs.get(0), inputs.get(1), inputs.size() > 2 ? inputs.get(2) : null, null, training);
    }

    /**
     * Runs the layer with an explicit {@code attentionMask} (Keras's {@code attention_mask}, true or 1
     * where query position t may attend to key position s): {@code (batch, T, S)}, or for inputs of
     * higher rank {@code (batch, T1, ..., S1, ...)}. {@code key} and {@code attentionMask} may be null.
     * Builds the layer on first use and attaches the query's mask to the output, as {@link #apply(List, boolean)}.
     */
    public List<Tensor> apply(Tensor query, Tensor value, Tensor key, INDArray attentionMask, boolean training) {
        List<Shape> shapes = new ArrayList<>();
        for (Tensor t : key == null ? List.of(query, value) : List.of(query, value, key)) {
            shapes.add(Shape.of(t.shape()).withBatch(Shape.NONE));
        }
        ensureBuilt(shapes);
        List<Tensor> outs = attend(query, value, key, attentionMask, training);
        outs.get(0).setMask(query.mask());
        return outs;
    }

    private List<Tensor> attend(Tensor query, Tensor value, Tensor key, INDArray attentionMask, boolean training) {
        List<Shape> shapes = new ArrayList<>();
        for (Tensor t : key == null ? List.of(query, value) : List.of(query, value, key)) {
            shapes.add(Shape.of(t.shape()).withBatch(Shape.NONE));
        }
        validate(shapes);
        Tensor k0 = key == null ? value : key;
        long batch = query.size(0);
        if (value.size(0) != batch || k0.size(0) != batch) {
            throw new IllegalArgumentException(describe() + ": query, value and key must have the same batch size, but received shapes "
                    + Shape.format(query.shape()) + ", " + Shape.format(value.shape()) + ", " + Shape.format(k0.shape()) + ".");
        }
        Tensor q = flatten(query);
        Tensor v = flatten(value);
        Tensor k = flatten(k0);
        long t = q.size(1);
        long s = v.size(1);
        DataType type = query.dataType();
        INDArray allowed = combinedMask(query, value, key, q, v, attentionMask, type);

        Tensor qh = Ops.multiplyScalar(project(q, queryKernel, queryBias, keyDim), 1.0 / Math.sqrt(keyDim)); // (b, h, T, key_dim)
        Tensor kh = project(k, keyKernel, keyBias, keyDim);                                                  // (b, h, S, key_dim)
        Tensor vh = project(v, valueKernel, valueBias, valueDim);                                            // (b, h, S, value_dim)
        Tensor scores = Ops.batchMatmul(qh, kh, false, true);                                                 // (b, h, T, S)
        if (allowed != null) {
            // as Keras's masked Softmax: disallowed scores become -1e9 before normalising
            INDArray keep = AttentionMasks.expand(allowed.reshape(allowed.size(0), 1, t, s), scores.shape());
            scores = Ops.where(keep.gt(0.5), scores, Tensor.constant(Nd4j.valueArrayOf(scores.shape(), -1e9, type)));
        }
        Tensor probs = NnOps.softmax(scores, -1);
        Tensor used = training && dropout > 0 ? NnOps.dropout(probs, dropout, dropoutNoise.generator()) : probs;
        Tensor context = ShapeOps.permute(Ops.batchMatmul(used, vh, false, false), 0, 2, 1, 3);                // (b, T, h, value_dim)
        long out = outputKernel.size(2);
        Tensor flat = Ops.reshape(context, batch * t, (long) numHeads * valueDim);
        Tensor y = Ops.linear(flat, Ops.reshape(outputKernel, (long) numHeads * valueDim, out), outputBias);
        long[] outShape = query.shape().clone();
        outShape[outShape.length - 1] = out;
        Tensor result = Ops.reshape(y, outShape);
        if (!returnAttentionScores) {
            return new ArrayList<>(List.of(result));
        }
        long[] scoreShape = new long[2 + 2 * (query.rank() - 2)];
        scoreShape[0] = batch;
        scoreShape[1] = numHeads;
        for (int i = 1; i < query.rank() - 1; i++) {
            scoreShape[1 + i] = query.size(i);
            scoreShape[query.rank() - 1 + i] = value.size(i);
        }
        return new ArrayList<>(List.of(result, Ops.reshape(probs, scoreShape)));
    }

    /** Query mask (b, T, 1) AND value mask (b, 1, S) AND key mask AND causal (1, T, S) AND attention_mask, as 0/1; null when none. */
    private INDArray combinedMask(Tensor query, Tensor value, Tensor key, Tensor q, Tensor v, INDArray attentionMask, DataType type) {
        long b = q.size(0);
        long t = q.size(1);
        long s = v.size(1);
        INDArray qm = AttentionMasks.sequenceMask(describe(), "query", flatMask(query.mask(), query), q, type);
        INDArray vm = AttentionMasks.sequenceMask(describe(), "value", flatMask(value.mask(), value), v, type);
        INDArray km = key == null ? null : AttentionMasks.sequenceMask(describe(), "key", flatMask(key.mask(), key), v, type);
        INDArray m = qm == null ? null : qm.reshape(b, t, 1);
        m = AttentionMasks.and(m, vm == null ? null : vm.reshape(b, 1, s));
        m = AttentionMasks.and(m, km == null ? null : km.reshape(b, 1, s));
        if (useCausalMask) {
            m = AttentionMasks.and(m, AttentionMasks.causal(t, s, type));
        }
        if (attentionMask != null) {
            if (attentionMask.length() != b * t * s || attentionMask.size(0) != b) {
                throw new IllegalArgumentException(describe() + ": attention_mask must have shape (None, " + t + ", " + s
                        + ") for query " + Shape.formatBatch(query.shape()) + " and value " + Shape.formatBatch(value.shape())
                        + ", but received " + Shape.formatBatch(attentionMask.shape()) + ".");
            }
            m = AttentionMasks.and(m, attentionMask.castTo(type).reshape('c', b, t, s));
        }
        return m;
    }


    @Override
    public List<INDArray> computeMask(List<Tensor> inputs, List<INDArray> masks) {
        return AttentionMasks.outputMasks(masks, returnAttentionScores);
    }

    @Override
    public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
        validate(inputShapes);
        Shape q = inputShapes.get(0);
        Shape v = inputShapes.get(1);
        Shape out = outputShape != null ? q.withLast(outputShape[0]) : q;
        if (!returnAttentionScores) {
            return List.of(out);
        }
        long[] scores = new long[2 + 2 * (q.rank() - 2)];
        scores[0] = q.get(0);
        scores[1] = numHeads;
        for (int i = 1; i < q.rank() - 1; i++) {
            scores[1 + i] = q.get(i);
            scores[q.rank() - 1 + i] = v.get(i);
        }
        return List.of(out, Shape.of(scores));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("num_heads", numHeads);
        c.put("key_dim", keyDim);
        c.put("value_dim", valueDim);
        c.put("dropout", dropout);
        c.put("use_bias", useBias);
        c.put("output_shape", outputShape == null ? null : List.of(outputShape[0]));
        c.put("attention_axes", null);
        c.put("kernel_initializer", Registry.serialize(kernelInitializer));
        c.put("bias_initializer", Registry.serialize(biasInitializer));
        c.put("kernel_regularizer", kernelRegularizer == null ? null : Registry.serialize(kernelRegularizer));
        c.put("bias_regularizer", biasRegularizer == null ? null : Registry.serialize(biasRegularizer));
        c.put("activity_regularizer", null);
        c.put("kernel_constraint", null);
        c.put("bias_constraint", null);
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

    public static MultiHeadAttention fromConfig(Config c) {
        int keyDim = c.getInt("key_dim");
        int valueDim = c.has("value_dim") ? c.getInt("value_dim") : keyDim;
        MultiHeadAttention m = new MultiHeadAttention(c.getInt("num_heads"), keyDim, valueDim, c.getDouble("dropout", 0.0));
        m.useBias(c.getBoolean("use_bias", true));
        Object out = c.raw("output_shape");
        if (out instanceof Number n) {
            m.outputShape(n.longValue());
        } else if (out != null) {
            m.outputShape(c.getLongArray("output_shape"));
        }
        if (c.has("attention_axes")) {
            throw new IllegalArgumentException("MultiHeadAttention config: only the default attention_axes (None) is supported, received "
                    + c.raw("attention_axes"));
        }
        c.ignore("attention_axes");
        if (c.has("kernel_initializer")) {
            m.kernelInitializer(c.raw("kernel_initializer"));
        }
        if (c.has("bias_initializer")) {
            m.biasInitializer(c.raw("bias_initializer"));
        }
        m.kernelRegularizer(c.raw("kernel_regularizer"));
        m.biasRegularizer(c.raw("bias_regularizer"));
        for (String k : new String[] {"activity_regularizer", "kernel_constraint", "bias_constraint"}) {
            if (c.has(k)) {
                throw new IllegalArgumentException("MultiHeadAttention config: '" + k + "' is not supported yet, received " + c.raw(k));
            }
            c.ignore(k);
        }
        m.seed(NoiseSource.seed(c));
        c.ignore("flash_attention");
        m.useCausalMask(c.getBoolean("use_causal_mask", false));
        m.returnAttentionScores(c.getBoolean("return_attention_scores", false));
        return applyBaseConfig(c, m);
    }
}
