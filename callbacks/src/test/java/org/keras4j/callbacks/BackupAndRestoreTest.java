package org.keras4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras4j.framework.callbacks.Callback;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * BackupAndRestore in one JVM: a run that dies (an exception thrown from a callback, after which
 * the backup is left as a killed process would leave it) and is started again ends with the same
 * weights, bit for bit, as a run never interrupted. The SIGKILL version is {@link BackupAndRestoreKillTest}.
 */
class BackupAndRestoreTest {
    @TempDir
    Path dir;

    /** Throws once training reaches {@code (epoch, batch)}, as a crash would stop it. */
    static final class Crash extends Callback {
        private final int epoch;
        private final int batch;
        private int current;

        Crash(int epoch, int batch) {
            this.epoch = epoch;
            this.batch = batch;
        }

        @Override
        public void onEpochBegin(int e, Map<String, Double> logs) {
            current = e;
        }

        @Override
        public void onTrainBatchEnd(int b, Map<String, Double> logs) {
            if (current == epoch && b == batch) {
                throw new IllegalStateException("simulated crash");
            }
        }
    }

    private static void assertSameWeights(List<INDArray> expected, List<INDArray> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).dup().data().asFloat(), actual.get(i).dup().data().asFloat(), "weight " + i);
        }
    }

    private Map<?, ?> state(Path backup) throws IOException {
        return new ObjectMapper().readValue(backup.resolve(BackupAndRestore.STATE_FILE).toFile(), Map.class);
    }

    @Test
    void epochBackupsResumeToTheUninterruptedWeights() throws IOException {
        ResumableRun.Result reference = ResumableRun.train(dir.resolve("ref"), null, "epoch", CheckpointSaver.modelFiles(), List.of());
        // The best epoch comes after the crash below, so the final weights depend on the resumed epochs.
        assertTrue(reference.bestEpoch() > 3, "best epoch " + reference.bestEpoch());
        assertTrue(reference.learningRate() < 0.01, "ReduceLROnPlateau acted: " + reference.learningRate());
        assertFalse(Files.exists(dir.resolve("ref")), "delete_checkpoint removes the backup after a completed run");

        Path backup = dir.resolve("b");
        assertThrows(IllegalStateException.class,
                () -> ResumableRun.train(backup, null, "epoch", CheckpointSaver.modelFiles(), List.of(new Crash(3, 2))));
        Map<?, ?> s = state(backup);
        assertEquals(3, s.get("epoch")); // epochs 0..2 done
        assertEquals(0, s.get("step"));
        List<?> callbacks = (List<?>) s.get("callbacks");
        assertEquals(2, callbacks.size()); // EarlyStopping#0 and ReduceLROnPlateau#0
        // What a kill inside a save leaves: a checkpoint temporary, and the model saver's own temporary of it.
        Files.writeString(backup.resolve(".tmp-5e1f-training_state.json"), "{");
        Files.createTempFile(backup, "." + ".tmp-77aa-model-9.keras" + ".", ".tmp");
        ResumableRun.Result resumed = ResumableRun.train(backup, null, "epoch", CheckpointSaver.modelFiles(), List.of());
        assertSameWeights(reference.weights(), resumed.weights());
        assertEquals(reference.learningRate(), resumed.learningRate());
        assertFalse(Files.exists(backup), "the completed run deletes its backup, stray temporaries included");
    }

    @Test
    void batchBackupsSkipTheBatchesAlreadyDone() throws IOException {
        ResumableRun.Result reference = ResumableRun.train(dir.resolve("ref"), null, 3, CheckpointSaver.modelFiles(), List.of());
        assertTrue(reference.bestEpoch() > 3, "best epoch " + reference.bestEpoch());
        Path backup = dir.resolve("b");
        // 8 batches an epoch: the last backup before epoch 2 batch 6 is after batch 5 (the 21st batch overall).
        assertThrows(IllegalStateException.class,
                () -> ResumableRun.train(backup, null, 3, CheckpointSaver.modelFiles(), List.of(new Crash(2, 6))));
        Map<?, ?> s = state(backup);
        assertEquals(2, s.get("epoch"));
        assertEquals(5, s.get("step"));
        // Crash again right after the restore, mid-epoch, to resume twice.
        assertThrows(IllegalStateException.class,
                () -> ResumableRun.train(backup, null, 3, CheckpointSaver.modelFiles(), List.of(new Crash(3, 1))));
        ResumableRun.Result resumed = ResumableRun.train(backup, null, 3, CheckpointSaver.modelFiles(), List.of());
        assertSameWeights(reference.weights(), resumed.weights());
    }

    @Test
    void aMidEpochResumeDoesNotApplyAnEpochBeginScheduleTwice() {
        // lr * 0.8 at each epoch begin: on a mid-epoch resume the scheduler runs again for the resumed epoch,
        // and BackupAndRestore puts back the rate the interrupted epoch was using.
        List<Callback> schedule = List.of(new LearningRateScheduler((epoch, lr) -> epoch == 0 ? lr : lr * 0.8));
        ResumableRun.Result reference = ResumableRun.train(dir.resolve("ref"), null, 3, CheckpointSaver.modelFiles(), schedule);
        Path backup = dir.resolve("b");
        List<Callback> crashing = List.of(new LearningRateScheduler((epoch, lr) -> epoch == 0 ? lr : lr * 0.8), new Crash(2, 7));
        assertThrows(IllegalStateException.class, () -> ResumableRun.train(backup, null, 3, CheckpointSaver.modelFiles(), crashing));
        ResumableRun.Result resumed = ResumableRun.train(backup, null, 3, CheckpointSaver.modelFiles(), schedule);
        assertEquals(reference.learningRate(), resumed.learningRate());
        assertSameWeights(reference.weights(), resumed.weights());
    }

    @Test
    void csvLoggerOfAResumedRunHasEveryEpochOnce() throws IOException {
        Path refCsv = dir.resolve("ref.csv");
        ResumableRun.train(dir.resolve("ref"), null, "epoch", CheckpointSaver.modelFiles(), List.of(new CSVLogger(refCsv.toString())));
        Path csv = dir.resolve("run.csv");
        assertThrows(IllegalStateException.class, () -> ResumableRun.train(dir.resolve("b"), null, "epoch", CheckpointSaver.modelFiles(),
                List.of(new CSVLogger(csv.toString()), new Crash(3, 2))));
        ResumableRun.train(dir.resolve("b"), null, "epoch", CheckpointSaver.modelFiles(), List.of(new CSVLogger(csv.toString())));
        assertEquals(Files.readString(refCsv), Files.readString(csv));
        assertEquals(ResumableRun.EPOCHS + 1, Files.readAllLines(csv).size());
    }

    @Test
    void callbackStateSurvivesTheJsonRoundTrip() throws IOException {
        EarlyStopping es = EarlyStopping.builder().patience(5).restoreBestWeights(true).build();
        Scripted.run(es, Scripted.model(0.1), "val_loss", 1.0, 0.5, 0.7, Double.NaN);
        ObjectMapper json = new ObjectMapper();
        byte[] bytes = json.writeValueAsBytes(StateCodec.encode(es.state()));
        @SuppressWarnings("unchecked")
        Map<String, Object> back = (Map<String, Object>) StateCodec.decode(json.readValue(bytes, Map.class));
        EarlyStopping again = EarlyStopping.builder().patience(5).restoreBestWeights(true).build();
        again.setModel(Scripted.model(0.1));
        again.onTrainBegin(new LinkedHashMap<>());
        again.restoreState(back);
        assertEquals(es.waitCount(), again.waitCount());
        assertEquals(2, again.waitCount());
        assertEquals(0.5, again.best());
        assertEquals(1, again.bestEpoch());
        @SuppressWarnings("unchecked")
        List<INDArray> best = (List<INDArray>) back.get("best_weights");
        assertSameWeights(StateValues.asArrays(es.state().get("best_weights")), best);

        ReduceLROnPlateau plateau = ReduceLROnPlateau.builder().patience(1).cooldown(2).build();
        Scripted.run(plateau, Scripted.model(0.1), "val_loss", 1.0, 1.0, 1.0);
        Map<String, Object> ps = plateau.state();
        ReduceLROnPlateau p2 = ReduceLROnPlateau.builder().patience(1).cooldown(2).build();
        @SuppressWarnings("unchecked")
        Map<String, Object> decoded = (Map<String, Object>) StateCodec.decode(json.readValue(json.writeValueAsBytes(StateCodec.encode(ps)), Map.class));
        p2.restoreState(decoded);
        assertEquals(plateau.inCooldown(), p2.inCooldown());
        assertEquals(plateau.waitCount(), p2.waitCount());
        assertEquals(1.0, p2.best());
    }

    @Test
    void argumentsAndConfig() {
        assertThrows(IllegalArgumentException.class, () -> new BackupAndRestore(""));
        assertThrows(IllegalArgumentException.class, () -> new BackupAndRestore("d", "batch", true));
        assertThrows(IllegalArgumentException.class, () -> new BackupAndRestore("d", 0, true));
        BackupAndRestore b = new BackupAndRestore("d", 10, false);
        BackupAndRestore again = Registry.get().deserialize(Kind.CALLBACK, Registry.serialize(b), BackupAndRestore.class);
        assertEquals(b.getConfig(), again.getConfig());
        assertEquals(10, again.saveFreq());
        assertTrue(b.runsAfterOtherCallbacks());
    }
}
