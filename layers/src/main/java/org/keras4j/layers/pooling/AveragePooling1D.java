package org.keras4j.layers.pooling;

import org.keras4j.framework.registry.Config;

/**
 * 1-D average pooling, as Keras's {@code keras.layers.AveragePooling1D}: the mean of each window.
 * Inputs {@code (batch, steps, channels)} (or channels-first); arguments and output lengths are described on
 * {@link BasePooling}. Default {@code pool_size} is 2 on every axis, strides default to the pool size.
 *
 * <pre>{@code new AveragePooling1D(2)  // halves every spatial axis}</pre>
 */
public class AveragePooling1D extends BasePooling {
    public AveragePooling1D() {
        this(2);
    }

    /** @param poolSize one size for every spatial axis, or one per axis */
    public AveragePooling1D(int... poolSize) {
        super(false, 1, poolSize);
    }

    @Override
    public AveragePooling1D strides(int... strides) {
        super.strides(strides);
        return this;
    }

    @Override
    public AveragePooling1D padding(String padding) {
        super.padding(padding);
        return this;
    }

    @Override
    public AveragePooling1D dataFormat(String dataFormat) {
        super.dataFormat(dataFormat);
        return this;
    }

    public static AveragePooling1D fromConfig(Config c) {
        int[] pool = ints(c, "pool_size");
        return applyPoolingConfig(c, new AveragePooling1D(pool == null ? new int[] {2} : pool));
    }
}
