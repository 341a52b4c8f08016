package org.keras4j.callbacks;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.callbacks.Callback;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Configurable;

/**
 * Redraws a PNG of the training curves after every epoch, so a running fit can be watched in an
 * image viewer or a browser (Keras has no such callback; it is {@link TrainingCurves} on a timer).
 *
 * <p>The callback keeps its own record of each epoch's logs, independent of the {@code History}
 * that {@code fit} returns, and at every {@code onEpochEnd} rewrites {@code filename} atomically:
 * one panel per metric with {@code x} and {@code val_x} together, epochs 1-based on the x axis (see
 * {@link TrainingCurves}). A key missing from some epochs (validation every few epochs) is drawn
 * only at the epochs that have it. The record is cleared at {@code onTrainBegin}, so each fit draws
 * its own run; the directory must exist.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.epochs(50).validationSplit(0.2).callbacks(new PlotLogger("curves.png")));
 * }</pre>
 *
 * <ul>
 * <li>{@code filename}: the PNG's path.</li>
 * </ul>
 *
 * <p>Registered as callback {@code "PlotLogger"}; config key {@code filename}.
 */
public final class PlotLogger extends Callback implements Configurable, StatefulCallback {
    private final String filename;

    private final List<Integer> epochs = new ArrayList<>();
    private final Map<String, List<Double>> metrics = new LinkedHashMap<>();

    /** Draws to {@code filename}, overwriting it every epoch. */
    public PlotLogger(String filename) {
        if (filename == null || filename.isEmpty()) {
            throw new IllegalArgumentException("PlotLogger: filename must be a non-empty path, received filename="
                    + (filename == null ? null : "\"\""));
        }
        this.filename = filename;
    }

    /** Rebuilds a logger from {@link #getConfig()}. */
    public static PlotLogger fromConfig(Config c) {
        return new PlotLogger(c.getString("filename"));
    }

    @Override
    public String className() {
        return "PlotLogger";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("filename", filename);
        return c;
    }

    public String filename() {
        return filename;
    }

    /** The epochs recorded in the current run (0-based). */
    public List<Integer> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** Each key's values in the current run, one per epoch, NaN where an epoch lacked the key. */
    Map<String, List<Double>> recorded() {
        return Collections.unmodifiableMap(metrics);
    }

    /** The epochs and values recorded so far, so a run resumed by {@link BackupAndRestore} draws every epoch. */
    @Override
    public Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("epochs", new ArrayList<>(epochs));
        s.put("metrics", new LinkedHashMap<>(metrics));
        return s;
    }

    @Override
    public void restoreState(Map<String, Object> s) {
        epochs.clear();
        metrics.clear();
        for (Object e : (List<?>) s.get("epochs")) {
            epochs.add(StateValues.asInt(e));
        }
        for (Map.Entry<?, ?> e : ((Map<?, ?>) s.get("metrics")).entrySet()) {
            metrics.put(String.valueOf(e.getKey()), StateValues.asDoubles(e.getValue()));
        }
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        epochs.clear();
        metrics.clear();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        Map<String, Double> l = logs == null ? Map.of() : logs;
        int n = epochs.size();
        epochs.add(epoch);
        for (Map.Entry<String, Double> e : l.entrySet()) {
            // A key first seen now has no value in the earlier epochs.
            metrics.computeIfAbsent(e.getKey(), k -> new ArrayList<>(Collections.nCopies(n, Double.NaN)));
        }
        for (Map.Entry<String, List<Double>> e : metrics.entrySet()) {
            Double v = l.get(e.getKey());
            e.getValue().add(v == null ? Double.NaN : v);
        }
        if (!metrics.isEmpty()) {
            TrainingCurves.plot(epochs, metrics, Path.of(filename));
        }
    }
}
