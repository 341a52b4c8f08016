package org.keras4j.callbacks;

import java.util.LinkedHashMap;
import java.util.Map;
import org.keras4j.framework.optimizers.Optimizer;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Configurable;

/**
 * Reduces the learning rate when a monitored quantity has stopped improving (Keras's
 * {@code keras.callbacks.ReduceLROnPlateau}).
 *
 * <p>At each epoch end the optimizer's current rate is added to the logs as
 * {@code "learning_rate"} (so History records it), then, when the monitored value is present:
 * during a cooldown the cooldown counter is decremented and the wait counter held at 0; an
 * improvement (by more than {@code minDelta}) records the best value and resets the wait counter;
 * otherwise, outside cooldown, the wait counter grows and once {@code wait >= patience} the rate
 * becomes {@code max(lr * factor, minLr)} (only if {@code lr > minLr}), a cooldown of
 * {@code cooldown} epochs starts and the wait counter resets. The rate is set with
 * {@link Optimizer#setLearningRate(double)}, which replaces any schedule by a constant.
 * Counters and the best value are reset in {@link #onTrainBegin}.
 *
 * <p>Arguments and defaults: {@code monitor="val_loss"}, {@code factor=0.1} (0 ≤ factor &lt; 1),
 * {@code patience=10}, {@code verbose=0}, {@code mode="auto"}, {@code min_delta=1e-4},
 * {@code cooldown=0}, {@code min_lr=0.0}.
 *
 * <pre>{@code
 * ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().factor(0.2).patience(5).minLr(0.001).build();
 * model.fit(x, y, FitOptions.epochs(50).validationSplit(0.2).callbacks(plateau));
 * }</pre>
 */
public final class ReduceLROnPlateau extends MonitorCallback implements Configurable, StatefulCallback {
    private final double factor;
    private final int patience;
    private final int verbose;
    private final int cooldown;
    private final double minLr;

    private int wait;
    private int cooldownCounter;

    /** All Keras defaults: monitor {@code val_loss}, factor 0.1, patience 10. */
    public ReduceLROnPlateau() {
        this(builder());
    }

    /** The common case: multiply the rate by {@code factor} after {@code patience} epochs without improvement. */
    public ReduceLROnPlateau(String monitor, double factor, int patience) {
        this(builder().monitor(monitor).factor(factor).patience(patience));
    }

    private ReduceLROnPlateau(Builder b) {
        super(b.monitor, b.mode, b.minDelta);
        if (!(b.factor < 1.0)) {
            throw new IllegalArgumentException("ReduceLROnPlateau does not support a factor >= 1.0 (it would not reduce "
                    + "the learning rate), received factor=" + b.factor);
        }
        if (!(b.factor >= 0)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in [0, 1), received factor=" + b.factor);
        }
        if (b.patience < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: patience must be a non-negative integer, received patience=" + b.patience);
        }
        if (b.cooldown < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: cooldown must be a non-negative integer, received cooldown=" + b.cooldown);
        }
        if (!(b.minLr >= 0) || Double.isInfinite(b.minLr)) {
            throw new IllegalArgumentException("ReduceLROnPlateau: min_lr must be a finite number >= 0, received min_lr=" + b.minLr);
        }
        if (b.verbose < 0) {
            throw new IllegalArgumentException("ReduceLROnPlateau: verbose must be 0 or 1, received verbose=" + b.verbose);
        }
        this.factor = b.factor;
        this.patience = b.patience;
        this.verbose = b.verbose;
        this.cooldown = b.cooldown;
        this.minLr = b.minLr;
    }

    /** A builder holding the Keras defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Rebuilds from {@link #getConfig()} (Keras keys); registered as {@code "ReduceLROnPlateau"}. */
    public static ReduceLROnPlateau fromConfig(Config c) {
        return builder()
                .monitor(c.getString("monitor", "val_loss"))
                .factor(c.getDouble("factor", 0.1))
                .patience(c.getInt("patience", 10))
                .verbose(c.getInt("verbose", 0))
                .mode(c.getString("mode", "auto"))
                .minDelta(c.getDouble("min_delta", 1e-4))
                .cooldown(c.getInt("cooldown", 0))
                .minLr(c.getDouble("min_lr", 0.0))
                .build();
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        super.onTrainBegin(logs);
        wait = 0;
        cooldownCounter = 0;
    }

