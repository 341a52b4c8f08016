package org.keras4j.layers.conv;

import java.util.Map;
import org.keras4j.framework.autodiff.ConvOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;

/**
 * An N-D convolution (the base of {@link Conv1D}, {@link Conv2D}, {@link Conv3D}):
 * {@code output = activation(conv(inputs, kernel) + bias)} with a kernel
 * {@code (...kernel_size, in_channels / groups, filters)}. Adds to {@link FilterConv} (filters, kernel
 * initializer and regularizer): {@code groups} (1; input channels and filters must both divide by it).
 *
 * @param <T> the concrete layer
 */
public abstract class Conv<T extends Conv<T>> extends FilterConv<T> {
    private int groups = 1;

    protected Conv(int rank, int filters, int[] kernelSize, Object activation) {
        super(rank, filters, kernelSize, activation);
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


    @Override
    public void build(Shape inputShape) {
        long channels = checkInput(inputShape);
        if (channels % groups != 0) {
            throw new IllegalArgumentException(describe() + ": the number of input channels must divide by groups=" + groups
                    + ", but received shape " + inputShape + " with " + channels + " channels.");
        }
        addKernelAndBias(kernelShape(channels / groups, filters));
        setInputSpec(spec(channels));
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        boolean cf = channelsFirst();
        Tensor out = switch (rank) {
            case 1 -> ConvOps.conv1d(inputs, kernel(), bias(), strides[0], padding, dilationRate[0], groups, cf);
            case 2 -> ConvOps.conv2d(inputs, kernel(), bias(), strides, padding, dilationRate, groups, cf);
            default -> ConvOps.conv3d(inputs, kernel(), bias(), strides, padding, dilationRate, groups, cf);
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
        putKernelConfig(c);
        return c;
    }

    /** Reads {@code groups}, the kernel keys and the shared keys into a layer made from filters and kernel_size. */
    protected static <L extends Conv<L>> L applyConvConfig(Config c, L layer) {
        layer.groups(c.getInt("groups", 1));
        applyKernelConfig(c, layer);
        return applyCommonConfig(c, layer);
    }
}
