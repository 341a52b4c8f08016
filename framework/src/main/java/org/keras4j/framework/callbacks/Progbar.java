package org.keras4j.framework.callbacks;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * Keras 3's progress bar: {@code 469/469 ━━━━━━━━━━━━━━━━━━━━ 2s 4ms/step - accuracy: 0.8812 - loss: 0.3301}.
 * In mode 1 it is redrawn in place (at most every 50 ms); in mode 2 one line is printed when done.
 */
public final class Progbar {
    private static final int WIDTH = 20;
    private static final long MIN_REDRAW_NANOS = 50_000_000L;

    private final int target;
    private final int verbose;
    private final PrintStream out;
    private final LongSupplier nanoClock;
    private final long start;
    private long lastDraw;
    private int lastLength;

    /**
     * @param target number of steps, or -1 if unknown
     * @param verbose 1 (in-place bar) or 2 (one line at the end)
     */
    public Progbar(int target, int verbose, PrintStream out) {
        this(target, verbose, out, System::nanoTime);
    }

    /** Reads time from {@code nanoClock}, so tests can decide which redraws fall within 50 ms. */
    Progbar(int target, int verbose, PrintStream out, LongSupplier nanoClock) {
        this.target = target;
        this.verbose = verbose;
        this.out = out;
        this.nanoClock = nanoClock;
        this.start = nanoClock.getAsLong();
    }

    /** Reports that {@code current} steps are done; {@code last} forces the final draw. */
    public void update(int current, Map<String, Double> values, boolean last) {
        long now = nanoClock.getAsLong();
        double elapsed = (now - start) / 1e9;
        double perStep = current > 0 ? elapsed / current : 0;
        if (verbose == 1) {
            if (!last && now - lastDraw < MIN_REDRAW_NANOS) {
                return;
            }
            lastDraw = now;
            StringBuilder line = new StringBuilder();
            line.append(counter(current)).append(' ').append(bar(current)).append(' ');
            if (last || target < 0) {
                line.append(formatSeconds(elapsed));
            } else {
                line.append(formatSeconds(perStep * (target - current)));
            }
            line.append(' ').append(formatPerStep(perStep)).append(metrics(values));
            String s = line.toString();
            int pad = Math.max(0, lastLength - s.length());
            lastLength = s.length();
            out.print("\r" + s + " ".repeat(pad));
            if (last) {
                out.println();
            }
            out.flush();
        } else if (verbose == 2 && last) {
            out.println(counter(current) + " - " + formatSeconds(elapsed) + " - " + formatPerStep(perStep) + metrics(values));
            out.flush();
        }
    }

    private String counter(int current) {
        if (target < 0) {
            return Integer.toString(current);
        }
        String t = Integer.toString(target);
        String c = Integer.toString(current);
        return " ".repeat(Math.max(0, t.length() - c.length())) + c + "/" + t;
    }

    private String bar(int current) {
        int filled = target > 0 ? (int) Math.min(WIDTH, (long) WIDTH * current / target) : 0;
        // Keras draws the remaining part dimmed; the plain character is used where ANSI is unwanted.
        return "━".repeat(filled) + "\u001b[37m" + "━".repeat(WIDTH - filled) + "\u001b[0m";
    }

    /** {@code - accuracy: 0.8812 - loss: 0.3301}, keys sorted as Keras 3 prints them. */
    static String metrics(Map<String, Double> values) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, Double> e : new TreeMap<>(values).entrySet()) {
            b.append(" - ").append(e.getKey()).append(": ").append(formatValue(e.getValue()));
        }
        return b.toString();
    }

    static String formatValue(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        double a = Math.abs(v);
        return a != 0 && (a < 1e-3 || a >= 1e5) ? String.format(Locale.ROOT, "%.4e", v) : String.format(Locale.ROOT, "%.4f", v);
    }

    static String formatSeconds(double s) {
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%d:%02d:%02d", (long) s / 3600, ((long) s % 3600) / 60, (long) s % 60);
        }
        if (s >= 60) {
            return String.format(Locale.ROOT, "%d:%02d", (long) s / 60, (long) s % 60);
        }
        return Math.round(s) + "s";
    }

    static String formatPerStep(double s) {
        if (s >= 1) {
            return String.format(Locale.ROOT, "%.0fs/step", s);
        }
        if (s >= 1e-3) {
            return String.format(Locale.ROOT, "%.0fms/step", s * 1e3);
        }
        return String.format(Locale.ROOT, "%.0fus/step", s * 1e6);
    }
}
