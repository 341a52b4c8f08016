package org.keras4j.layers.pooling;

import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.registry.Config;

/**
 * Global maximum pooling over the 3 spatial axes, as Keras's {@code keras.layers.GlobalMaxPooling3D}.
 * Input {@code (batch, dim1, dim2, dim3, channels)} ({@code (batch, channels, dim1, dim2, dim3)} with {@code data_format="channels_first"}); output
 * {@code (batch, channels)}, or the input's rank with size-1 spatial axes when {@code keepdims}.
 * Defaults: {@code data_format="channels_last"}, {@code keepdims=false}.
 *
 * <pre>{@code new GlobalMaxPooling3D()}</pre>
 */
public class GlobalMaxPooling3D extends GlobalPooling {
    public GlobalMaxPooling3D() {
        this("channels_last", false);
    }

    /** @param dataFormat {@code "channels_last"} or {@code "channels_first"} */
    public GlobalMaxPooling3D(String dataFormat, boolean keepdims) {
        super(3, dataFormat, keepdims);
    }

    @Override
    protected Tensor pool(Tensor inputs, int[] axes, boolean keepdims) {
        return Ops.max(inputs, keepdims, axes);
    }

    public static GlobalMaxPooling3D fromConfig(Config c) {
        return applyBaseConfig(c, new GlobalMaxPooling3D(dataFormat(c), c.getBoolean("keepdims", false)));
    }
}
