package org.keras4j.callbacks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Configurable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Stops training when a monitored quantity has stopped improving (Keras's
 * {@code keras.callbacks.EarlyStopping}).
 *
 * <p>At each epoch end with the value present and {@code epoch >= startFromEpoch}, a wait counter
 * is incremented; an improvement over the best value (by more than {@code minDelta}, see
 * {@link MonitorCallback#improved}) records it as the best and, when it also beats
 * {@code baseline} (or there is none), resets the counter. Otherwise, once
 * {@code wait >= patience} (and not on epoch 0) the model is asked to stop. With
 * {@code restoreBestWeights} the weights of the best epoch are copied at that epoch's end and put
 * back when training ends, whether or not it stopped early. State is reset in
 * {@link #onTrainBegin}, so an instance can be reused for several {@code fit} calls.
 *
 * <p>Arguments and defaults: {@code monitor="val_loss"}, {@code min_delta=0}, {@code patience=0}
 * (≥ 0), {@code verbose=0} (1 prints when stopping/restoring), {@code mode="auto"},
 * {@code baseline=null}, {@code restore_best_weights=false}, {@code start_from_epoch=0} (≥ 0).
 *
 * <pre>{@code
 * EarlyStopping stop = EarlyStopping.builder().monitor("val_loss").patience(3).restoreBestWeights(true).build();
 * model.fit(x, y, FitOptions.epochs(100).validationSplit(0.2).callbacks(stop));
 * }</pre>
 */
public final class EarlyStopping extends MonitorCallback implements Configurable, StatefulCallback {
    private final int patience;
    private final int verbose;
    private final Double baseline;
    private final boolean restoreBestWeights;
    private final int startFromEpoch;

    private int wait;
    private int stoppedEpoch;
    private int bestEpoch;
    private List<INDArray> bestWeights;

    /** All Keras defaults: monitor {@code val_loss}, patience 0. */
    public EarlyStopping() {
        this(builder());
    }

    /** The common case: stop after {@code patience} epochs without improvement of {@code monitor}. */
    public EarlyStopping(String monitor, int patience) {
        this(builder().monitor(monitor).patience(patience));
    }

    private EarlyStopping(Builder b) {
        super(b.monitor, b.mode, b.minDelta);
        if (b.patience < 0) {
            throw new IllegalArgumentException("EarlyStopping: patience must be a non-negative integer, received patience=" + b.patience);
        }
        if (b.verbose < 0) {
            throw new IllegalArgumentException("EarlyStopping: verbose must be 0 or 1, received verbose=" + b.verbose);
        }
        if (b.baseline != null && !Double.isFinite(b.baseline)) {
            throw new IllegalArgumentException("EarlyStopping: baseline must be a finite number or null, received baseline=" + b.baseline);
        }
        if (b.startFromEpoch < 0) {
            throw new IllegalArgumentException("EarlyStopping: start_from_epoch must be a non-negative integer, received start_from_epoch="
                    + b.startFromEpoch);
        }
        this.patience = b.patience;
        this.verbose = b.verbose;
        this.baseline = b.baseline;
        this.restoreBestWeights = b.restoreBestWeights;
        this.startFromEpoch = b.startFromEpoch;
    }

    /** A builder holding the Keras defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Rebuilds from {@link #getConfig()} (Keras keys); registered as {@code "EarlyStopping"}. */
    public static EarlyStopping fromConfig(Config c) {
        return builder()
                .monitor(c.getString("monitor", "val_loss"))
                .minDelta(c.getDouble("min_delta", 0))
                .patience(c.getInt("patience", 0))
                .verbose(c.getInt("verbose", 0))
                .mode(c.getString("mode", "auto"))
                .baseline(c.getNullableDouble("baseline", null))
                .restoreBestWeights(c.getBoolean("restore_best_weights", false))
                .startFromEpoch(c.getInt("start_from_epoch", 0))
                .build();
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        super.onTrainBegin(logs);
        wait = 0;
        stoppedEpoch = 0;
        bestEpoch = 0;
        bestWeights = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Double current = monitorValue(logs);
        if (current == null || epoch < startFromEpoch) {
            return;
        }
        if (restoreBestWeights && bestWeights == null) {
            // Nothing recorded yet: the current weights are the best known.
            bestWeights = requireModel().getWeights();
            bestEpoch = epoch;
        }
        wait++;
        if (improved(current, best())) {
            setBest(current);
            bestEpoch = epoch;
            if (restoreBestWeights) {
                bestWeights = requireModel().getWeights();
            }
            // The counter restarts only when the value beats both the previous best and the baseline.
            if (baseline == null || improved(current, baseline)) {
                wait = 0;
            }
            return;
        }
        if (wait >= patience && epoch > 0) {
            stoppedEpoch = epoch;
            requireModel().setStopTraining(true);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (stoppedEpoch > 0 && verbose > 0) {
            requireModel().output().println("Epoch " + (stoppedEpoch + 1) + ": early stopping");
        }
        if (restoreBestWeights && bestWeights != null) {
            if (verbose > 0) {
                requireModel().output().println("Restoring model weights from the end of the best epoch: " + (bestEpoch + 1) + ".");
            }
            requireModel().setWeights(bestWeights);
        }
    }

    private Model requireModel() {
        if (model() == null) {
            throw new IllegalStateException("EarlyStopping has no model: pass it to fit() in FitOptions.callbacks(...), "
                    + "or call setModel() before calling its hooks directly");
        }
        return model();
    }

    @Override
    protected String actionDescription() {
        return "Early stopping";
    }

    /** Counters, best value and epoch, and the best weights (with restoreBestWeights), for {@link BackupAndRestore}. */
    @Override
    public Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("wait", wait);
        s.put("stopped_epoch", stoppedEpoch);
        s.put("best_epoch", bestEpoch);
        s.put("best", best());
        s.put("best_weights", bestWeights);
        return s;
    }

    @Override
    public void restoreState(Map<String, Object> s) {
        wait = StateValues.asInt(s.get("wait"));
        stoppedEpoch = StateValues.asInt(s.get("stopped_epoch"));
        bestEpoch = StateValues.asInt(s.get("best_epoch"));
        setBest(StateValues.asDouble(s.get("best")));
        bestWeights = StateValues.asArrays(s.get("best_weights"));
    }

    /** Epochs since the last improvement that reset the counter. */
    public int waitCount() {
        return wait;
    }

    /** The (0-based) epoch at which training was stopped, 0 if it was not. */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** The (0-based) epoch of the best value seen. */
    public int bestEpoch() {
        return bestEpoch;
    }

    public int patience() {
        return patience;
    }

    public Double baseline() {
        return baseline;
    }

    public boolean restoreBestWeights() {
        return restoreBestWeights;
    }

    public int startFromEpoch() {
        return startFromEpoch;
    }

    public int verbose() {
        return verbose;
    }

    @Override
    public String className() {
        return "EarlyStopping";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("monitor", monitor());
        m.put("min_delta", minDelta());
        m.put("patience", patience);
        m.put("verbose", verbose);
        m.put("mode", mode());
        m.put("baseline", baseline);
        m.put("restore_best_weights", restoreBestWeights);
        m.put("start_from_epoch", startFromEpoch);
        return m;
    }

    /** Optional arguments of {@link EarlyStopping}, each starting at its Keras default. */
    public static final class Builder extends MonitorCallback.Builder<Builder> {
        private int patience = 0;
        private Double baseline;
        private boolean restoreBestWeights;
        private int startFromEpoch = 0;

        private Builder() {
            super(0);
        }

        /** Epochs without improvement before stopping; default 0. */
        public Builder patience(int patience) {
            this.patience = patience;
            return this;
        }

        /** A value the monitored quantity must beat for the wait counter to reset; default null (none). */
        public Builder baseline(Double baseline) {
            this.baseline = baseline;
            return this;
        }

        /** Put back the best epoch's weights when training ends; default false. */
        public Builder restoreBestWeights(boolean restore) {
            this.restoreBestWeights = restore;
            return this;
        }

        /** Epochs to train before monitoring starts (warm-up); default 0. */
        public Builder startFromEpoch(int epoch) {
            this.startFromEpoch = epoch;
            return this;
        }

        public EarlyStopping build() {
            return new EarlyStopping(this);
        }
    }
}
