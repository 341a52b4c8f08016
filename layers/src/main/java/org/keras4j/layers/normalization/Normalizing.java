package org.keras4j.layers.normalization;

import java.util.Arrays;
import java.util.List;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;

/** Argument checks and config reading shared by the normalization layers. */
final class Normalizing {
    private Normalizing() {
    }

    /**
     * Resolves {@code axis} against {@code inputShape} for a layer with one weight entry per index of
     * that axis: the axis must exist, must not be the batch axis, and must have a defined size.
     */
    static int featureAxis(Layer layer, Shape inputShape, int axis) {
        return featureAxes(layer, inputShape, new int[] {axis})[0];
    }

    /** {@link #featureAxis} for several axes; the result is sorted and free of duplicates. */
    static int[] featureAxes(Layer layer, Shape inputShape, int[] axes) {
        int rank = inputShape.rank();
        if (rank < 2) {
            throw new IllegalArgumentException(layer.describe() + " expects input of rank >= 2, but received shape " + inputShape + ".");
        }
        int[] out = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            int a = axes[i] < 0 ? axes[i] + rank : axes[i];
            if (a < 0 || a >= rank) {
                throw new IllegalArgumentException(layer.describe() + ": axis " + axes[i] + " is out of range for input shape "
                        + inputShape + " (rank " + rank + ").");
            }
            if (a == 0) {
                throw new IllegalArgumentException(layer.describe() + ": axis " + axes[i]
                        + " is the batch axis of input shape " + inputShape + "; choose a feature axis.");
            }
            if (inputShape.get(a) == Shape.NONE) {
                throw new IllegalArgumentException(layer.describe() + " needs axis " + axes[i]
                        + " of its input to be defined, but received shape " + inputShape + ".");
            }
            out[i] = a;
        }
        int[] sorted = Arrays.stream(out).sorted().distinct().toArray();
        if (sorted.length != out.length) {
            throw new IllegalArgumentException(layer.describe() + ": duplicate axes " + Arrays.toString(axes) + " for input shape "
                    + inputShape + ".");
        }
        return sorted;
    }

    /** {@code axis} as an int, or a one-element list as tf.keras writes it ({@code "axis": [3]}). */
    static int singleAxis(Config c, String owner, int dflt) {
        Object v = c.raw("axis");
        if (v == null) {
            return dflt;
        }
        if (v instanceof List<?> list && list.size() == 1 && list.get(0) instanceof Number n) {
            return n.intValue();
        }
        if (v instanceof Number) {
            return c.getInt("axis", dflt);
        }
        throw new IllegalArgumentException(owner + " config: 'axis' must be an integer, received " + v);
    }

    /** {@code axis} as an int or a list of ints. */
    static int[] axes(Config c, String owner, int dflt) {
        Object v = c.raw("axis");
        if (v == null) {
            return new int[] {dflt};
        }
        if (v instanceof Number) {
            return new int[] {c.getInt("axis", dflt)};
        }
        long[] l = c.getLongArray("axis");
        if (l.length == 0) {
            throw new IllegalArgumentException(owner + " config: 'axis' must not be empty");
        }
        return Arrays.stream(l).mapToInt(Math::toIntExact).toArray();
    }

    /** The Keras value of an axis argument: an int for one axis, a list for several. */
    static Object axisConfig(int[] axes, boolean givenAsList) {
        return givenAsList || axes.length != 1 ? Arrays.stream(axes).boxed().toList() : axes[0];
    }
}
