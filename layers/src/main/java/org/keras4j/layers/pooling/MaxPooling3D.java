package org.keras4j.layers.pooling;

import org.keras4j.framework.registry.Config;

/**
 * 3-D max pooling, as Keras's {@code keras.layers.MaxPooling3D}: the maximum of each window.
 * Inputs {@code (batch, d1, d2, d3, channels)} (or channels-first); arguments and output lengths are described on
 * {@link BasePooling}. Default {@code pool_size} is 2 on every axis, strides default to the pool size.
 *
 * <pre>{@code new MaxPooling3D(2)  // halves every spatial axis}</pre>
 */
public class MaxPooling3D extends BasePooling {
    public MaxPooling3D() {
        this(2);
    }

    /** @param poolSize one size for every spatial axis, or one per axis */
    public MaxPooling3D(int... poolSize) {
        super(true, 3, poolSize);
    }

    @Override
    public MaxPooling3D strides(int... strides) {
        super.strides(strides);
        return this;
    }

    @Override
    public MaxPooling3D padding(String padding) {
        super.padding(padding);
        return this;
    }

    @Override
    public MaxPooling3D dataFormat(String dataFormat) {
        super.dataFormat(dataFormat);
        return this;
    }

    public static MaxPooling3D fromConfig(Config c) {
        int[] pool = ints(c, "pool_size");
        return applyPoolingConfig(c, new MaxPooling3D(pool == null ? new int[] {2} : pool));
    }
}
