package org.keras4j.layers.pooling;

import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Global mean over the time axis, as Keras's {@code keras.layers.GlobalAveragePooling1D}. Input
 * {@code (batch, steps, features)} ({@code (batch, features, steps)} with
 * {@code data_format="channels_first"}); output {@code (batch, features)}, or
 * {@code (batch, 1, features)} when {@code keepdims}. When the input carries a
 * {@code (batch, steps)} mask, the mean runs over the unmasked steps only:
 * {@code sum(x * mask) / sum(mask)}. Defaults: {@code data_format="channels_last"},
 * {@code keepdims=false}.
 *
 * <pre>{@code new GlobalAveragePooling1D()}</pre>
 */
public class GlobalAveragePooling1D extends GlobalPooling {
    public GlobalAveragePooling1D() {
        this("channels_last", false);
    }

    /** @param dataFormat {@code "channels_last"} or {@code "channels_first"} */
    public GlobalAveragePooling1D(String dataFormat, boolean keepdims) {
        super(1, dataFormat, keepdims);
    }

    @Override
    protected Tensor pool(Tensor inputs, int[] axes, boolean keepdims) {
        INDArray mask = inputs.mask();
        if (mask == null) {
            return Ops.mean(inputs, keepdims, axes);
        }
        long[] s = inputs.shape();
        long steps = s[axes[0]];
        if (mask.rank() != 2 || mask.size(0) != s[0] || mask.size(1) != steps) {
            throw new IllegalArgumentException(describe() + " expects a mask of shape (None, " + steps
                    + "), but received mask shape " + org.keras4j.framework.layers.Shape.formatBatch(mask.shape()));
        }
        // the mask broadcast over the feature axis
        long[] maskShape = channelsFirst() ? new long[] {s[0], 1, steps} : new long[] {s[0], steps, 1};
        INDArray m = mask.castTo(inputs.dataType()).reshape('c', maskShape);
        Tensor summed = Ops.sum(Ops.multiply(inputs, Tensor.constant(m)), keepdims, axes);
        INDArray counts = m.sum(keepdims, axes);
        return Ops.divide(summed, Tensor.constant(counts));
    }

    public static GlobalAveragePooling1D fromConfig(Config c) {
        return applyBaseConfig(c, new GlobalAveragePooling1D(dataFormat(c), c.getBoolean("keepdims", false)));
    }
}
