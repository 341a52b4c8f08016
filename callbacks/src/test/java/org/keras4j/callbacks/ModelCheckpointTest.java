package org.keras4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.saving.Models;
import org.nd4j.linalg.api.ndarray.INDArray;

/** ModelCheckpoint against scripted logs (save decisions worked out by hand from Keras 3's rules) and inside fit. */
class ModelCheckpointTest {
    @TempDir
    Path dir;

    /** Records what would be saved instead of writing model files. */
    static final class RecordingSaver implements CheckpointSaver {
        final List<String> saved = new ArrayList<>();
        final List<List<INDArray>> weights = new ArrayList<>();

        @Override
        public void save(Model model, Path file, boolean weightsOnly) throws IOException {
            Files.writeString(file, "checkpoint " + saved.size());
            String name = file.getFileName().toString();
            saved.add(name.substring(name.indexOf('-', 5) + 1)); // drop the ".tmp-<random>-" prefix
            weights.add(model.getWeights());
        }

        @Override
        public void restore(Model model, Path file) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void savesEveryEpochWithTheTemplateFilled() throws IOException {
        RecordingSaver saver = new RecordingSaver();
        ModelCheckpoint cb = ModelCheckpoint.builder(dir.resolve("m-{epoch:02d}-{val_loss:.3f}.keras").toString()).saver(saver).build();
        Scripted.run(cb, Scripted.model(0.1), "val_loss", 0.5, 0.25, 0.75);
        assertEquals(List.of("m-01-0.500.keras", "m-02-0.250.keras", "m-03-0.750.keras"), saver.saved);
        assertEquals("checkpoint 2", Files.readString(dir.resolve("m-03-0.750.keras")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(3, files.count()); // no temporary file left behind
        }
    }

    @Test
    void saveBestOnlyOverwritesOnlyOnImprovement() {
        RecordingSaver saver = new RecordingSaver();
        ModelCheckpoint cb = ModelCheckpoint.builder(dir.resolve("best.keras").toString()).saveBestOnly(true).saver(saver).build();
        // Improvements at epochs 0, 1 and 3 (min mode on val_loss).
        Scripted.Run r = Scripted.run(cb, Scripted.model(0.1), "val_loss", 0.9, 0.8, 0.85, 0.7, 0.7);
        assertEquals(3, saver.saved.size());
        assertEquals(0.7, cb.best());
        // What was saved last is the model as it was at epoch 3.
        for (int i = 0; i < r.weightsAtEpochEnd().get(3).size(); i++) {
            assertArrayEquals(r.weightsAtEpochEnd().get(3).get(i).dup().data().asFloat(), saver.weights.get(2).get(i).dup().data().asFloat());
        }
        // max mode for accuracy under "auto"; initial_value_threshold must be beaten first.
        RecordingSaver s2 = new RecordingSaver();
        ModelCheckpoint acc = ModelCheckpoint.builder(dir.resolve("acc.keras").toString()).monitor("val_accuracy").saveBestOnly(true)
                .initialValueThreshold(0.6).saver(s2).build();
        Scripted.run(acc, Scripted.model(0.1), "val_accuracy", 0.5, 0.65, 0.6, 0.9);
        assertEquals(2, s2.saved.size());
        assertEquals(0.9, acc.best());
        // As in Keras the best value carries over to the next fit on the same instance.
        Scripted.run(acc, Scripted.model(0.1), "val_accuracy", 0.8, 0.95);
        assertEquals(3, s2.saved.size());
    }

    @Test
    void missingMonitorSkipsSavingAndWarnsWithTheKeys() {
        RecordingSaver saver = new RecordingSaver();
        ModelCheckpoint cb = ModelCheckpoint.builder(dir.resolve("best.keras").toString()).saveBestOnly(true).saver(saver).build();
        var warnings = Scripted.captureWarnings();
        try {
            Scripted.run(cb, Scripted.model(0.1), "accuracy", 0.5, 0.6);
        } finally {
            Scripted.release(warnings);
        }
        assertTrue(saver.saved.isEmpty());
        assertEquals(1, warnings.list.size());
        assertTrue(warnings.list.get(0).getFormattedMessage().contains("Available metrics are: loss,accuracy"),
                warnings.list.get(0).getFormattedMessage());
    }

    @Test
    void batchFrequencyCountsBatchesAcrossEpochsAndFillsBatch() {
        RecordingSaver saver = new RecordingSaver();
        ModelCheckpoint cb = ModelCheckpoint.builder(dir.resolve("b-{epoch}-{batch}.keras").toString()).saveFreq(3).saver(saver).build();
        cb.setModel(Scripted.model(0.1));
        cb.onTrainBegin(new LinkedHashMap<>());
        for (int epoch = 0; epoch < 2; epoch++) {
            cb.onEpochBegin(epoch, new LinkedHashMap<>());
            for (int batch = 0; batch < 4; batch++) {
                cb.onTrainBatchEnd(batch, new LinkedHashMap<>(Map.of("loss", 1.0)));
            }
            cb.onEpochEnd(epoch, Scripted.logs("val_loss", 1.0));
        }
        // 8 batches: saves after the 3rd (epoch 1, batch 3) and 6th (epoch 2, batch 2); none at epoch ends.
        assertEquals(List.of("b-1-3.keras", "b-2-2.keras"), saver.saved);
    }

    @Test
    void kerasFileNameRules() {
        IllegalArgumentException full = assertThrows(IllegalArgumentException.class, () -> new ModelCheckpoint("model.h5"));
        assertTrue(full.getMessage().contains("must end in `.keras`"), full.getMessage());
        IllegalArgumentException weights = assertThrows(IllegalArgumentException.class,
                () -> ModelCheckpoint.builder("w.keras").saveWeightsOnly(true).build());
        assertTrue(weights.getMessage().contains("must end in `.weights.h5`"), weights.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.builder("m.keras").saveFreq("batch"));
        assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.builder("m.keras").saveFreq(0));
        assertThrows(IllegalArgumentException.class, () -> ModelCheckpoint.builder("m.keras").mode("up").build());
    }

