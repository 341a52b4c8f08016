package org.keras4j.callbacks;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.backend.RandomState;
import org.keras4j.framework.callbacks.Callback;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.optimizers.Optimizer;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Configurable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fault tolerance for long training runs (Keras's {@code keras.callbacks.BackupAndRestore}): backs
 * up the training state to {@code backupDir} as it goes, and when the same program is started
 * again after the process died (even by SIGKILL), {@code fit} resumes from the last backup and
 * ends with the same weights, bit for bit, as a run that was never interrupted.
 *
 * <p>A backup is the model file (weights, optimizer slots and iteration count; see
 * {@link CheckpointSaver}) plus {@code training_state.json}: the epoch and batch to resume at, the
 * learning rate, the random generators' state ({@link Backend#randomState()}: shuffling, dropout)
 * and the state of every {@link StatefulCallback} of the fit (EarlyStopping's counter, best value
 * and best weights, ReduceLROnPlateau's counters, ModelCheckpoint's best, the rows CSVLogger and
 * PlotLogger have written, ...). Both files are
 * written atomically ({@link CheckpointFiles}); the state file is written last and names its model
 * file, and the previous model file is deleted only then, so a kill at any moment leaves a complete
 * backup. {@code fit} runs this callback's hooks after the other callbacks'
 * ({@link Callback#runsAfterOtherCallbacks()}), so it restores their state after they reset it
 * and snapshots it after they acted at an epoch end.
 *
 * <p>{@code saveFreq="epoch"} (default) backs up at each epoch end; an integer {@code N} backs up
 * every N training batches, and a resumed run then skips the batches already done in that epoch
 * (the epoch's shuffle is redrawn identically). When training ends normally and
 * {@code deleteCheckpoint} is true (default) the backup is deleted, so the next start trains from
 * scratch. The model must be built before {@code fit}, and its layers registered (the model file
 * holds its config).
 *
 * <p>Unlike weights and optimizer state, the running training metrics of a partly done epoch are
 * not backed up: after a batch-frequency resume, that epoch's training {@code loss}/metrics average
 * only the batches run after the resume (validation metrics are unaffected). Monitor
 * {@code val_*} values to keep callbacks' decisions identical.
 *
 * <pre>{@code
 * Backend.setRandomSeed(42);
 * model.fit(x, y, FitOptions.epochs(50).validationSplit(0.1)
 *         .callbacks(new BackupAndRestore("/tmp/backup"), EarlyStopping.builder().patience(5).build()));
 * }</pre>
 */
public final class BackupAndRestore extends Callback implements Configurable {
    private static final Logger LOG = LoggerFactory.getLogger(BackupAndRestore.class);
    static final String STATE_FILE = "training_state.json";
    private static final String FORMAT = "keras4j-backup";
    private static final int VERSION = 1;
    private static final String MODEL_PREFIX = "backup-";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String backupDir;
    private final int saveFreq; // 0 means "epoch"
    private final boolean deleteCheckpoint;
    private final CheckpointSaver saver;

    private int currentEpoch;
    private int batchesSeenSinceLastSaving;
    private int lastBatchSeen;
    private RandomState epochStartRandom;
    private long generation;
    private String currentModelFile;
    private Double pendingLearningRate;
    private int pendingEpoch = -1;
    private int restoredEpoch = -1;
    private int restoredStep;

    /** Backs up at every epoch end into {@code backupDir}, deleted when training completes. */
    public BackupAndRestore(String backupDir) {
        this(backupDir, "epoch", true);
    }

    /** @param saveFreq {@code "epoch"} or the text of a positive number of batches */
    public BackupAndRestore(String backupDir, Object saveFreq, boolean deleteCheckpoint) {
        this(backupDir, saveFreq, deleteCheckpoint, CheckpointSaver.modelFiles());
    }

    /** With a custom {@link CheckpointSaver} for the model file. */
    public BackupAndRestore(String backupDir, Object saveFreq, boolean deleteCheckpoint, CheckpointSaver saver) {
        if (backupDir == null || backupDir.isEmpty()) {
            throw new IllegalArgumentException("BackupAndRestore: empty backup_dir argument passed; give the directory that holds the backup");
        }
        this.backupDir = backupDir;
        this.saveFreq = parseFreq(saveFreq);
        this.deleteCheckpoint = deleteCheckpoint;
        if (saver == null) {
            throw new IllegalArgumentException("BackupAndRestore: saver must not be null");
        }
        this.saver = saver;
    }

    private static int parseFreq(Object f) {
        if ("epoch".equals(f)) {
            return 0;
        }
        if (f instanceof Integer n && n > 0) {
            return n;
        }
        throw new IllegalArgumentException("BackupAndRestore: invalid value for argument save_freq. Received: save_freq=" + f
                + ". Expected either \"epoch\" or a positive integer (a number of batches)");
    }

    /** Rebuilds from {@link #getConfig()}; registered as {@code "BackupAndRestore"}. */
    public static BackupAndRestore fromConfig(Config c) {
        Object freq = c.raw("save_freq");
        return new BackupAndRestore(c.getString("backup_dir"), freq == null ? "epoch" : freq, c.getBoolean("delete_checkpoint", true));
    }

    @Override
    public boolean runsAfterOtherCallbacks() {
        return true;
    }

    private Path dir() {
        return Path.of(backupDir);
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        Model model = requireModel();
        if (model.weights().isEmpty()) {
            throw new IllegalStateException("To use the BackupAndRestore callback, the model must be built before fit(): "
                    + "give the model an Input, or call it on data once");
        }
        batchesSeenSinceLastSaving = 0;
        lastBatchSeen = -1;
        pendingLearningRate = null;
        pendingEpoch = -1;
        restoredEpoch = -1;
        restoredStep = 0;
        generation = 0;
        currentModelFile = null;
        Path state = dir().resolve(STATE_FILE);
        try {
            if (Files.isRegularFile(state)) {
                restore(model, state);
            }
            removeStaleFiles();
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore: cannot read the backup in " + dir() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        currentEpoch = epoch;
        // The host generator as it is before this epoch's shuffle: a batch-level backup resumes from it.
        epochStartRandom = Backend.randomState();
        if (pendingLearningRate != null && epoch == pendingEpoch) {
            // Resuming mid-epoch: undo any rate change the other callbacks' onEpochBegin just made a second time.
            requireModel().optimizer().setLearningRate(pendingLearningRate);
        }
        pendingLearningRate = null;
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        if (saveFreq == 0) {
            return;
        }
        int added = batch <= lastBatchSeen ? batch + 1 : batch - lastBatchSeen;
        batchesSeenSinceLastSaving += added;
        lastBatchSeen = batch;
        if (batchesSeenSinceLastSaving >= saveFreq) {
            batchesSeenSinceLastSaving = 0;
            RandomState now = Backend.randomState();
            RandomState mixed = new RandomState(epochStartRandom.hostSeed(), epochStartRandom.hostHasGaussian(),
                    epochStartRandom.hostNextGaussianBits(), now.nativeRootState(), now.nativeNodeState());
            backup(currentEpoch, batch + 1, mixed);
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        lastBatchSeen = -1;
        if (saveFreq == 0) {
            backup(epoch + 1, 0, Backend.randomState());
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (!deleteCheckpoint) {
            return;
        }
        try {
            Files.deleteIfExists(dir().resolve(STATE_FILE));
            deleteOurFiles(null);
            try {
                Files.deleteIfExists(dir());
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // The directory holds files of the user's: keep it.
            }
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore: cannot delete the backup in " + dir() + ": " + e.getMessage(), e);
        }
    }

    // ---- writing ----

    private void backup(int resumeEpoch, int resumeStep, RandomState random) {
        Model model = requireModel();
        String previous = currentModelFile;
        String modelFile = MODEL_PREFIX + (++generation) + ".keras";
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("format", FORMAT);
        s.put("version", VERSION);
        s.put("model_file", modelFile);
        s.put("epoch", resumeEpoch);
        s.put("step", resumeStep);
        s.put("stop_training", model.isStopTraining());
        Optimizer opt = model.optimizer();
        s.put("learning_rate", opt != null && opt.schedule() == null ? opt.currentLearningRate() : null);
        s.put("batches_seen_since_last_saving", batchesSeenSinceLastSaving);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("host_seed", random.hostSeed());
        r.put("host_has_gaussian", random.hostHasGaussian());
        r.put("host_next_gaussian_bits", random.hostNextGaussianBits());
        r.put("native_root_state", random.nativeRootState());
        r.put("native_node_state", random.nativeNodeState());
        s.put("random", r);
        List<Object> states = new ArrayList<>();
        for (Map.Entry<String, StatefulCallback> e : statefulCallbacks(model).entrySet()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("callback", e.getKey());
            entry.put("state", StateCodec.encode(e.getValue().state()));
            states.add(entry);
        }
        s.put("callbacks", states);
        try {
            CheckpointFiles.write(dir().resolve(modelFile), tmp -> saver.save(model, tmp, false));
            byte[] json = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(s);
            // The state file names its model file: until it is renamed into place the previous backup stays whole.
            CheckpointFiles.write(dir().resolve(STATE_FILE), tmp -> Files.write(tmp, json));
            currentModelFile = modelFile;
            if (previous != null) {
                Files.deleteIfExists(dir().resolve(previous));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("BackupAndRestore: cannot write the backup to " + dir() + ": " + e.getMessage(), e);
        }
    }

    /** The fit's stateful callbacks (but this one) keyed by class name and index among that class. */
    private Map<String, StatefulCallback> statefulCallbacks(Model model) {
        Map<String, StatefulCallback> out = new LinkedHashMap<>();
        Map<String, Integer> counts = new HashMap<>();
        for (Callback c : model.fitCallbacks()) {
            if (c != this && c instanceof StatefulCallback sc) {
                String name = c.getClass().getSimpleName();
                int k = counts.merge(name, 1, Integer::sum) - 1;
                out.put(name + "#" + k, sc);
            }
        }
        return out;
    }

    // ---- reading ----

    private void restore(Model model, Path stateFile) throws IOException {
        Map<?, ?> s = JSON.readValue(stateFile.toFile(), Map.class);
        if (!FORMAT.equals(s.get("format")) || !(s.get("version") instanceof Integer v) || v > VERSION) {
            throw new IOException(stateFile + " is not a Keras4J backup state file of version <= " + VERSION);
        }
        String modelFile = String.valueOf(s.get("model_file"));
        if (!modelFile.startsWith(MODEL_PREFIX) || modelFile.contains("/") || modelFile.contains("\\") || modelFile.contains("..")) {
            throw new IOException(stateFile + " names an invalid model file: " + modelFile);
        }
        saver.restore(model, dir().resolve(modelFile));
        currentModelFile = modelFile;
        generation = Long.parseLong(modelFile.substring(MODEL_PREFIX.length(), modelFile.length() - ".keras".length()));
        Double lr = StateValues.asDouble(s.get("learning_rate"));
        if (lr != null && model.optimizer() != null) {
            model.optimizer().setLearningRate(lr);
        }
        Map<String, StatefulCallback> current = statefulCallbacks(model);
        for (Object o : (List<?>) s.get("callbacks")) {
            Map<?, ?> entry = (Map<?, ?>) o;
            String key = String.valueOf(entry.get("callback"));
            StatefulCallback target = current.get(key);
            if (target == null) {
                LOG.warn("BackupAndRestore: the backup holds the state of callback {}, which this fit does not have; it is ignored", key);
                continue;
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> state = (Map<String, Object>) StateCodec.decode(entry.get("state"));
            target.restoreState(state);
        }
        Map<?, ?> r = (Map<?, ?>) s.get("random");
        Backend.setRandomState(new RandomState(StateValues.asLong(r.get("host_seed")), StateValues.asBoolean(r.get("host_has_gaussian")),
                StateValues.asLong(r.get("host_next_gaussian_bits")), StateValues.asLong(r.get("native_root_state")),
                StateValues.asLong(r.get("native_node_state"))));
        int epoch = StateValues.asInt(s.get("epoch"));
        int step = StateValues.asInt(s.get("step"));
        batchesSeenSinceLastSaving = StateValues.asInt(s.get("batches_seen_since_last_saving"));
        lastBatchSeen = step - 1;
        boolean stopped = StateValues.asBoolean(s.get("stop_training"));
        int epochs = params().get("epochs") instanceof Integer n ? n : Integer.MAX_VALUE;
        if (stopped) {
            // The interrupted run had already been told to stop (EarlyStopping): it trains no further.
            model.resumeAt(epochs, 0);
        } else {
            model.resumeAt(epoch, step);
            if (step > 0) {
                pendingLearningRate = lr;
                pendingEpoch = epoch;
            }
        }
        restoredEpoch = epoch;
        restoredStep = step;
        LOG.info("BackupAndRestore: restored the backup in {}; resuming at epoch {} batch {}", dir(), epoch + 1, step + 1);
    }

    /** Removes temporary files of interrupted writes and model files no backup refers to. */
    private void removeStaleFiles() throws IOException {
        if (Files.isDirectory(dir())) {
            deleteOurFiles(currentModelFile);
        }
    }

    private void deleteOurFiles(String keep) throws IOException {
        if (!Files.isDirectory(dir())) {
            return;
        }
        List<Path> doomed = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir())) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String target = CheckpointFiles.temporaryTarget(f);
                boolean ours = (name.startsWith(MODEL_PREFIX) && name.endsWith(".keras"))
                        || (target != null && (target.endsWith(".keras") || target.equals(STATE_FILE)));
                if (ours && !name.equals(keep)) {
                    doomed.add(f);
                }
            }
        }
        for (Path f : doomed) {
            Files.deleteIfExists(f);
        }
    }

    private Model requireModel() {
        if (model() == null) {
            throw new IllegalStateException("BackupAndRestore has no model: pass it to fit() in FitOptions.callbacks(...)");
        }
        return model();
    }

    /** The epoch (0-based) the last restore resumed at, or -1 if this fit started afresh. */
    public int restoredEpoch() {
        return restoredEpoch;
    }

    /** The batches of {@link #restoredEpoch()} the last restore skipped. */
    public int restoredStep() {
        return restoredStep;
    }

    public String backupDir() {
        return backupDir;
    }

    /** {@code "epoch"} or the number of batches between backups. */
    public Object saveFreq() {
        return saveFreq == 0 ? "epoch" : saveFreq;
    }

    public boolean deleteCheckpoint() {
        return deleteCheckpoint;
    }

    @Override
    public String className() {
        return "BackupAndRestore";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backup_dir", backupDir);
        m.put("save_freq", saveFreq());
        m.put("delete_checkpoint", deleteCheckpoint);
        return m;
    }
}
