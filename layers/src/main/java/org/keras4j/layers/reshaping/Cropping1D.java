package org.keras4j.layers.reshaping;

import org.keras4j.framework.registry.Config;

/**
 * Removes steps from the start and end of {@code (batch, steps, features)}, as Keras's
 * {@code keras.layers.Cropping1D}: output {@code (batch, steps - left - right, features)}. Default cropping 1.
 *
 * <pre>{@code new Cropping1D(2)}</pre>
 *
 * <p>The argument is an int (every side), a pair {@code (left, right)}, or {@code (before, after)} pairs. A border that leaves no
 * element fails with an IllegalArgumentException naming the layer.
 */
public class Cropping1D extends SpatialBorders {
    /** The same border on both sides of every spatial axis. */
    public Cropping1D(int cropping) {
        this(pairs(1, "Cropping1D", "cropping", cropping));
    }

    /** @param amounts one {@code (before, after)} pair per spatial axis */
    public Cropping1D(long[][] amounts) {
        super(1, amounts, null, true);
    }

    public static Cropping1D fromConfig(Config c) {
        long[][] amounts = fromConfigPairs(c, 1, "Cropping1D", true, 1);
        return applyBaseConfig(c, new Cropping1D(amounts));
    }
}
