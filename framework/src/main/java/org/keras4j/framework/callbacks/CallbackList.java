package org.keras4j.framework.callbacks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.keras4j.framework.models.Model;

/** Calls each hook on every callback, in order (Keras's {@code CallbackList}). */
public final class CallbackList extends Callback {
    private final List<Callback> callbacks;

    public CallbackList(List<? extends Callback> callbacks, Model model, Map<String, Object> params) {
        this.callbacks = new ArrayList<>(callbacks);
        setModel(model);
        setParams(params);
        for (Callback c : this.callbacks) {
            c.setModel(model);
            c.setParams(params);
        }
    }

    public List<Callback> callbacks() {
        return callbacks;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        dispatch(c -> c.onTrainBegin(logs));
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        dispatch(c -> c.onTrainEnd(logs));
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        dispatch(c -> c.onEpochBegin(epoch, logs));
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        dispatch(c -> c.onEpochEnd(epoch, logs));
    }

    @Override
    public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
        dispatch(c -> c.onTrainBatchBegin(batch, logs));
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        dispatch(c -> c.onTrainBatchEnd(batch, logs));
    }

    @Override
    public void onTestBegin(Map<String, Double> logs) {
        dispatch(c -> c.onTestBegin(logs));
    }

    @Override
    public void onTestEnd(Map<String, Double> logs) {
        dispatch(c -> c.onTestEnd(logs));
    }

    @Override
    public void onTestBatchBegin(int batch, Map<String, Double> logs) {
        dispatch(c -> c.onTestBatchBegin(batch, logs));
    }

    @Override
    public void onTestBatchEnd(int batch, Map<String, Double> logs) {
        dispatch(c -> c.onTestBatchEnd(batch, logs));
    }

    @Override
    public void onPredictBegin(Map<String, Double> logs) {
        dispatch(c -> c.onPredictBegin(logs));
    }

    @Override
    public void onPredictEnd(Map<String, Double> logs) {
        dispatch(c -> c.onPredictEnd(logs));
    }

    @Override
    public void onPredictBatchBegin(int batch, Map<String, Double> logs) {
        dispatch(c -> c.onPredictBatchBegin(batch, logs));
    }

    @Override
    public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
        dispatch(c -> c.onPredictBatchEnd(batch, logs));
    }

    /** Calls {@code hook} on each callback in list order; an exception stops the loop and propagates. */
    private void dispatch(Consumer<Callback> hook) {
        for (Callback c : callbacks) {
            hook.accept(c);
        }
    }
}
