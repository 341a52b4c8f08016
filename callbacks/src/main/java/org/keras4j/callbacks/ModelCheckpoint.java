package org.keras4j.callbacks;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Configurable;

/**
 * Saves the model, or its weights, during training (Keras's {@code keras.callbacks.ModelCheckpoint}).
 *
 * <p>When it saves: with {@code saveFreq="epoch"} (default) at every epoch end; with an integer
 * {@code saveFreq = N} after every N training batches, counted across epochs. With
 * {@code saveBestOnly} it saves only when the monitored value improves on the best so far (see
 * {@link MonitorCallback}); a missing monitored key warns once and skips. The best value starts at
 * {@code initialValueThreshold} (none by default) and, as in Keras, is kept across {@code fit}
 * calls on the same instance, so a later fit overwrites the file only with a better model.
 *
 * <p>Where: {@code filepath} is a {@link FilepathTemplate} filled with {@code epoch} (1-based),
 * {@code batch} (1-based, for batch-frequency saves) and the logs of the moment (epoch logs with
 * {@code val_*} at epoch end, the running training values at a batch end), e.g.
 * {@code "ckpt-{epoch:02d}-{val_loss:.4f}.keras"}. As in Keras 3 a full save needs a
 * {@code .keras} name and a weights-only save a {@code .weights.h5} name (the content is Keras4J's
 * model file format in both cases; load it with {@code Models.load} / {@code model.loadWeights}).
 *
 * <p>How: every write goes through {@link CheckpointFiles}: a temporary file in the same
 * directory, fsync, atomic rename. A process killed mid-save leaves the previous checkpoint intact.
 *
 * <p>Arguments and defaults: {@code filepath} (required), {@code monitor="val_loss"},
 * {@code verbose=0} (1 prints each save, on the model's output stream), {@code save_best_only=false},
 * {@code save_weights_only=false}, {@code mode="auto"}, {@code save_freq="epoch"} or an integer
 * &gt; 0, {@code initial_value_threshold=null}; Keras4J also takes {@code min_delta} (0) and a
 * {@link CheckpointSaver} (the framework's model files).
 *
 * <pre>{@code
 * ModelCheckpoint best = ModelCheckpoint.builder("best.keras").monitor("val_accuracy").saveBestOnly(true).build();
 * model.fit(x, y, FitOptions.epochs(20).validationSplit(0.1).callbacks(best));
 * Model m = Models.load(Path.of("best.keras"));
 * }</pre>
 */
public final class ModelCheckpoint extends MonitorCallback implements Configurable, StatefulCallback {
    private final FilepathTemplate filepath;
    private final int verbose;
    private final boolean saveBestOnly;
    private final boolean saveWeightsOnly;
    private final int saveFreq; // 0 means "epoch"
    private final Double initialValueThreshold;
    private final CheckpointSaver saver;

    private int currentEpoch;
    private int batchesSeenSinceLastSaving;
    private int lastBatchSeen;
    private Path lastSaved;

    /** Saves the full model to {@code filepath} at every epoch end. */
    public ModelCheckpoint(String filepath) {
        this(builder(filepath));
    }

    /** Saves the model with the best {@code monitor} value seen so far to {@code filepath}. */
    public ModelCheckpoint(String filepath, String monitor, boolean saveBestOnly) {
        this(builder(filepath).monitor(monitor).saveBestOnly(saveBestOnly));
    }

    private ModelCheckpoint(Builder b) {
        super(b.monitor, b.mode, b.minDelta);
        this.filepath = new FilepathTemplate(b.filepath);
        if (b.saveWeightsOnly) {
            if (!b.filepath.endsWith(".weights.h5")) {
                throw new IllegalArgumentException("When using save_weights_only=true in ModelCheckpoint, the filepath provided must end in "
                        + "`.weights.h5` (Keras weights format). Received: filepath=" + b.filepath);
            }
        } else if (!b.filepath.endsWith(".keras")) {
            throw new IllegalArgumentException("The filepath provided to ModelCheckpoint must end in `.keras` (Keras model format), or use "
                    + "save_weights_only=true with a `.weights.h5` name. Received: filepath=" + b.filepath);
        }
        if (b.saveFreq < 0) {
            throw new IllegalArgumentException("ModelCheckpoint: unrecognized save_freq=" + b.saveFreq
                    + ". Expected save_freq are \"epoch\" or a positive integer (a number of batches)");
        }
        if (b.verbose < 0) {
            throw new IllegalArgumentException("ModelCheckpoint: verbose must be 0 or 1, received verbose=" + b.verbose);
        }
        if (b.initialValueThreshold != null && Double.isNaN(b.initialValueThreshold)) {
            throw new IllegalArgumentException("ModelCheckpoint: initial_value_threshold must be a number or null, received NaN");
        }
        if (b.saver == null) {
            throw new IllegalArgumentException("ModelCheckpoint: saver must not be null");
        }
        this.verbose = b.verbose;
        this.saveBestOnly = b.saveBestOnly;
        this.saveWeightsOnly = b.saveWeightsOnly;
        this.saveFreq = b.saveFreq;
        this.initialValueThreshold = b.initialValueThreshold;
        this.saver = b.saver;
        setBest(initialValueThreshold);
    }

