package org.keras4j.callbacks;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keras4j.framework.callbacks.Callback;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Configurable;

/**
 * Stops training as soon as a batch's loss is NaN or infinite (Keras's
 * {@code keras.callbacks.TerminateOnNaN}).
 *
 * <p>At every {@code onTrainBatchEnd} it reads {@code logs["loss"]} (the epoch's running loss);
 * when that is not finite it prints {@code Batch N: Invalid loss, terminating training} and calls
 * {@code model().setStopTraining(true)}, so {@code fit} ends after this batch, still calling
 * {@code onEpochEnd} and {@code onTrainEnd}. Logs without a {@code loss} key are ignored.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.epochs(100).callbacks(new TerminateOnNaN()));
 * }</pre>
 *
 * <p>Registered as callback {@code "TerminateOnNaN"}; its config is empty.
 */
public final class TerminateOnNaN extends Callback implements Configurable {
    private final PrintStream out;

    /** Prints its message on the model's output stream ({@code Model.output()}). */
    public TerminateOnNaN() {
        this.out = null;
    }

    /** @param out where the termination message is printed */
    public TerminateOnNaN(PrintStream out) {
        if (out == null) {
            throw new IllegalArgumentException("TerminateOnNaN: out must not be null");
        }
        this.out = out;
    }

    /** Rebuilds the callback from its (empty) config. */
    public static TerminateOnNaN fromConfig(Config c) {
        return new TerminateOnNaN();
    }

    @Override
    public String className() {
        return "TerminateOnNaN";
    }

    @Override
    public Map<String, Object> getConfig() {
        return new LinkedHashMap<>();
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        Double loss = logs == null ? null : logs.get("loss");
        if (loss != null && !Double.isFinite(loss)) {
            (out != null ? out : model().output()).println("Batch " + batch + ": Invalid loss, terminating training");
            if (model() == null) {
                throw new IllegalStateException("TerminateOnNaN: no model is set, so training cannot be stopped; "
                        + "pass the callback to fit()");
            }
            model().setStopTraining(true);
        }
    }
}
