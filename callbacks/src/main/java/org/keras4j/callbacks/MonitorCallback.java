package org.keras4j.callbacks;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keras4j.framework.callbacks.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of the callbacks that watch one logged quantity and act when it stops improving
 * ({@link EarlyStopping}, {@link ReduceLROnPlateau}, and later ModelCheckpoint), as Keras 3's
 * {@code MonitorCallback}.
 *
 * <p>It owns three things:
 * <ul>
 * <li>the <b>direction</b>: {@code mode="min"} wants the value to fall, {@code "max"} to rise, and
 * {@code "auto"} infers it from the name (without a {@code val_} prefix): accuracy-like names
 * (containing {@code "acc"}) and the metrics Keras marks as "higher is better" ({@code auc},
 * {@code precision}, {@code recall}, {@code f1_score}, {@code fbeta_score}, {@code r2_score},
 * IoU metrics, {@code *_at_*} threshold metrics) are maximised; everything else, losses and
 * errors included, is minimised;</li>
 * <li>the <b>improvement test</b> {@link #improved}: in min mode {@code current < reference - minDelta},
 * in max mode {@code current > reference + minDelta}; anything beats a null reference;</li>
 * <li><b>reading the value</b> from the epoch logs ({@link #monitorValue}): a missing key logs one
 * warning per {@code fit}, listing the keys that are there, and yields null.</li>
 * </ul>
 * Subclasses that override {@link #onTrainBegin} must call {@code super.onTrainBegin(logs)}, which
 * forgets the best value and re-arms the warning so one instance serves several {@code fit} calls.
 */
public abstract class MonitorCallback extends Callback {
    private static final Logger LOG = LoggerFactory.getLogger(MonitorCallback.class);

    /** The accepted {@code mode} values. */
    public static final List<String> MODES = List.of("auto", "min", "max");

    private static final List<String> HIGHER_IS_BETTER = List.of("auc", "precision", "recall", "f1_score",
            "fbeta_score", "r2_score", "sensitivity_at_specificity", "specificity_at_sensitivity");

    private final String monitor;
    private final String mode;
    private final double minDelta;
    private final boolean maximize;
    private Double best;
    private boolean warnedMissing;

    /**
     * @param monitor  the logs key to watch, e.g. {@code "val_loss"}; not empty
     * @param mode     {@code "auto"}, {@code "min"} or {@code "max"}
     * @param minDelta smallest change that counts as an improvement; its sign is ignored (Keras uses {@code abs})
     */
    protected MonitorCallback(String monitor, String mode, double minDelta) {
        String owner = getClass().getSimpleName();
        if (monitor == null || monitor.isEmpty()) {
            throw new IllegalArgumentException(owner + ": monitor must be a non-empty metric name such as \"val_loss\", received "
                    + (monitor == null ? "null" : "\"\""));
        }
        if (mode == null || !MODES.contains(mode)) {
            throw new IllegalArgumentException(owner + ": mode must be one of " + String.join(", ", MODES)
                    + ", received mode=" + (mode == null ? "null" : "\"" + mode + "\""));
        }
        if (!Double.isFinite(minDelta)) {
            throw new IllegalArgumentException(owner + ": min_delta must be a finite number, received min_delta=" + minDelta);
        }
        this.monitor = monitor;
        this.mode = mode;
        this.minDelta = Math.abs(minDelta);
        this.maximize = switch (mode) {
            case "max" -> true;
            case "min" -> false;
            default -> higherIsBetter(monitor);
        };
    }

    /**
     * Whether {@code mode="auto"} maximises {@code name}: names with {@code "acc"} or a Keras
     * metric whose direction is "up" (auc, precision, recall, F-scores, R², IoU, threshold metrics).
     */
    public static boolean higherIsBetter(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        if (n.startsWith("val_")) {
            n = n.substring(4);
        }
        if (n.equals("loss") || n.endsWith("_loss")) {
            return false;
        }
        if (n.contains("acc") || n.contains("iou")) {
            return true;
        }
        for (String up : HIGHER_IS_BETTER) {
            if (n.equals(up) || n.startsWith(up + "_")) {
                return true;
            }
        }
        return false;
    }

    /** The logs key watched. */
    public String monitor() {
        return monitor;
    }

    /** The mode as given: {@code "auto"}, {@code "min"} or {@code "max"}. */
    public String mode() {
        return mode;
    }

    /** The minimum improvement, as a non-negative number. */
    public double minDelta() {
        return minDelta;
    }

    /** True when larger values of the monitored quantity are better (after resolving {@code "auto"}). */
    public boolean maximizes() {
        return maximize;
    }

    /** The best value seen since {@code onTrainBegin}, or null before the first. */
    public Double best() {
        return best;
    }

    /** Records {@code value} as the best so far (subclasses call this when {@link #improved} holds). */
    protected void setBest(Double value) {
        this.best = value;
    }

    /**
     * Whether {@code current} beats {@code reference} by more than {@code minDelta} in the
     * monitored direction. A null reference (nothing seen yet) is always beaten; a NaN current
     * never beats a number.
     */
    public boolean improved(double current, Double reference) {
        if (reference == null) {
            return true;
        }
        return maximize ? current - minDelta > reference : current + minDelta < reference;
    }

    /** Forgets the best value and re-arms the missing-key warning. */
    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        best = null;
        warnedMissing = false;
    }

    /**
     * The monitored value from {@code logs}; null (after warning once per {@code fit}) when the
     * key is missing, e.g. {@code val_loss} without validation data.
     */
    protected Double monitorValue(Map<String, Double> logs) {
        Double v = logs == null ? null : logs.get(monitor);
        if (v == null && !warnedMissing) {
            warnedMissing = true;
            LOG.warn("{} conditioned on metric `{}` which is not available. Available metrics are: {}. "
                    + "Pass validation data to fit() to get val_* metrics, or set monitor to one of these.",
                    actionDescription(), monitor, logs == null ? "" : String.join(",", logs.keySet()));
        }
        return v;
    }

    /** What the callback does, for the missing-metric warning, e.g. {@code "Early stopping"}. */
    protected abstract String actionDescription();

    /**
     * The builder arguments every monitor callback shares: {@code monitor} (default {@code "val_loss"}),
     * {@code mode} ({@code "auto"}), {@code min_delta} (each callback's Keras default) and {@code verbose} (0).
     */
    public abstract static class Builder<B extends Builder<B>> {
        String monitor = "val_loss";
        String mode = "auto";
        double minDelta;
        int verbose;

        protected Builder(double defaultMinDelta) {
            this.minDelta = defaultMinDelta;
        }

        /** Logs key to watch; default {@code "val_loss"}. */
        public B monitor(String monitor) {
            this.monitor = monitor;
            return self();
        }

        /** {@code "auto"} (default), {@code "min"} or {@code "max"}. */
        public B mode(String mode) {
            this.mode = mode;
            return self();
        }

        /** Smallest change counted as an improvement. */
        public B minDelta(double minDelta) {
            this.minDelta = minDelta;
            return self();
        }

        /** 1 prints a line when the callback acts; default 0. */
        public B verbose(int verbose) {
            this.verbose = verbose;
            return self();
        }

        @SuppressWarnings("unchecked")
        private B self() {
            return (B) this;
        }
    }
}
