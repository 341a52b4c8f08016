package org.keras4j.layers.conv;

import org.keras4j.framework.registry.Config;

/**
 * 3-D convolution, as Keras's {@code keras.layers.Conv3D}. Inputs {@code (batch, d1, d2, d3, channels)} (channels-last)
 * or channels-first; outputs {@code (batch, new_d1, new_d2, new_d3, filters)}, each spatial length {@code ceil(n / stride)} for
 * {@code "same"} padding and {@code floor((n - (k - 1) * dilation - 1) / stride) + 1} for {@code "valid"}.
 * Arguments and defaults are listed on {@link Conv} and {@link BaseConv}; one native libnd4j kernel each way.
 *
 * <pre>{@code new Conv3D(8, 3, "relu")}</pre>
 */
public class Conv3D extends Conv<Conv3D> {
    /** @param kernelSize one size for every spatial axis, or one per axis */
    public Conv3D(int filters, int... kernelSize) {
        super(3, filters, kernelSize, null);
    }

    /** @param activation a name such as {@code "relu"}, an {@code Activation}, or null for linear */
    public Conv3D(int filters, int kernelSize, Object activation) {
        super(3, filters, new int[] {kernelSize}, activation);
    }

    /** @param activation a name such as {@code "relu"}, an {@code Activation}, or null for linear */
    public Conv3D(int filters, int[] kernelSize, Object activation) {
        super(3, filters, kernelSize, activation);
    }

    public static Conv3D fromConfig(Config c) {
        return applyConvConfig(c, new Conv3D(c.getInt("filters"), ints(c, "kernel_size"), c.raw("activation")));
    }
}
