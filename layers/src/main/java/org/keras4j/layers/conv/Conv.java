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
 * An N-D convolution (the base of {@link Conv1D}, {@link Conv2D}, {@link Conv3D}):
 * {@code output = activation(conv(inputs, kernel) + bias)} with a kernel
 * {@code (...kernel_size, in_channels / groups, filters)}. Adds to {@link BaseConv}: {@code filters}
 * (required), {@code groups} (1; input channels and filters must both divide by it),
 * {@code kernel_initializer} (glorot_uniform) and {@code kernel_regularizer} (none).
 *
 * @param <T> the concrete layer
 */
public abstract class Conv<T extends Conv<T>> extends BaseConv<T> {
    protected final int filters;
    private int groups = 1;
    private Initializer kernelInitializer = Initializers.get("glorot_uniform");
    private Regularizer kernelRegularizer;
    private Variable kernel;
    private Variable bias;

    protected Conv(int rank, int filters, int[] kernelSize, Object activation) {
        super(rank, kernelSize, activation);
        if (filters <= 0) {
            throw new IllegalArgumentException(className() + ": filters must be a positive integer, received filters=" + filters);
        }
        this.filters = filters;
    }

    @SuppressWarnings("unchecked")
    private T me() {
        return (T) this;
    }

    /** Splits channels into {@code groups} independent convolutions (Keras's grouped convolution). */
    public T groups(int groups) {
        requireUnbuilt();
        if (groups <= 0 || filters % groups != 0) {
            throw new IllegalArgumentException(className() + ": groups must be a positive integer dividing filters=" + filters
                    + ", received groups=" + groups);
        }
        this.groups = groups;
        return me();
    }

    public T kernelInitializer(Object initializer) {
        requireUnbuilt();
        this.kernelInitializer = Initializers.get(initializer);
        return me();
    }

    public T kernelRegularizer(Object regularizer) {
        requireUnbuilt();
        this.kernelRegularizer = Regularizers.get(regularizer);
        return me();
    }

    public int filters() {
        return filters;
    }

    public Variable kernel() {
        return kernel;
    }

    public Variable bias() {
        return bias;
    }

    @Override
    public void build(Shape inputShape) {
        long channels = checkInput(inputShape);
        if (channels % groups != 0) {
            throw new IllegalArgumentException(describe() + ": the number of input channels must divide by groups=" + groups
                    + ", but received shape " + inputShape + " with " + channels + " channels.");
        }
        kernel = addWeight("kernel", kernelShape(channels / groups, filters), kernelInitializer, kernelRegularizer, true);
        if (useBias) {
            bias = addWeight("bias", new long[] {filters}, biasInitializer, biasRegularizer, true);
        }
        setInputSpec(spec(channels));
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        boolean cf = channelsFirst();
        Tensor out = switch (rank) {
            case 1 -> ConvOps.conv1d(inputs, kernel, bias, strides[0], padding, dilationRate[0], groups, cf);
            case 2 -> ConvOps.conv2d(inputs, kernel, bias, strides, padding, dilationRate, groups, cf);
            default -> ConvOps.conv3d(inputs, kernel, bias, strides, padding, dilationRate, groups, cf);
        };
        return activation.apply(out);
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
        c.put("groups", groups);
        c.put("kernel_initializer", Registry.serialize(kernelInitializer));
        c.put("kernel_regularizer", kernelRegularizer == null ? null : Registry.serialize(kernelRegularizer));
        c.put("kernel_constraint", null);
        return c;
    }

    /** Reads {@code groups}, the kernel keys and the shared keys into a layer made from filters and kernel_size. */
    protected static <L extends Conv<L>> L applyConvConfig(Config c, L layer) {
        layer.groups(c.getInt("groups", 1));
        if (c.has("kernel_initializer")) {
            layer.kernelInitializer(c.raw("kernel_initializer"));
        }
        layer.kernelRegularizer(c.raw("kernel_regularizer"));
        rejectConstraints(c, "kernel_constraint");
        return applyCommonConfig(c, layer);
    }
}