    @Test
    void configRoundTripsThroughTheRegistry() {
        ModelCheckpoint cb = ModelCheckpoint.builder("c-{epoch}.keras").monitor("val_accuracy").saveBestOnly(true).saveFreq(5)
                .initialValueThreshold(0.5).verbose(1).build();
        Map<String, Object> config = cb.getConfig();
        assertEquals(5, config.get("save_freq"));
        ModelCheckpoint again = Registry.get().deserialize(Kind.CALLBACK, Registry.serialize(cb), ModelCheckpoint.class);
        assertEquals(config, again.getConfig());
        assertEquals("epoch", ModelCheckpoint.fromConfig(Config.of(Map.of("filepath", "a.keras"), "test")).saveFreq());
    }

    @Test
    void insideFitTheBestCheckpointLoadsAndPredictsLikeTheBestEpoch() throws IOException {
        INDArray[] data = TestModels.regression(64, 3);
        Sequential model = TestModels.linear();
        model.compile("sgd", "mse");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        model.setOutput(new PrintStream(printed, true, StandardCharsets.UTF_8));
        Path best = dir.resolve("best.keras");
        ModelCheckpoint cb = ModelCheckpoint.builder(best.toString()).saveBestOnly(true).verbose(1).build();
        ModelCheckpoint weightsEvery = ModelCheckpoint.builder(dir.resolve("w-{epoch}.weights.h5").toString()).saveWeightsOnly(true).build();
        List<List<INDArray>> perEpoch = new ArrayList<>();
        LambdaCallback record = LambdaCallback.builder().onEpochEnd((e, logs) -> perEpoch.add(model.getWeights())).build();
        var history = model.fit(data[0], data[1], FitOptions.epochs(6).batchSize(16).validationSplit(0.25).verbose(0)
                .callbacks(record, cb, weightsEvery));
        List<Double> val = history.get("val_loss");
        int bestEpoch = 0;
        for (int i = 1; i < val.size(); i++) {
            if (val.get(i) < val.get(bestEpoch)) {
                bestEpoch = i;
            }
        }
        Model loaded = Models.load(best);
        for (int i = 0; i < perEpoch.get(bestEpoch).size(); i++) {
            assertArrayEquals(perEpoch.get(bestEpoch).get(i).dup().data().asFloat(), loaded.getWeights().get(i).dup().data().asFloat());
        }
        assertEquals(val.get(bestEpoch), cb.best());
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("Epoch 1: val_loss improved from inf to "), printed.toString());
        for (int e = 1; e <= 6; e++) {
            assertTrue(Files.isRegularFile(dir.resolve("w-" + e + ".weights.h5")));
        }
        Sequential fresh = TestModels.linear();
        fresh.loadWeights(dir.resolve("w-3.weights.h5"));
        assertArrayEquals(perEpoch.get(2).get(0).dup().data().asFloat(), fresh.getWeights().get(0).dup().data().asFloat());
        assertFalse(Files.list(dir).anyMatch(CheckpointFiles::isTemporary));
        assertNull(new ModelCheckpoint(dir.resolve("x.keras").toString()).lastSaved());
    }
}
