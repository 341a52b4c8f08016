package org.keras4j.framework.callbacks;

import java.util.Map;
import org.keras4j.framework.models.Model;

/**
 * Hooks called by {@code fit}, {@code evaluate} and {@code predict}, as Keras's
 * {@code keras.callbacks.Callback}. Override the hooks you need; all do nothing by default.
 *
 * <p>{@code logs} maps metric names to values: in batch hooks the running values of the current
 * epoch, in {@link #onEpochEnd} the epoch's values including {@code val_*} entries. Epochs and
 * batches are counted from 0, as in Keras.
 */
public abstract class Callback {
    private Model model;
    private Map<String, Object> params = Map.of();

    /** Set by the training loop before {@code onTrainBegin}. */
    public void setModel(Model model) {
        this.model = model;
    }

    public Model model() {
        return model;
    }

    /** Run parameters: {@code epochs}, {@code steps} (batches per epoch), {@code verbose}. */
    public void setParams(Map<String, Object> params) {
        this.params = params;
    }

    public Map<String, Object> params() {
        return params;
    }

    /**
     * True for a callback that saves or restores the other callbacks' state (BackupAndRestore):
     * {@code fit} then calls its hooks after those of the other user callbacks, so its
     * {@code onTrainBegin} restores state the others have just reset, and its end-of-epoch
     * snapshot includes what they did at that epoch. Default false (the order given is kept).
     */
    public boolean runsAfterOtherCallbacks() {
        return false;
    }

    public void onTrainBegin(Map<String, Double> logs) {
    }

    public void onTrainEnd(Map<String, Double> logs) {
    }

    public void onEpochBegin(int epoch, Map<String, Double> logs) {
    }

    public void onEpochEnd(int epoch, Map<String, Double> logs) {
    }

    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
    }

    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
    }

    public void onTestBegin(Map<String, Double> logs) {
    }

    public void onTestEnd(Map<String, Double> logs) {
    }

    public void onTestBatchBegin(int batch, Map<String, Double> logs) {
    }

    public void onTestBatchEnd(int batch, Map<String, Double> logs) {
    }

    public void onPredictBegin(Map<String, Double> logs) {
    }

    public void onPredictEnd(Map<String, Double> logs) {
    }

    public void onPredictBatchBegin(int batch, Map<String, Double> logs) {
    }

    /** {@code logs} is empty here: Keras passes the batch's outputs, which do not fit a map of numbers. */
    public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
    }
}
