package org.keras4j.layers.conv;

import org.keras4j.framework.registry.Config;

/**
 * Transposed 1-D convolution, as Keras's {@code keras.layers.Conv1DTranspose}. Inputs
 * {@code (batch, steps, channels)} (or channels-first), outputs {@code (batch, new_steps, filters)} with the lengths given on
 * {@link ConvTranspose}. Kernel {@code (...kernel_size, filters, in_channels)}; forward is libnd4j's
 * {@code deconv2d}, backward {@code deconv2d_bp}.
 *
 * <pre>{@code new Conv1DTranspose(16, 3, "relu").strides(2).padding("same")}</pre>
 */
public class Conv1DTranspose extends ConvTranspose<Conv1DTranspose> {
    public Conv1DTranspose(int filters, int... kernelSize) {
        super(1, filters, kernelSize, null);
    }

    /** @param activation a name such as {@code "relu"}, an {@code Activation}, or null for linear */
    public Conv1DTranspose(int filters, int kernelSize, Object activation) {
        super(1, filters, new int[] {kernelSize}, activation);
    }

    public Conv1DTranspose(int filters, int[] kernelSize, Object activation) {
        super(1, filters, kernelSize, activation);
    }

    public static Conv1DTranspose fromConfig(Config c) {
        return applyTransposeConfig(c, new Conv1DTranspose(c.getInt("filters"), ints(c, "kernel_size"), c.raw("activation")));
    }
}
