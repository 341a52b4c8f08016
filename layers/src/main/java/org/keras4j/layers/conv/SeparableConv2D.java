package org.keras4j.layers.conv;

import java.util.Map;
import org.keras4j.framework.autodiff.ConvOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.initializers.Initializer;
import org.keras4j.framework.initializers.Initializers;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.regularizers.Regularizer;
import org.keras4j.framework.regularizers.Regularizers;

/**
 * Depthwise-separable 2-D convolution, as Keras's {@code keras.layers.SeparableConv2D}: a depthwise
 * convolution (kernel {@code (kh, kw, channels, depth_multiplier)}, with the strides, padding and
 * dilation) followed by a 1x1 pointwise convolution (kernel {@code (1, 1, channels * depth_multiplier, filters)})
 * and the bias. Inputs {@code (batch, rows, cols, channels)} (or channels-first), outputs
 * {@code (batch, new_rows, new_cols, filters)}. Adds to {@link BaseConv}: {@code filters} (required),
 * {@code depth_multiplier} (1), {@code depthwise_initializer} and {@code pointwise_initializer}
 * (glorot_uniform), {@code depthwise_regularizer} and {@code pointwise_regularizer} (none).
 *
 * <pre>{@code new SeparableConv2D(64, 3, "relu").padding("same")}</pre>
 */
public class SeparableConv2D extends BaseConv<SeparableConv2D> {
    private static final int[] ONE = {1, 1};
    private final int filters;
    private int depthMultiplier = 1;
    private Initializer depthwiseInitializer = Initializers.get("glorot_uniform");
    private Initializer pointwiseInitializer = Initializers.get("glorot_uniform");
    private Regularizer depthwiseRegularizer;
    private Regularizer pointwiseRegularizer;
    private Variable depthwiseKernel;
    private Variable pointwiseKernel;
    private Variable bias;

    public SeparableConv2D(int filters, int... kernelSize) {
        this(filters, kernelSize, null);
    }

    public SeparableConv2D(int filters, int kernelSize, Object activation) {
        this(filters, new int[] {kernelSize}, activation);
    }

    public SeparableConv2D(int filters, int[] kernelSize, Object activation) {
        super(2, kernelSize, activation);
        if (filters <= 0) {
            throw new IllegalArgumentException("SeparableConv2D: filters must be a positive integer, received filters=" + filters);
        }
        this.filters = filters;
    }

    public SeparableConv2D depthMultiplier(int depthMultiplier) {
        requireUnbuilt();
        if (depthMultiplier <= 0) {
            throw new IllegalArgumentException("SeparableConv2D: depth_multiplier must be a positive integer, received depth_multiplier="
                    + depthMultiplier);
        }
        this.depthMultiplier = depthMultiplier;
        return this;
    }

    public SeparableConv2D depthwiseInitializer(Object initializer) {
        requireUnbuilt();
        this.depthwiseInitializer = Initializers.get(initializer);
        return this;
    }

    public SeparableConv2D pointwiseInitializer(Object initializer) {
        requireUnbuilt();
        this.pointwiseInitializer = Initializers.get(initializer);
        return this;
    }

    public SeparableConv2D depthwiseRegularizer(Object regularizer) {
        requireUnbuilt();
        this.depthwiseRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public SeparableConv2D pointwiseRegularizer(Object regularizer) {
        requireUnbuilt();
        this.pointwiseRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public Variable depthwiseKernel() {
        return depthwiseKernel;
    }

    public Variable pointwiseKernel() {
        return pointwiseKernel;
    }

    public Variable bias() {
        return bias;
    }

    @Override
    public void build(Shape inputShape) {
        long channels = checkInput(inputShape);
        depthwiseKernel = addWeight("depthwise_kernel", kernelShape(channels, depthMultiplier), depthwiseInitializer,
                depthwiseRegularizer, true);
        pointwiseKernel = addWeight("pointwise_kernel", new long[] {1, 1, channels * depthMultiplier, filters},
                pointwiseInitializer, pointwiseRegularizer, true);
        if (useBias) {
            bias = addWeight("bias", new long[] {filters}, biasInitializer, biasRegularizer, true);
        }
        setInputSpec(spec(channels));
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        Tensor depthwise = ConvOps.depthwiseConv2d(inputs, depthwiseKernel, null, strides, padding, dilationRate, channelsFirst());
        return activation.apply(ConvOps.conv2d(depthwise, pointwiseKernel, bias, ONE, "valid", ONE, 1, channelsFirst()));
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return windowedShape(inputShape, filters);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("filters", filters);
        putCommonConfig(c);
        c.put("depth_multiplier", depthMultiplier);
        c.put("depthwise_initializer", Registry.serialize(depthwiseInitializer));
        c.put("pointwise_initializer", Registry.serialize(pointwiseInitializer));
        c.put("depthwise_regularizer", depthwiseRegularizer == null ? null : Registry.serialize(depthwiseRegularizer));
        c.put("pointwise_regularizer", pointwiseRegularizer == null ? null : Registry.serialize(pointwiseRegularizer));
        c.put("depthwise_constraint", null);
        c.put("pointwise_constraint", null);
        return c;
    }

    public static SeparableConv2D fromConfig(Config c) {
        SeparableConv2D s = new SeparableConv2D(c.getInt("filters"), ints(c, "kernel_size"), c.raw("activation"));
        s.depthMultiplier(c.getInt("depth_multiplier", 1));
        if (c.has("depthwise_initializer")) {
            s.depthwiseInitializer(c.raw("depthwise_initializer"));
        }
        if (c.has("pointwise_initializer")) {
            s.pointwiseInitializer(c.raw("pointwise_initializer"));
        }
        s.depthwiseRegularizer(c.raw("depthwise_regularizer"));
        s.pointwiseRegularizer(c.raw("pointwise_regularizer"));
        rejectConstraints(c, "depthwise_constraint", "pointwise_constraint");
        return applyCommonConfig(c, s);
    }
}
