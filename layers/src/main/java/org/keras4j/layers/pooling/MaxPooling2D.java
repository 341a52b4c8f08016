package org.keras4j.layers.pooling;

import org.keras4j.framework.registry.Config;

/**
 * 2-D max pooling, as Keras's {@code keras.layers.MaxPooling2D}: the maximum of each window.
 * Inputs {@code (batch, rows, cols, channels)} (or channels-first); arguments and output lengths are described on
 * {@link BasePooling}. Default {@code pool_size} is 2 on every axis, strides default to the pool size.
 *
 * <pre>{@code new MaxPooling2D(2)  // halves every spatial axis}</pre>
 */
public class MaxPooling2D extends BasePooling {
    public MaxPooling2D() {
        this(2);
    }

    /** @param poolSize one size for every spatial axis, or one per axis */
    public MaxPooling2D(int... poolSize) {
        super(true, 2, poolSize);
    }

    @Override
    public MaxPooling2D strides(int... strides) {
        super.strides(strides);
        return this;
    }

    @Override
    public MaxPooling2D padding(String padding) {
        super.padding(padding);
        return this;
    }

    @Override
    public MaxPooling2D dataFormat(String dataFormat) {
        super.dataFormat(dataFormat);
        return this;
    }

    public static MaxPooling2D fromConfig(Config c) {
        int[] pool = ints(c, "pool_size");
        return applyPoolingConfig(c, new MaxPooling2D(pool == null ? new int[] {2} : pool));
    }
}
