package org.keras4j.layers.reshaping;

import org.keras4j.framework.registry.Config;

/**
 * Removes border rows and columns of an image batch, as Keras's {@code keras.layers.Cropping2D}:
 * {@code (batch, rows, cols, channels)} becomes {@code (batch, rows - top - bottom, cols - left - right, channels)}.
 * Default cropping 0.
 *
 * <pre>{@code new Cropping2D(new long[][] {{2, 2}, {4, 4}}, "channels_last")}</pre>
 *
 * <p>The argument is an int (every side), one int per axis, or {@code (before, after)} pairs; data_format
 * defaults to {@code channels_last}. A border that leaves no
 * element fails with an IllegalArgumentException naming the layer.
 */
public class Cropping2D extends SpatialBorders {
    /** The same border on both sides of every spatial axis. */
    public Cropping2D(int cropping) {
        this(pairs(2, "Cropping2D", "cropping", cropping), "channels_last");
    }

    /** @param amounts one {@code (before, after)} pair per spatial axis */
    public Cropping2D(long[][] amounts, String dataFormat) {
        super(2, amounts, dataFormat, true);
    }

    public static Cropping2D fromConfig(Config c) {
        long[][] amounts = fromConfigPairs(c, 2, "Cropping2D", true, 0);
        return applyBaseConfig(c, new Cropping2D(amounts, c.getString("data_format", "channels_last")));
    }
}
