package org.keras4j.layers.reshaping;

import org.keras4j.framework.registry.Config;

/**
 * Pads the time axis of {@code (batch, steps, features)} with zeros, as Keras's
 * {@code keras.layers.ZeroPadding1D}: output {@code (batch, left + steps + right, features)}. Default padding 1.
 *
 * <pre>{@code new ZeroPadding1D(2)}</pre>
 *
 * <p>The argument is an int (every side), a pair {@code (left, right)}, or {@code (before, after)} pairs.
 */
public class ZeroPadding1D extends SpatialBorders {
    /** The same border on both sides of every spatial axis. */
    public ZeroPadding1D(int padding) {
        this(pairs(1, "ZeroPadding1D", "padding", padding));
    }

    /** @param amounts one {@code (before, after)} pair per spatial axis */
    public ZeroPadding1D(long[][] amounts) {
        this(amounts, "channels_last");
    }

    /** @param dataFormat {@code "channels_last"} (steps on axis 1, the default) or {@code "channels_first"} (steps last) */
    public ZeroPadding1D(long[][] amounts, String dataFormat) {
        super(1, amounts, dataFormat, false);
    }

    public static ZeroPadding1D fromConfig(Config c) {
        long[][] amounts = fromConfigPairs(c, 1, "ZeroPadding1D", false, 1);
        return applyBaseConfig(c, new ZeroPadding1D(amounts, c.getString("data_format", "channels_last")));
    }
}
