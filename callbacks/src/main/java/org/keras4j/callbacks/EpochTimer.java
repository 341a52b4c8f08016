package org.keras4j.callbacks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.callbacks.Callback;

/**
 * Wall-clock seconds of every epoch, from {@code onEpochBegin} to {@code onEpochEnd}: what a Keras
 * epoch holds (shuffle, batching, every train step, and the validation pass when there is one).
 * Used by the examples' reports and the benchmarks.
 *
 * <pre>{@code
 * EpochTimer timer = new EpochTimer();
 * model.fit(x, y, FitOptions.epochs(3).callbacks(timer));
 * List<Double> seconds = timer.seconds();
 * }</pre>
 */
public class EpochTimer extends Callback {
    private final List<Double> seconds = new ArrayList<>();
    private long start;

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        start = System.nanoTime();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        seconds.add((System.nanoTime() - start) / 1e9);
    }

    /** The seconds of each epoch so far, in order (read-only). */
    public List<Double> seconds() {
        return Collections.unmodifiableList(seconds);
    }
}
