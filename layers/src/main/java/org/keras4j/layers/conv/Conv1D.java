package org.keras4j.layers.conv;

import org.keras4j.framework.registry.Config;

/**
 * 1-D convolution, as Keras's {@code keras.layers.Conv1D}. Inputs {@code (batch, steps, channels)} (channels-last)
 * or channels-first; outputs {@code (batch, new_steps, filters)}, each spatial length {@code ceil(n / stride)} for
 * {@code "same"} padding and {@code floor((n - (k - 1) * dilation - 1) / stride) + 1} for {@code "valid"}. Padding may also be {@code "causal"} (zeros on the left only, so output t never sees inputs after t), as for WaveNet.
 * Arguments and defaults are listed on {@link Conv} and {@link BaseConv}; one native libnd4j kernel each way.
 *
 * <pre>{@code new Conv1D(64, 3, "relu").padding("causal")}</pre>
 */
public class Conv1D extends Conv<Conv1D> {
    /** @param kernelSize one size for every spatial axis, or one per axis */
    public Conv1D(int filters, int... kernelSize) {
        super(1, filters, kernelSize, null);
    }

    /** @param activation a name such as {@code "relu"}, an {@code Activation}, or null for linear */
    public Conv1D(int filters, int kernelSize, Object activation) {
        super(1, filters, new int[] {kernelSize}, activation);
    }

    /** @param activation a name such as {@code "relu"}, an {@code Activation}, or null for linear */
    public Conv1D(int filters, int[] kernelSize, Object activation) {
        super(1, filters, kernelSize, activation);
    }

    @Override
    protected boolean allowsCausal() {
        return true;
    }

    public static Conv1D fromConfig(Config c) {
        return applyConvConfig(c, new Conv1D(c.getInt("filters"), ints(c, "kernel_size"), c.raw("activation")));
    }
}
