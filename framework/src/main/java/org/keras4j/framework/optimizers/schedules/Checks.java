package org.keras4j.framework.optimizers.schedules;

import org.keras4j.framework.registry.Config;

/** Argument checks and config reading shared by the schedules, with Keras-style messages. */
final class Checks {
    private Checks() {
    }

    static double finite(String owner, String arg, double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException(owner + ": " + arg + " must be a finite number, received " + arg + "=" + v);
        }
        return v;
    }

    static double nonNegative(String owner, String arg, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(owner + ": " + arg + " must be a finite number >= 0, received " + arg + "=" + v);
        }
        return v;
    }

    static long positive(String owner, String arg, long v) {
        if (v <= 0) {
            throw new IllegalArgumentException(owner + ": " + arg + " must be > 0, received " + arg + "=" + v);
        }
        return v;
    }

    /** A required integer key (an integral number such as 1000 or 1000.0). */
    static long requiredLong(Config c, String key) {
        c.getDouble(key); // fails with "missing required key" when absent or null
        return c.getLong(key, 0);
    }

    /** The schedule's name: Keras's default when absent or null. */
    static String name(Config c, String dflt) {
        return c.getString("name", dflt);
    }
}