    /** {@inheritDoc} The logs map must be mutable: {@code "learning_rate"} is added to it. */
    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Optimizer optimizer = optimizer();
        logs.put("learning_rate", optimizer.currentLearningRate());
        Double current = monitorValue(logs);
        if (current == null) {
            return;
        }
        if (inCooldown()) {
            cooldownCounter--;
            wait = 0;
        }
        if (improved(current, best())) {
            setBest(current);
            wait = 0;
        } else if (!inCooldown()) {
            wait++;
            if (wait >= patience) {
                double oldLr = optimizer.currentLearningRate();
                if (oldLr > minLr) {
                    double newLr = Math.max(oldLr * factor, minLr);
                    optimizer.setLearningRate(newLr);
                    if (verbose > 0) {
                        model().output().println("\nEpoch " + (epoch + 1) + ": ReduceLROnPlateau reducing learning rate to " + newLr + ".");
                    }
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
    }

    private Optimizer optimizer() {
        if (model() == null || model().optimizer() == null) {
            throw new IllegalStateException("ReduceLROnPlateau needs a compiled model with an optimizer: "
                    + "call compile() before fit(), and pass this callback to fit()");
        }
        return model().optimizer();
    }

    @Override
    protected String actionDescription() {
        return "Learning rate reduction";
    }

    /** The wait and cooldown counters and the best value, for {@link BackupAndRestore}. */
    @Override
    public Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("wait", wait);
        s.put("cooldown_counter", cooldownCounter);
        s.put("best", best());
        return s;
    }

    @Override
    public void restoreState(Map<String, Object> s) {
        wait = StateValues.asInt(s.get("wait"));
        cooldownCounter = StateValues.asInt(s.get("cooldown_counter"));
        setBest(StateValues.asDouble(s.get("best")));
    }

    /** True while the epochs after a reduction are being skipped. */
    public boolean inCooldown() {
        return cooldownCounter > 0;
    }

    /** Epochs without improvement counted so far (outside cooldown). */
    public int waitCount() {
        return wait;
    }

    public double factor() {
        return factor;
    }

    public int patience() {
        return patience;
    }

    public int cooldown() {
        return cooldown;
    }

    public double minLr() {
        return minLr;
    }

    public int verbose() {
        return verbose;
    }

    @Override
    public String className() {
        return "ReduceLROnPlateau";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("monitor", monitor());
        m.put("factor", factor);
        m.put("patience", patience);
        m.put("verbose", verbose);
        m.put("mode", mode());
        m.put("min_delta", minDelta());
        m.put("cooldown", cooldown);
        m.put("min_lr", minLr);
        return m;
    }

    /** Optional arguments of {@link ReduceLROnPlateau}, each starting at its Keras default. */
    public static final class Builder extends MonitorCallback.Builder<Builder> {
        private double factor = 0.1;
        private int patience = 10;
        private int cooldown = 0;
        private double minLr = 0.0;

        private Builder() {
            super(1e-4);
        }

        /** New rate = rate * factor, in [0, 1); default 0.1. */
        public Builder factor(double factor) {
            this.factor = factor;
            return this;
        }

        /** Epochs without improvement before reducing; default 10. */
        public Builder patience(int patience) {
            this.patience = patience;
            return this;
        }

        /** Epochs to wait after a reduction before counting again; default 0. */
        public Builder cooldown(int cooldown) {
            this.cooldown = cooldown;
            return this;
        }

        /** Lower bound of the learning rate; default 0. */
        public Builder minLr(double minLr) {
            this.minLr = minLr;
            return this;
        }

        public ReduceLROnPlateau build() {
            return new ReduceLROnPlateau(this);
        }
    }
}
