package org.keras4j.layers.conv;

import java.util.Map;
import org.keras4j.framework.autodiff.ConvOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;

/**
 * A transposed convolution (the base of {@link Conv1DTranspose} and {@link Conv2DTranspose}): the
 * gradient of a convolution with respect to its input, used to upsample. Kernel
 * {@code (...kernel_size, filters, in_channels)}. Output length per spatial axis (Keras 3):
 * {@code n * stride} for "same", {@code n * stride + max(k - stride, 0)} for "valid"; with
 * {@code output_padding} p, {@code (n - 1) * stride + k - 2 * pad + p} where {@code pad = k // 2}
 * for "same" and 0 for "valid". Adds to {@link FilterConv} (filters, kernel initializer and
 * regularizer): {@code output_padding} (none; each below its stride).
 *
 * @param <T> the concrete layer
 */
public abstract class ConvTranspose<T extends ConvTranspose<T>> extends FilterConv<T> {
    private int[] outputPadding;

    protected ConvTranspose(int rank, int filters, int[] kernelSize, Object activation) {
        super(rank, filters, kernelSize, activation);
    }

    /** Extra length added at the end of each spatial axis; null for Keras's default. Checked against strides when built. */
    public T outputPadding(int... outputPadding) {
        requireUnbuilt();
        this.outputPadding = outputPadding == null ? null : expand(className(), "output_padding", outputPadding, rank);
        return me();
    }


    @Override
    public void build(Shape inputShape) {
        if (outputPadding != null) {
            for (int i = 0; i < rank; i++) {
                if (outputPadding[i] < 0 || outputPadding[i] >= strides[i]) {
                    throw new IllegalArgumentException(describe() + ": output_padding must be >= 0 and smaller than strides, received output_padding="
                            + tuple(outputPadding) + " and strides=" + tuple(strides) + ".");
                }
            }
        }
        long channels = checkInput(inputShape);
        addKernelAndBias(kernelShape(filters, channels));
        setInputSpec(spec(channels));
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        Tensor out = rank == 1
                ? ConvOps.conv1dTranspose(inputs, kernel(), bias(), strides[0], padding, outputPadding == null ? -1 : outputPadding[0],
                        dilationRate[0], channelsFirst())
                : ConvOps.conv2dTranspose(inputs, kernel(), bias(), strides, padding, outputPadding, dilationRate, channelsFirst());
        return activation.apply(out);
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long[] d = inputShape.toArray();
        int first = channelsFirst() ? 2 : 1;
        for (int i = 0; i < rank; i++) {
            d[first + i] = ConvOps.transposeOutputLength(d[first + i], kernelSize[i], strides[i], dilationRate[i], padding,
                    outputPadding == null ? -1 : outputPadding[i]);
        }
        d[channelAxis()] = filters;
        return Shape.of(d);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("filters", filters);
        putCommonConfig(c);
        c.put("output_padding", outputPadding == null ? null : tuple(outputPadding));
        putKernelConfig(c);
        return c;
    }

    protected static <L extends ConvTranspose<L>> L applyTransposeConfig(Config c, L layer) {
        if (c.has("output_padding")) {
            layer.outputPadding(ints(c, "output_padding"));
        } else {
            c.ignore("output_padding");
        }
        applyKernelConfig(c, layer);
        return applyCommonConfig(c, layer);
    }
}
