package org.keras4j.layers.pooling;

import org.keras4j.framework.registry.Config;

/**
 * 1-D max pooling, as Keras's {@code keras.layers.MaxPooling1D}: the maximum of each window.
 * Inputs {@code (batch, steps, channels)} (or channels-first); arguments and output lengths are described on
 * {@link BasePooling}. Default {@code pool_size} is 2 on every axis, strides default to the pool size.
 *
 * <pre>{@code new MaxPooling1D(2)  // halves every spatial axis}</pre>
 */
public class MaxPooling1D extends BasePooling {
    public MaxPooling1D() {
        this(2);
    }

    /** @param poolSize one size for every spatial axis, or one per axis */
    public MaxPooling1D(int... poolSize) {
        super(true, 1, poolSize);
    }

    @Override
    public MaxPooling1D strides(int... strides) {
        super.strides(strides);
        return this;
    }

    @Override
    public MaxPooling1D padding(String padding) {
        super.padding(padding);
        return this;
    }

    @Override
    public MaxPooling1D dataFormat(String dataFormat) {
        super.dataFormat(dataFormat);
        return this;
    }

    public static MaxPooling1D fromConfig(Config c) {
        int[] pool = ints(c, "pool_size");
        return applyPoolingConfig(c, new MaxPooling1D(pool == null ? new int[] {2} : pool));
    }
}