    /** A builder for {@code filepath} holding the Keras defaults. */
    public static Builder builder(String filepath) {
        return new Builder(filepath);
    }

    /** Rebuilds from {@link #getConfig()} (Keras keys); registered as {@code "ModelCheckpoint"}. */
    public static ModelCheckpoint fromConfig(Config c) {
        Builder b = builder(c.getString("filepath"))
                .monitor(c.getString("monitor", "val_loss"))
                .verbose(c.getInt("verbose", 0))
                .saveBestOnly(c.getBoolean("save_best_only", false))
                .saveWeightsOnly(c.getBoolean("save_weights_only", false))
                .mode(c.getString("mode", "auto"))
                .initialValueThreshold(c.getNullableDouble("initial_value_threshold", null))
                .minDelta(c.getDouble("min_delta", 0));
        Object freq = c.raw("save_freq");
        if (freq == null || "epoch".equals(freq)) {
            b.saveFreq("epoch");
        } else if (freq instanceof Integer n) {
            b.saveFreq(n);
        } else {
            throw new IllegalArgumentException("ModelCheckpoint: unrecognized save_freq=" + freq
                    + ". Expected save_freq are \"epoch\" or a positive integer (a number of batches)");
        }
        return b.build();
    }

    /** {@inheritDoc} Unlike the other monitor callbacks, the best value carries over to the next fit, as in Keras. */
    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        Double keep = best();
        super.onTrainBegin(logs);
        setBest(keep);
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        currentEpoch = epoch;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        if (shouldSaveOnBatch(batch)) {
            save(currentEpoch, batch, logs);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (saveFreq == 0) {
            save(epoch, -1, logs);
        }
    }

    /** Keras's batch counting: batches since the last save, across epoch boundaries. */
    private boolean shouldSaveOnBatch(int batch) {
        if (saveFreq == 0) {
            return false;
        }
        int added = batch <= lastBatchSeen ? batch + 1 : batch - lastBatchSeen; // a new epoch starts at batch 0
        batchesSeenSinceLastSaving += added;
        lastBatchSeen = batch;
        if (batchesSeenSinceLastSaving >= saveFreq) {
            batchesSeenSinceLastSaving = 0;
            return true;
        }
        return false;
    }

    private void save(int epoch, int batch, Map<String, Double> logs) {
        Path path = Path.of(filePath(epoch, batch, logs));
        if (saveBestOnly) {
            Double current = monitorValue(logs);
            if (current == null) {
                return;
            }
            if (!improved(current, best())) {
                if (verbose > 0) {
                    out().printf(Locale.ROOT, "%nEpoch %d: %s did not improve from %s%n", epoch + 1, monitor(), formatBest(best()));
                }
                return;
            }
            if (verbose > 0) {
                out().printf(Locale.ROOT, "%nEpoch %d: %s improved from %s to %.5f, saving model to %s%n", epoch + 1, monitor(),
                        formatBest(best()), current, path);
            }
            setBest(current);
        } else if (verbose > 0) {
            out().printf(Locale.ROOT, "%nEpoch %d: saving model to %s%n", epoch + 1, path);
        }
        write(path);
    }

    private String formatBest(Double b) {
        return b != null ? String.format(Locale.ROOT, "%.5f", b) : maximizes() ? "-inf" : "inf";
    }

    /** The path for a save at {@code epoch} (0-based) and {@code batch} (0-based, or -1 at an epoch end). */
    String filePath(int epoch, int batch, Map<String, Double> logs) {
        Map<String, Object> values = new LinkedHashMap<>();
        if (logs != null) {
            values.putAll(logs);
        }
        values.put("epoch", epoch + 1);
        if (batch >= 0 && !values.containsKey("batch")) {
            values.put("batch", batch + 1);
        }
        return filepath.format(values);
    }

