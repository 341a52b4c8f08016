package org.keras4j.layers.reshaping;

import org.keras4j.framework.registry.Config;

/**
 * Pads the three spatial axes of a volume batch {@code (batch, d1, d2, d3, channels)} with zeros, as
 * Keras's {@code keras.layers.ZeroPadding3D}. Default padding 1.
 *
 * <pre>{@code new ZeroPadding3D(1)}</pre>
 *
 * <p>The argument is an int (every side), one int per axis, or {@code (before, after)} pairs; data_format
 * defaults to {@code channels_last}.
 */
public class ZeroPadding3D extends SpatialBorders {
    /** The same border on both sides of every spatial axis. */
    public ZeroPadding3D(int padding) {
        this(pairs(3, "ZeroPadding3D", "padding", padding), "channels_last");
    }

    /** @param amounts one {@code (before, after)} pair per spatial axis */
    public ZeroPadding3D(long[][] amounts, String dataFormat) {
        super(3, amounts, dataFormat, false);
    }

    public static ZeroPadding3D fromConfig(Config c) {
        long[][] amounts = fromConfigPairs(c, 3, "ZeroPadding3D", false, 1);
        return applyBaseConfig(c, new ZeroPadding3D(amounts, c.getString("data_format", "channels_last")));
    }
}
