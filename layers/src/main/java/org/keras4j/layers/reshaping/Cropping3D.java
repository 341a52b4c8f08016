package org.keras4j.layers.reshaping;

import org.keras4j.framework.registry.Config;

/**
 * Removes borders on the three spatial axes of {@code (batch, d1, d2, d3, channels)}, as Keras's
 * {@code keras.layers.Cropping3D}. Default cropping 1.
 *
 * <pre>{@code new Cropping3D(1)}</pre>
 *
 * <p>The argument is an int (every side), one int per axis, or {@code (before, after)} pairs; data_format
 * defaults to {@code channels_last}. A border that leaves no
 * element fails with an IllegalArgumentException naming the layer.
 */
public class Cropping3D extends SpatialBorders {
    /** The same border on both sides of every spatial axis. */
    public Cropping3D(int cropping) {
        this(pairs(3, "Cropping3D", "cropping", cropping), "channels_last");
    }

    /** @param amounts one {@code (before, after)} pair per spatial axis */
    public Cropping3D(long[][] amounts, String dataFormat) {
        super(3, amounts, dataFormat, true);
    }

    public static Cropping3D fromConfig(Config c) {
        long[][] amounts = fromConfigPairs(c, 3, "Cropping3D", true, 1);
        return applyBaseConfig(c, new Cropping3D(amounts, c.getString("data_format", "channels_last")));
    }
}
