package org.keras4j.layers.core;

import java.util.Map;
import org.keras4j.framework.activations.Activation;
import org.keras4j.framework.activations.Activations;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.initializers.Initializer;
import org.keras4j.framework.initializers.Initializers;
import org.keras4j.framework.layers.InputSpec;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.regularizers.Regularizer;
import org.keras4j.framework.regularizers.Regularizers;

/**
 * A densely-connected layer: {@code output = activation(inputs @ kernel + bias)}, as Keras's
 * {@code keras.layers.Dense}. Inputs {@code (batch, ..., input_dim)}, outputs
 * {@code (batch, ..., units)}; inputs of rank above 2 are multiplied along their last axis.
 *
 * <pre>{@code new Dense(64, "relu").kernelRegularizer(new L2(1e-4))}</pre>
 *
 * <p>Arguments and defaults: {@code units} (required, positive), {@code activation} (linear),
 * {@code use_bias} (true), {@code kernel_initializer} (glorot_uniform), {@code bias_initializer}
 * (zeros), {@code kernel_regularizer}, {@code bias_regularizer}, {@code activity_regularizer} (none).
 * The fluent setters may only be used before the layer is built.
 */
public class Dense extends Layer {
    private static final Activation RELU = Activations.relu();
    private final int units;
    private final Activation activation;
    /** Plain relu, which {@link #call} fuses with the product. */
    private final boolean relu;
    private boolean useBias = true;
    private Initializer kernelInitializer = Initializers.get("glorot_uniform");
    private Initializer biasInitializer = Initializers.get("zeros");
    private Regularizer kernelRegularizer;
    private Regularizer biasRegularizer;
    private Variable kernel;
    private Variable bias;

    public Dense(int units) {
        this(units, null);
    }

    /** @param activation a name such as {@code "relu"}, an {@link Activation}, or null for linear */
    public Dense(int units, Object activation) {
        if (units <= 0) {
            throw new IllegalArgumentException("Dense: units must be a positive integer, received units=" + units);
        }
        this.units = units;
        this.activation = Activations.get(activation);
        this.relu = RELU.equals(this.activation);
    }

    public int units() {
        return units;
    }

    public Dense useBias(boolean useBias) {
        requireUnbuilt();
        this.useBias = useBias;
        return this;
    }

    public Dense kernelInitializer(Object initializer) {
        requireUnbuilt();
        this.kernelInitializer = Initializers.get(initializer);
        return this;
    }

    public Dense biasInitializer(Object initializer) {
        requireUnbuilt();
        this.biasInitializer = Initializers.get(initializer);
        return this;
    }

    public Dense kernelRegularizer(Object regularizer) {
        requireUnbuilt();
        this.kernelRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public Dense biasRegularizer(Object regularizer) {
        requireUnbuilt();
        this.biasRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public Dense activityRegularizer(Object regularizer) {
        setActivityRegularizer(Regularizers.get(regularizer));
        return this;
    }

    private void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException(describe() + " is already built; set its arguments before first use");
        }
    }

    public Variable kernel() {
        return kernel;
    }

    public Variable bias() {
        return bias;
    }

    @Override
    public void build(Shape inputShape) {
        if (inputShape.rank() < 2) {
            throw new IllegalArgumentException(describe() + " expects input of rank >= 2, but received shape " + inputShape + ".");
        }
        long inputDim = inputShape.last();
        if (inputDim == Shape.NONE) {
            throw new IllegalArgumentException(describe() + " needs the last axis of its input to be defined, but received shape "
                    + inputShape + ".");
        }
        kernel = addWeight("kernel", new long[] {inputDim, units}, kernelInitializer, kernelRegularizer, true);
        if (useBias) {
            bias = addWeight("bias", new long[] {units}, biasInitializer, biasRegularizer, true);
        }
        setInputSpec(InputSpec.minRankLastAxis(2, inputDim));
    }

    /** Works per timestep, so a sequence mask passes through unchanged (Keras: supports_masking). */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        // relu, the common case, is fused with the product: one node, one array
        Tensor flat = inputs.rank() == 2 ? inputs : Ops.reshape(inputs, -1, inputs.size(-1));
        Tensor out = relu ? Ops.linearRelu(flat, kernel, bias) : Ops.linear(flat, kernel, bias);
        if (inputs.rank() != 2) {
            long[] shape = inputs.shape().clone();
            shape[shape.length - 1] = units;
            out = Ops.reshape(out, shape);
        }
        return relu ? out : activation.apply(out);
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return inputShape.withLast(units);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("units", units);
        c.put("activation", Activations.serialize(activation));
        c.put("use_bias", useBias);
        c.put("kernel_initializer", Registry.serialize(kernelInitializer));
        c.put("bias_initializer", Registry.serialize(biasInitializer));
        c.put("kernel_regularizer", kernelRegularizer == null ? null : Registry.serialize(kernelRegularizer));
        c.put("bias_regularizer", biasRegularizer == null ? null : Registry.serialize(biasRegularizer));
        c.put("activity_regularizer", activityRegularizer() == null ? null : Registry.serialize(activityRegularizer()));
        c.put("kernel_constraint", null);
        c.put("bias_constraint", null);
        return c;
    }

    public static Dense fromConfig(Config c) {
        Dense d = new Dense(c.getInt("units"), c.raw("activation"));
        d.useBias(c.getBoolean("use_bias", true));
        if (c.has("kernel_initializer")) {
            d.kernelInitializer(c.raw("kernel_initializer"));
        }
        if (c.has("bias_initializer")) {
            d.biasInitializer(c.raw("bias_initializer"));
        }
        d.kernelRegularizer(c.raw("kernel_regularizer"));
        d.biasRegularizer(c.raw("bias_regularizer"));
        d.activityRegularizer(c.raw("activity_regularizer"));
        for (String k : new String[] {"kernel_constraint", "bias_constraint"}) {
            if (c.has(k)) {
                throw new IllegalArgumentException("Dense config: '" + k + "' is not supported yet, received " + c.raw(k));
            }
            c.ignore(k);
        }
        c.ignore("lora_rank", "lora_alpha", "quantization_config");
        return applyBaseConfig(c, d);
    }
}
