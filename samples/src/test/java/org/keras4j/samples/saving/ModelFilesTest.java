package org.keras4j.samples.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.optimizers.Adam;
import org.keras4j.framework.saving.ModelFileException;
import org.keras4j.framework.saving.Models;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.regularization.Dropout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Save/load round trips of whole models, weights and optimizer state, on real layers and optimizers. */
class ModelFilesTest {
    @TempDir
    Path dir;

    static Sequential mlp() {
        return new Sequential(new Input(4), new Dense(8, "relu"), new Dropout(0.25), new Dense(3, "softmax"));
    }

    /** 60 samples, 4 features, 3 classes that depend on the features (learnable). */
    static INDArray[] data() {
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(DataType.FLOAT, 60, 4);
        INDArray y = Nd4j.argMax(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3)), 1).castTo(DataType.FLOAT).reshape(60, 1);
        return new INDArray[] {x, y};
    }

    @Test
    void savedModelPredictsIdenticallyAndKeepsItsCompileSettings() {
        Backend.setRandomSeed(1);
        INDArray[] d = data();
        Sequential m = mlp();
        m.compile(new Adam(0.01).clipnorm(1.0), "sparse_categorical_crossentropy", "accuracy",
                new org.keras4j.framework.metrics.SparseTopKCategoricalAccuracy("top2", 2, false));
        m.fit(d[0], d[1], FitOptions.epochs(2).batchSize(16).verbose(0));
        Path file = dir.resolve("m.keras4j");
        m.save(file);

        Model back = Models.load(file);
        assertEquals(m.toJson(), back.toJson());
        assertEquals(m.predict(d[0]), back.predict(d[0]));
        assertTrue(back.isCompiled());
        assertEquals(m.getCompileConfig(), back.getCompileConfig());
        assertEquals(m.optimizer().iterations(), back.optimizer().iterations());
        assertEquals(8, back.optimizer().iterations()); // 2 epochs x 4 batches
        Map<String, Double> scores = back.evaluate(d[0], d[1], 32, 0);
        assertEquals(m.evaluate(d[0], d[1], 32, 0), scores);
        assertEquals(List.of("loss", "accuracy", "top2"), List.copyOf(scores.keySet()), "metric objects come back with their config");
    }

    @Test
    void resumingFromAFileTrainsExactlyAsNeverStopping() {
        INDArray[] d = data();
        // Run A: 2 epochs, then 2 more in the same model.
        Backend.setRandomSeed(3);
        Sequential a = mlp();
        a.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        a.fit(d[0], d[1], FitOptions.epochs(2).batchSize(16).verbose(0));
        a.fit(d[0], d[1], FitOptions.epochs(4).initialEpoch(2).batchSize(16).verbose(0));

        // Run B: same seed, 2 epochs, save, load into a new model, 2 more epochs there.
        Backend.setRandomSeed(3);
        Sequential b = mlp();
        b.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        b.fit(d[0], d[1], FitOptions.epochs(2).batchSize(16).verbose(0));
        Path file = dir.resolve("ckpt.keras4j");
        b.save(file);
        Model resumed = Models.load(file);
        resumed.fit(d[0], d[1], FitOptions.epochs(4).initialEpoch(2).batchSize(16).verbose(0));

        List<INDArray> wa = a.getWeights();
        List<INDArray> wr = resumed.getWeights();
        for (int i = 0; i < wa.size(); i++) {
            assertEquals(wa.get(i), wr.get(i), "weight " + i + " after resuming"); // bit-identical
        }
        assertEquals(a.optimizer().iterations(), resumed.optimizer().iterations());
        // And without the optimizer state, the run would differ: the check above is not vacuous.
        Backend.setRandomSeed(3);
        Sequential c = mlp();
        c.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        c.fit(d[0], d[1], FitOptions.epochs(2).batchSize(16).verbose(0));
        Model fresh = Models.fromJson(c.toJson());
        fresh.setWeights(c.getWeights());
        fresh.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        fresh.fit(d[0], d[1], FitOptions.epochs(4).initialEpoch(2).batchSize(16).verbose(0));
        assertNotEquals(wa.get(0), fresh.getWeights().get(0));
    }

    @Test
    void loadingDoesNotMoveTheRandomGenerator() {
        Backend.setRandomSeed(5);
        Sequential m = mlp();
        Path file = dir.resolve("m.keras4j");
        m.save(file);
        Backend.setRandomSeed(9);
        float expected = Nd4j.rand(DataType.FLOAT, 1).getFloat(0);
        Backend.setRandomSeed(9);
        Models.load(file);
        assertEquals(expected, Nd4j.rand(DataType.FLOAT, 1).getFloat(0));
    }

    @Test
    void weightsOnlyRoundTripAndArchitectureMismatchLeavesModelUnchanged() {
        Backend.setRandomSeed(2);
        Sequential m = mlp();
        Path file = dir.resolve("w.weights.zip");
        m.saveWeights(file);
        Sequential other = mlp();
        other.loadWeights(file);
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 4);
        assertEquals(m.predict(x), other.predict(x));

        Sequential wider = new Sequential(new Input(4), new Dense(9, "relu"), new Dense(3, "softmax"));
        List<INDArray> before = wider.getWeights();
        ModelFileException e = assertThrows(ModelFileException.class, () -> wider.loadWeights(file));
        assertTrue(e.getMessage().contains("w.weights.zip") && e.getMessage().contains("has shape (4, 9) in the model but (4, 8) in the file"),
                e.getMessage());
        assertEquals(before, wider.getWeights());
        ModelFileException notModel = assertThrows(ModelFileException.class, () -> Models.load(file));
        assertTrue(notModel.getMessage().contains("holds only weights"), notModel.getMessage());
    }

    @Test
    void modelBuiltFromDataRecordsItsInputShape() {
        Backend.setRandomSeed(4);
        Sequential m = new Sequential(new Dense(5, "tanh"), new Dense(2));
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 6);
        INDArray p = m.predict(x);
        Path file = dir.resolve("lazy.keras4j");
        m.save(file);
        Model back = Models.load(file);
        assertEquals(p, back.predict(x));
        assertFalse(back.isCompiled());
        assertTrue(m.toJson().contains("\"build_input_shape\":[null,6]"), m.toJson());
    }

    @Test
    void aFailedSaveLeavesThePreviousFileIntact() throws IOException {
        Sequential m = mlp();
        Path file = dir.resolve("keep.keras4j");
        m.save(file);
        byte[] before = Files.readAllBytes(file);
        // A layer that cannot be rebuilt: the save fails before writing anything.
        Sequential bad = new Sequential(new Input(4), new Dense(2) {
        });
        ModelFileException e = assertThrows(ModelFileException.class, () -> bad.save(file));
        assertTrue(e.getMessage().contains("Registry.get().register(Kind.LAYER"), e.getMessage());
        assertArrayEquals(before, Files.readAllBytes(file));
        try (var s = Files.list(dir)) {
            assertEquals(List.of(file), s.toList(), "no temporary files left behind");
        }
        // A write into a directory that cannot hold the file fails with our exception too.
        Path blocked = dir.resolve("sub");
        Files.writeString(blocked, "a file where a directory is expected");
        assertThrows(ModelFileException.class, () -> m.save(blocked.resolve("x.keras4j")));
    }

    @Test
    void wrongVersionAndForeignFilesSayWhatTheyAre() throws IOException {
        Path file = dir.resolve("v.keras4j");
        mlp().save(file);
        Path newer = dir.resolve("newer.keras4j");
        ZipEdits.rewrite(file, newer, Map.of("metadata.json",
                "{\"format\":\"keras4j\",\"format_version\":2,\"contents\":\"model\",\"keras4j_version\":\"9.0\"}"));
        ModelFileException e = assertThrows(ModelFileException.class, () -> Models.load(newer));
        assertTrue(e.getMessage().startsWith(newer.toString()) && e.getMessage().contains("format_version 2")
                && e.getMessage().contains("reads format versions 1 to 1"), e.getMessage());

        Path text = dir.resolve("notes.txt");
        Files.writeString(text, "hello");
        assertTrue(assertThrows(ModelFileException.class, () -> Models.load(text)).getMessage().contains("not a readable zip"));
        assertTrue(assertThrows(ModelFileException.class, () -> Models.load(dir.resolve("absent.keras4j"))).getMessage()
                .contains("no such file"));
        byte[] all = Files.readAllBytes(file);
        Path cut = dir.resolve("cut.keras4j");
        Files.write(cut, java.util.Arrays.copyOf(all, all.length / 2));
        assertThrows(ModelFileException.class, () -> Models.load(cut));
    }
}
