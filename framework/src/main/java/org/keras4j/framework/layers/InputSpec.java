package org.keras4j.framework.layers;

import java.util.Map;
import java.util.TreeMap;

/**
 * What a layer accepts, checked when a batch arrives (Keras's {@code InputSpec}): a minimum rank
 * (or an exact one) and fixed sizes for some axes (negative axes count from the end).
 */
public record InputSpec(int minRank, int exactRank, Map<Integer, Long> axes) {
    public static final int ANY = -1;

    public InputSpec {
        axes = axes == null ? Map.of() : new TreeMap<>(axes);
    }

    /** Rank at least {@code minRank}, last axis of size {@code lastAxis} (Dense's spec). */
    public static InputSpec minRankLastAxis(int minRank, long lastAxis) {
        return new InputSpec(minRank, ANY, Map.of(-1, lastAxis));
    }

    public static InputSpec minRank(int minRank) {
        return new InputSpec(minRank, ANY, Map.of());
    }

    private boolean fits(long[] received) {
        if ((exactRank != ANY && received.length != exactRank) || received.length < minRank) {
            return false;
        }
        for (Map.Entry<Integer, Long> e : axes.entrySet()) {
            int a = e.getKey() < 0 ? e.getKey() + received.length : e.getKey();
            if (a >= 0 && a < received.length && received[a] != Shape.NONE && received[a] != e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Null when {@code received} fits, else the reason in Keras's words, e.g.
     * {@code "expects input with last axis 784, but received shape (None, 100)"}.
     */
    public String mismatch(long[] received) {
        if (fits(received)) {
            return null;
        }
        String shown = Shape.formatBatch(received);
        if (exactRank != ANY && received.length != exactRank) {
            return "expects input of rank " + exactRank + ", but received shape " + shown + " (rank " + received.length + ")";
        }
        if (received.length < minRank) {
            return "expects input of rank >= " + minRank + ", but received shape " + shown + " (rank " + received.length + ")";
        }
        for (Map.Entry<Integer, Long> e : axes.entrySet()) {
            int a = e.getKey() < 0 ? e.getKey() + received.length : e.getKey();
            if (a >= 0 && a < received.length && received[a] != Shape.NONE && received[a] != e.getValue()) {
                String which = e.getKey() == -1 ? "last axis" : "axis " + e.getKey();
                return "expects input with " + which + " " + e.getValue() + ", but received shape " + shown;
            }
        }
        return null;
    }
}
