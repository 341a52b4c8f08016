package org.keras4j.callbacks;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.callbacks.Callback;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.optimizers.Adam;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.regularization.Dropout;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One deterministic training program with BackupAndRestore, used in-process and as the child JVM of
 * the kill tests: seed, data, a model with dropout (ND4J's generator), Adam (slots and iteration
 * count), shuffling (the host generator), EarlyStopping with best weights and ReduceLROnPlateau
 * (callback state), and a ModelCheckpoint saving every few batches.
 *
 * <p>As a program: {@code ResumableRun <backupDir> <checkpointFile> <weightsOut> <saveFreq> <pauseAtSave>}
 * prints {@code BATCH <epoch> <batch>} after each batch and, when {@code pauseAtSave > 0}, stops for a
 * minute inside that numbered model save (temporary file written, not yet renamed) after printing
 * {@code PAUSED}, so a parent can kill it there.
 */
public final class ResumableRun {
    static final int EPOCHS = 6;

    private ResumableRun() {
    }

    /** Counts model saves and optionally sleeps inside one of them, between write and rename. */
    static final class PausingSaver implements CheckpointSaver {
        private final int pauseAt;
        private final PrintStream out;
        private int saves;

        PausingSaver(int pauseAt, PrintStream out) {
            this.pauseAt = pauseAt;
            this.out = out;
        }

        @Override
        public void save(Model model, Path file, boolean weightsOnly) throws IOException {
            CheckpointSaver.modelFiles().save(model, file, weightsOnly);
            if (++saves == pauseAt) {
                out.println("PAUSED " + file.getFileName());
                out.flush();
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public void restore(Model model, Path file) throws IOException {
            CheckpointSaver.modelFiles().restore(model, file);
        }
    }

    /** What a run ends with: weights, EarlyStopping's best epoch, the final learning rate. */
    record Result(List<INDArray> weights, int bestEpoch, double learningRate) {
    }

    /** Builds everything from the seed and trains. */
    static Result train(Path backupDir, Path checkpoint, Object saveFreq, CheckpointSaver saver, List<Callback> extra) {
        INDArray[] data = TestModels.regression(160, 11);
        Backend.setRandomSeed(2024);
        Sequential model = new Sequential(new Input(3), new Dense(16, "relu"), new Dropout(0.1), new Dense(1));
        model.compile(new Adam(0.01), "mse");
        List<Callback> callbacks = new ArrayList<>(extra);
        callbacks.add(new BackupAndRestore(backupDir.toString(), saveFreq, true, saver));
        EarlyStopping stopping = EarlyStopping.builder().patience(4).restoreBestWeights(true).build();
        callbacks.add(stopping);
        callbacks.add(ReduceLROnPlateau.builder().patience(1).factor(0.5).minDelta(0.01).build());
        if (checkpoint != null) {
            callbacks.add(ModelCheckpoint.builder(checkpoint.toString()).saveFreq(5).saver(saver).build());
        }
        model.fit(data[0], data[1], FitOptions.epochs(EPOCHS).batchSize(16).validationSplit(0.2).verbose(0).callbacks(callbacks));
        return new Result(model.getWeights(), stopping.bestEpoch(), model.optimizer().currentLearningRate());
    }

    public static void main(String[] args) throws Exception {
        Path backupDir = Path.of(args[0]);
        Path checkpoint = args[1].isEmpty() ? null : Path.of(args[1]);
        Path weightsOut = Path.of(args[2]);
        Object saveFreq = "epoch".equals(args[3]) ? "epoch" : (Object) Integer.parseInt(args[3]);
        int pauseAt = Integer.parseInt(args[4]);
        PrintStream out = System.out;
        Callback progress = LambdaCallback.builder()
                .onEpochBegin((e, logs) -> out.println("EPOCH " + e))
                .onTrainBatchEnd((b, logs) -> out.println("BATCH " + b))
                .build();
        List<INDArray> weights = train(backupDir, checkpoint, saveFreq, new PausingSaver(pauseAt, out), List.of(progress)).weights();
        WeightFiles.write(weightsOut, weights);
        out.println("DONE");
        out.flush();
    }
}
