package org.keras4j.framework.callbacks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * Records each epoch's logs; {@code fit} adds one automatically and returns it (Keras's
 * {@code History}). {@code history().get("val_loss")} is the validation loss per epoch.
 */
public final class History extends Callback {
    private final List<Integer> epochs = new ArrayList<>();
    private final Map<String, List<Double>> history = new LinkedHashMap<>();

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        // Keras keeps appending across fit calls on the same History; fit makes a new one each time.
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        epochs.add(epoch);
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            history.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue());
        }
    }

    /** Metric name to one value per epoch, in the order the metrics first appeared. */
    public Map<String, List<Double>> history() {
        return Collections.unmodifiableMap(history);
    }

    /** The values of one metric per epoch; an error listing the recorded names if absent. */
    public List<Double> get(String metric) {
        List<Double> v = history.get(metric);
        if (v == null) {
            throw new IllegalArgumentException("History has no metric '" + metric + "'; recorded: " + history.keySet());
        }
        return Collections.unmodifiableList(v);
    }

    /**
     * Writes a PNG of the training curves: one panel per metric, {@code x} and {@code val_x}
     * together, epochs on the x axis (1-based). The drawing comes from the {@code keras4j-callbacks}
     * module ({@link HistoryPlotter}, found with {@link ServiceLoader}); without it on the class path
     * this fails with an {@link IllegalStateException} saying so.
     *
     * <pre>{@code model.fit(x, y, FitOptions.epochs(20).validationSplit(0.1)).plot(Path.of("curves.png"));}</pre>
     */
    public void plot(Path png) {
        HistoryPlotter plotter = ServiceLoader.load(HistoryPlotter.class).findFirst().orElseThrow(() -> new IllegalStateException(
                "History.plot needs a HistoryPlotter: add the keras4j-callbacks module (it draws the curves with XChart) "
                        + "to the class path"));
        plotter.plot(this, png);
    }

    /** The epoch indices recorded (0-based). */
    public List<Integer> epochs() {
        return Collections.unmodifiableList(epochs);
    }
}
