package org.keras4j.layers.conv;

import org.keras4j.framework.registry.Config;

/**
 * 2-D convolution, as Keras's {@code keras.layers.Conv2D}. Inputs {@code (batch, rows, cols, channels)} (channels-last)
 * or channels-first; outputs {@code (batch, new_rows, new_cols, filters)}, each spatial length {@code ceil(n / stride)} for
 * {@code "same"} padding and {@code floor((n - (k - 1) * dilation - 1) / stride) + 1} for {@code "valid"}.
 * Arguments and defaults are listed on {@link Conv} and {@link BaseConv}; one native libnd4j kernel each way.
 *
 * <pre>{@code new Conv2D(32, 3, "relu").padding("same").strides(2)}</pre>
 */
public class Conv2D extends Conv<Conv2D> {
    /** @param kernelSize one size for every spatial axis, or one per axis */
    public Conv2D(int filters, int... kernelSize) {
        super(2, filters, kernelSize, null);
    }

    /** @param activation a name such as {@code "relu"}, an {@code Activation}, or null for linear */
    public Conv2D(int filters, int kernelSize, Object activation) {
        super(2, filters, new int[] {kernelSize}, activation);
    }

    /** @param activation a name such as {@code "relu"}, an {@code Activation}, or null for linear */
    public Conv2D(int filters, int[] kernelSize, Object activation) {
        super(2, filters, kernelSize, activation);
    }

    public static Conv2D fromConfig(Config c) {
        return applyConvConfig(c, new Conv2D(c.getInt("filters"), ints(c, "kernel_size"), c.raw("activation")));
    }
}
