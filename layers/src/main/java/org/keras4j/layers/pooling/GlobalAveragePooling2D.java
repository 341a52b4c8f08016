package org.keras4j.layers.pooling;

import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.registry.Config;

/**
 * Global mean pooling over the 2 spatial axes, as Keras's {@code keras.layers.GlobalAveragePooling2D}.
 * Input {@code (batch, rows, cols, channels)} ({@code (batch, channels, rows, cols)} with {@code data_format="channels_first"}); output
 * {@code (batch, channels)}, or the input's rank with size-1 spatial axes when {@code keepdims}.
 * Defaults: {@code data_format="channels_last"}, {@code keepdims=false}.
 *
 * <pre>{@code new GlobalAveragePooling2D()}</pre>
 */
public class GlobalAveragePooling2D extends GlobalPooling {
    public GlobalAveragePooling2D() {
        this("channels_last", false);
    }

    /** @param dataFormat {@code "channels_last"} or {@code "channels_first"} */
    public GlobalAveragePooling2D(String dataFormat, boolean keepdims) {
        super(2, dataFormat, keepdims);
    }

    @Override
    protected Tensor pool(Tensor inputs, int[] axes, boolean keepdims) {
        return Ops.mean(inputs, keepdims, axes);
    }

    public static GlobalAveragePooling2D fromConfig(Config c) {
        return applyBaseConfig(c, new GlobalAveragePooling2D(dataFormat(c), c.getBoolean("keepdims", false)));
    }
}
