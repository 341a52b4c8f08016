package org.keras4j.layers.conv;

import org.keras4j.framework.registry.Config;

/**
 * Transposed 2-D convolution, as Keras's {@code keras.layers.Conv2DTranspose}. Inputs
 * {@code (batch, rows, cols, channels)} (or channels-first), outputs {@code (batch, new_rows, new_cols, filters)} with the lengths given on
 * {@link ConvTranspose}. Kernel {@code (...kernel_size, filters, in_channels)}; forward is libnd4j's
 * {@code deconv2d}, backward {@code deconv2d_bp}.
 *
 * <pre>{@code new Conv2DTranspose(32, 3, "relu").strides(2).padding("same")  // doubles rows and cols}</pre>
 */
public class Conv2DTranspose extends ConvTranspose<Conv2DTranspose> {
    public Conv2DTranspose(int filters, int... kernelSize) {
        super(2, filters, kernelSize, null);
    }

    /** @param activation a name such as {@code "relu"}, an {@code Activation}, or null for linear */
    public Conv2DTranspose(int filters, int kernelSize, Object activation) {
        super(2, filters, new int[] {kernelSize}, activation);
    }

    public Conv2DTranspose(int filters, int[] kernelSize, Object activation) {
        super(2, filters, kernelSize, activation);
    }

    public static Conv2DTranspose fromConfig(Config c) {
        return applyTransposeConfig(c, new Conv2DTranspose(c.getInt("filters"), ints(c, "kernel_size"), c.raw("activation")));
    }
}
