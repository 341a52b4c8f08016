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
 * Depthwise 2-D convolution, as Keras's {@code keras.layers.DepthwiseConv2D}: each input channel is
 * convolved with its own {@code depth_multiplier} filters, output channel {@code c * depth_multiplier + m}.
 * Inputs {@code (batch, rows, cols, channels)} (or channels-first), outputs
 * {@code (batch, new_rows, new_cols, channels * depth_multiplier)}. Kernel
 * {@code (kh, kw, channels, depth_multiplier)}. Adds to {@link BaseConv}: {@code depth_multiplier} (1),
 * {@code depthwise_initializer} (glorot_uniform), {@code depthwise_regularizer} (none).
 * One libnd4j {@code depthwise_conv2d} kernel each way.
 *
 * <pre>{@code new DepthwiseConv2D(3).depthMultiplier(2).padding("same")}</pre>
 */
public class DepthwiseConv2D extends BaseConv<DepthwiseConv2D> {
    private int depthMultiplier = 1;
    private Initializer depthwiseInitializer = Initializers.get("glorot_uniform");
    private Regularizer depthwiseRegularizer;
    private Variable kernel;
    private Variable bias;
    private long channels;

    public DepthwiseConv2D(int... kernelSize) {
        super(2, kernelSize, null);
    }

    public DepthwiseConv2D(int[] kernelSize, Object activation) {
        super(2, kernelSize, activation);
    }

    public DepthwiseConv2D depthMultiplier(int depthMultiplier) {
        requireUnbuilt();
        if (depthMultiplier <= 0) {
            throw new IllegalArgumentException("DepthwiseConv2D: depth_multiplier must be a positive integer, received depth_multiplier="
                    + depthMultiplier);
        }
        this.depthMultiplier = depthMultiplier;
        return this;
    }

    public DepthwiseConv2D depthwiseInitializer(Object initializer) {
        requireUnbuilt();
        this.depthwiseInitializer = Initializers.get(initializer);
        return this;
    }

    public DepthwiseConv2D depthwiseRegularizer(Object regularizer) {
        requireUnbuilt();
        this.depthwiseRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public Variable kernel() {
        return kernel;
    }

    public Variable bias() {
        return bias;
    }

    @Override
    public void build(Shape inputShape) {
        channels = checkInput(inputShape);
        kernel = addWeight("kernel", kernelShape(channels, depthMultiplier), depthwiseInitializer, depthwiseRegularizer, true);
        if (useBias) {
            bias = addWeight("bias", new long[] {channels * depthMultiplier}, biasInitializer, biasRegularizer, true);
        }
        setInputSpec(spec(channels));
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return activation.apply(ConvOps.depthwiseConv2d(inputs, kernel, bias, strides, padding, dilationRate, channelsFirst()));
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long c = inputShape.get(channelAxis());
        return windowedShape(inputShape, c == Shape.NONE ? Shape.NONE : c * depthMultiplier);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        putCommonConfig(c);
        c.put("depth_multiplier", depthMultiplier);
        c.put("depthwise_initializer", Registry.serialize(depthwiseInitializer));
        c.put("depthwise_regularizer", depthwiseRegularizer == null ? null : Registry.serialize(depthwiseRegularizer));
        c.put("depthwise_constraint", null);
        return c;
    }

    public static DepthwiseConv2D fromConfig(Config c) {
        DepthwiseConv2D d = new DepthwiseConv2D(ints(c, "kernel_size"), c.raw("activation"));
        d.depthMultiplier(c.getInt("depth_multiplier", 1));
        if (c.has("depthwise_initializer")) {
            d.depthwiseInitializer(c.raw("depthwise_initializer"));
        }
        d.depthwiseRegularizer(c.raw("depthwise_regularizer"));
        rejectConstraints(c, "depthwise_constraint");
        return applyCommonConfig(c, d);
    }
}
