package org.keras4j.layers.pooling;

import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.registry.Config;

/**
 * Global maximum pooling over the 1 spatial axes, as Keras's {@code keras.layers.GlobalMaxPooling1D}.
 * Input {@code (batch, steps, features)} ({@code (batch, features, steps)} with {@code data_format="channels_first"}); output
 * {@code (batch, channels)}, or the input's rank with size-1 spatial axes when {@code keepdims}.
 * Defaults: {@code data_format="channels_last"}, {@code keepdims=false}.
 *
 * <pre>{@code new GlobalMaxPooling1D()}</pre>
 */
public class GlobalMaxPooling1D extends GlobalPooling {
    public GlobalMaxPooling1D() {
        this("channels_last", false);
    }

    /** @param dataFormat {@code "channels_last"} or {@code "channels_first"} */
    public GlobalMaxPooling1D(String dataFormat, boolean keepdims) {
        super(1, dataFormat, keepdims);
    }

    @Override
    protected Tensor pool(Tensor inputs, int[] axes, boolean keepdims) {
        return Ops.max(inputs, keepdims, axes);
    }

    public static GlobalMaxPooling1D fromConfig(Config c) {
        return applyBaseConfig(c, new GlobalMaxPooling1D(dataFormat(c), c.getBoolean("keepdims", false)));
    }
}
