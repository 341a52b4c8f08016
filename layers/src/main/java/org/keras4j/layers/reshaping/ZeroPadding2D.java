package org.keras4j.layers.reshaping;

import org.keras4j.framework.registry.Config;

/**
 * Pads rows and columns of an image batch with zeros, as Keras's {@code keras.layers.ZeroPadding2D}:
 * {@code (batch, rows, cols, channels)} becomes {@code (batch, top + rows + bottom, left + cols + right, channels)}.
 * Default padding 1.
 *
 * <pre>{@code new ZeroPadding2D(new long[][] {{1, 1}, {2, 2}}, "channels_last")}</pre>
 *
 * <p>The argument is an int (every side), one int per axis, or {@code (before, after)} pairs; data_format
 * defaults to {@code channels_last}.
 */
public class ZeroPadding2D extends SpatialBorders {
    /** The same border on both sides of every spatial axis. */
    public ZeroPadding2D(int padding) {
        this(pairs(2, "ZeroPadding2D", "padding", padding), "channels_last");
    }

    /** @param amounts one {@code (before, after)} pair per spatial axis */
    public ZeroPadding2D(long[][] amounts, String dataFormat) {
        super(2, amounts, dataFormat, false);
    }

    public static ZeroPadding2D fromConfig(Config c) {
        long[][] amounts = fromConfigPairs(c, 2, "ZeroPadding2D", false, 1);
        return applyBaseConfig(c, new ZeroPadding2D(amounts, c.getString("data_format", "channels_last")));
    }
}
