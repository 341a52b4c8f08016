package org.keras4j.layers.core;

import java.util.Map;
import org.keras4j.framework.autodiff.SequenceOps;
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
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns non-negative integer ids into dense vectors, as Keras's {@code keras.layers.Embedding}:
 * {@code output[..., :] = embeddings[id]}. Input {@code (batch, ...)} of ids in
 * {@code [0, input_dim)} (any numeric type; fractional values are truncated), output
 * {@code (batch, ..., output_dim)}. The lookup is a native gather; its gradient a scatter-add.
 *
 * <pre>{@code new Embedding(10000, 64).maskZero(true)}</pre>
 *
 * <p>Arguments: {@code input_dim}, {@code output_dim} (required, positive),
 * {@code embeddings_initializer} (uniform in [-0.05, 0.05]), {@code embeddings_regularizer},
 * {@code activity_regularizer} (none), {@code mask_zero} (false: with true, id 0 is padding and
 * the layer's mask, {@link #computeMask}, is {@code ids != 0}; input_dim must then count it).
 */
public class Embedding extends Layer {
    private final int inputDim;
    private final int outputDim;
    private boolean maskZero;
    private Initializer embeddingsInitializer = Initializers.get("uniform");
    private Regularizer embeddingsRegularizer;
    private Variable embeddings;

    public Embedding(int inputDim, int outputDim) {
        if (inputDim <= 0 || outputDim <= 0) {
            throw new IllegalArgumentException("Embedding: input_dim and output_dim must be positive integers, received input_dim="
                    + inputDim + ", output_dim=" + outputDim);
        }
        this.inputDim = inputDim;
        this.outputDim = outputDim;
    }

    public Embedding maskZero(boolean maskZero) {
        this.maskZero = maskZero;
        return this;
    }

    public boolean isMaskingZero() {
        return maskZero;
    }

    public Embedding embeddingsInitializer(Object initializer) {
        requireUnbuilt();
        this.embeddingsInitializer = Initializers.get(initializer);
        return this;
    }

    public Embedding embeddingsRegularizer(Object regularizer) {
        requireUnbuilt();
        this.embeddingsRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public Embedding activityRegularizer(Object regularizer) {
        setActivityRegularizer(Regularizers.get(regularizer));
        return this;
    }

    private void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException(describe() + " is already built; set its arguments before first use");
        }
    }

    public Variable embeddings() {
        return embeddings;
    }

    @Override
    public void build(Shape inputShape) {
        embeddings = addWeight("embeddings", new long[] {inputDim, outputDim}, embeddingsInitializer, embeddingsRegularizer, true);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        INDArray ids = inputs.value();
        double lo = ids.minNumber().doubleValue();
        double hi = ids.maxNumber().doubleValue();
        if (lo < 0 || hi >= inputDim) {
            throw new IllegalArgumentException(describe() + " expects ids in [0, " + inputDim + ") (input_dim=" + inputDim
                    + "), but received ids from " + lo + " to " + hi + ".");
        }
        return SequenceOps.embeddingLookup(embeddings, ids);
    }

    /** {@code ids != 0} with {@code mask_zero}, else null: which positions are real (not padding). */
    @Override
    public INDArray computeMask(Tensor inputs, INDArray mask) {
        return maskZero ? inputs.value().neq(0) : null;
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long[] d = inputShape.toArray();
        long[] out = java.util.Arrays.copyOf(d, d.length + 1);
        out[d.length] = outputDim;
        return Shape.of(out);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("input_dim", inputDim);
        c.put("output_dim", outputDim);
        c.put("embeddings_initializer", Registry.serialize(embeddingsInitializer));
        c.put("embeddings_regularizer", embeddingsRegularizer == null ? null : Registry.serialize(embeddingsRegularizer));
        c.put("activity_regularizer", activityRegularizer() == null ? null : Registry.serialize(activityRegularizer()));
        c.put("embeddings_constraint", null);
        c.put("mask_zero", maskZero);
        return c;
    }

    public static Embedding fromConfig(Config c) {
        Embedding e = new Embedding(c.getInt("input_dim"), c.getInt("output_dim"));
        e.maskZero(c.getBoolean("mask_zero", false));
        if (c.has("embeddings_initializer")) {
            e.embeddingsInitializer(c.raw("embeddings_initializer"));
        }
        e.embeddingsRegularizer(c.raw("embeddings_regularizer"));
        e.activityRegularizer(c.raw("activity_regularizer"));
        if (c.has("embeddings_constraint")) {
            throw new IllegalArgumentException("Embedding config: 'embeddings_constraint' is not supported yet, received "
                    + c.raw("embeddings_constraint"));
        }
        c.ignore("embeddings_constraint", "input_length", "sparse", "lora_rank", "lora_alpha");
        return applyBaseConfig(c, e);
    }
}