    private void write(Path path) {
        Model model = model();
        if (model == null) {
            throw new IllegalStateException("ModelCheckpoint has no model: pass it to fit() in FitOptions.callbacks(...)");
        }
        try {
            CheckpointFiles.write(path, tmp -> saver.save(model, tmp, saveWeightsOnly));
        } catch (IOException e) {
            throw new UncheckedIOException("ModelCheckpoint: cannot save to " + path + ": " + e.getMessage(), e);
        }
        lastSaved = path;
    }

    private PrintStream out() {
        return model() != null ? model().output() : System.out;
    }

    @Override
    protected String actionDescription() {
        return "Saving the best model";
    }

    /** The file written last, or null before the first save. */
    public Path lastSaved() {
        return lastSaved;
    }

    public String filepath() {
        return filepath.template();
    }

    public boolean saveBestOnly() {
        return saveBestOnly;
    }

    public boolean saveWeightsOnly() {
        return saveWeightsOnly;
    }

    /** {@code "epoch"} or the number of batches between saves. */
    public Object saveFreq() {
        return saveFreq == 0 ? "epoch" : saveFreq;
    }

    public Double initialValueThreshold() {
        return initialValueThreshold;
    }

    public int verbose() {
        return verbose;
    }

    @Override
    public Map<String, Object> state() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("best", best());
        s.put("current_epoch", currentEpoch);
        s.put("batches_seen_since_last_saving", batchesSeenSinceLastSaving);
        s.put("last_batch_seen", lastBatchSeen);
        return s;
    }

    @Override
    public void restoreState(Map<String, Object> s) {
        setBest(StateValues.asDouble(s.get("best")));
        currentEpoch = StateValues.asInt(s.get("current_epoch"));
        batchesSeenSinceLastSaving = StateValues.asInt(s.get("batches_seen_since_last_saving"));
        lastBatchSeen = StateValues.asInt(s.get("last_batch_seen"));
    }

    @Override
    public String className() {
        return "ModelCheckpoint";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("filepath", filepath.template());
        m.put("monitor", monitor());
        m.put("verbose", verbose);
        m.put("save_best_only", saveBestOnly);
        m.put("save_weights_only", saveWeightsOnly);
        m.put("mode", mode());
        m.put("save_freq", saveFreq());
        m.put("initial_value_threshold", initialValueThreshold);
        if (minDelta() != 0) {
            m.put("min_delta", minDelta());
        }
        return m;
    }

    /** Optional arguments of {@link ModelCheckpoint}, each starting at its Keras default. */
    public static final class Builder extends MonitorCallback.Builder<Builder> {
        private final String filepath;
        private boolean saveBestOnly;
        private boolean saveWeightsOnly;
        private int saveFreq;
        private Double initialValueThreshold;
        private CheckpointSaver saver = CheckpointSaver.modelFiles();

        private Builder(String filepath) {
            super(0);
            this.filepath = filepath;
        }

        /** Save only when the monitored value improves on the best so far; default false. */
        public Builder saveBestOnly(boolean v) {
            this.saveBestOnly = v;
            return this;
        }

        /** Save only the weights (filepath must end in {@code .weights.h5}); default false. */
        public Builder saveWeightsOnly(boolean v) {
            this.saveWeightsOnly = v;
            return this;
        }

        /** {@code "epoch"} (default): save at every epoch end. */
        public Builder saveFreq(String freq) {
            if (!"epoch".equals(freq)) {
                throw new IllegalArgumentException("ModelCheckpoint: unrecognized save_freq=\"" + freq
                        + "\". Expected save_freq are \"epoch\" or a positive integer (a number of batches)");
            }
            this.saveFreq = 0;
            return this;
        }

        /** Save after every {@code batches} training batches (counted across epochs). */
        public Builder saveFreq(int batches) {
            if (batches < 1) {
                throw new IllegalArgumentException("ModelCheckpoint: unrecognized save_freq=" + batches
                        + ". Expected save_freq are \"epoch\" or a positive integer (a number of batches)");
            }
            this.saveFreq = batches;
            return this;
        }

        /** The value the monitored quantity must beat for the first save with saveBestOnly; default null (none). */
        public Builder initialValueThreshold(Double v) {
            this.initialValueThreshold = v;
            return this;
        }

        /** How files are written and read; default the framework's model files. */
        public Builder saver(CheckpointSaver saver) {
            this.saver = saver;
            return this;
        }

        public ModelCheckpoint build() {
            return new ModelCheckpoint(this);
        }
    }
}
