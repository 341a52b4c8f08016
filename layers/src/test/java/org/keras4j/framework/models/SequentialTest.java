package org.keras4j.framework.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.callbacks.Callback;
import org.keras4j.framework.callbacks.History;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.Shape;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.regularization.Dropout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Sequential's build, the training loop and the Keras behaviours around it. */
class SequentialTest {

    /** Two interleaved classes that need a hidden layer: label = 1 when x0 * x1 > 0 (XOR of signs). */
    private static INDArray[] xorData(int n, long seed) {
        Backend.setRandomSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 2).muli(2).subi(1);
        INDArray y = x.getColumn(0).mul(x.getColumn(1)).gt(0).castTo(DataType.INT64);
        return new INDArray[] {x, y};
    }

    private static Sequential xorModel() {
        return new Sequential(new Input(2), new Dense(16, "relu"), new Dense(16, "relu"), new Dense(2, "softmax"));
    }

    @Test
    void trainsASmallNetworkToHighAccuracy() {
        INDArray[] d = xorData(2000, 1);
        Sequential model = xorModel();
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        History h = model.fit(d[0], d[1], FitOptions.epochs(40).batchSize(32).verbose(0));
        INDArray[] test = xorData(500, 2);
        Map<String, Double> scores = model.evaluate(test[0], test[1], 128, 0);
        assertTrue(scores.get("accuracy") > 0.95, "XOR test accuracy " + scores);
        List<Double> loss = h.get("loss");
        assertTrue(loss.get(loss.size() - 1) < loss.get(0) / 4, "loss should fall: " + loss);
        assertEquals(List.of("loss", "accuracy"), new ArrayList<>(h.history().keySet()));
    }

    @Test
    void statefulMetricsSurviveTheStepWorkspace() {
        // AUC and precision keep native state across steps while each step's temporaries are recycled.
        INDArray[] d = xorData(1000, 12);
        Sequential model = new Sequential(new Input(2), new Dense(16, "relu"), new Dense(1, "sigmoid"));
        model.compile("adam", "binary_crossentropy", "auc", "precision", "accuracy");
        History h = model.fit(d[0], d[1].castTo(DataType.FLOAT).reshape(1000, 1), FitOptions.epochs(30).batchSize(32).verbose(0));
        List<Double> auc = h.get("auc");
        assertTrue(auc.get(auc.size() - 1) > 0.95 && auc.get(auc.size() - 1) <= 1.0, "auc " + auc);
        assertTrue(h.get("precision").get(29) > 0.85, "precision " + h.get("precision"));
    }

    @Test
    void sameSeedGivesBitIdenticalWeights() {
        List<INDArray> first = trainWithSeed(42);
        List<INDArray> second = trainWithSeed(42);
        List<INDArray> other = trainWithSeed(43);
        for (int i = 0; i < first.size(); i++) {
            // raw bits: INDArray.equals would accept differences up to 1e-5
            assertArrayEquals(bits(first.get(i)), bits(second.get(i)), "weight " + i);
        }
        assertNotEquals(first.get(0), other.get(0));
    }

    private static int[] bits(INDArray weight) {
        float[] values = weight.dup('c').data().asFloat();
        int[] bits = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            bits[i] = Float.floatToRawIntBits(values[i]);
        }
        return bits;
    }

    private static List<INDArray> trainWithSeed(long seed) {
        INDArray[] d = xorData(300, 5);
        Backend.setRandomSeed(seed);
        Sequential model = new Sequential(new Input(2), new Dense(8, "relu"), new Dropout(0.3), new Dense(2, "softmax"));
        model.compile("adam", "sparse_categorical_crossentropy");
        model.fit(d[0], d[1], FitOptions.epochs(3).batchSize(16).verbose(0));
        return model.getWeights();
    }

    @Test
    void validationSplitTakesTheTailBeforeShuffling() {
        INDArray[] d = xorData(400, 3);
        Sequential model = xorModel();
        model.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
        History h = model.fit(d[0], d[1], FitOptions.epochs(2).batchSize(32).validationSplit(0.25).verbose(0));
        // The last 100 samples are the validation set; after training, evaluating them reproduces val_loss.
        INDArray tailX = d[0].get(NDArrayIndex.interval(300, 400), NDArrayIndex.all());
        INDArray tailY = d[1].get(NDArrayIndex.interval(300, 400));
        Map<String, Double> tail = model.evaluate(tailX, tailY, 32, 0);
        assertEquals(tail.get("loss"), h.get("val_loss").get(1), 1e-6);
        assertEquals(tail.get("accuracy"), h.get("val_accuracy").get(1), 1e-9);
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), new ArrayList<>(h.history().keySet()));
    }

    @Test
    void callbacksSeeEveryHookInKerasOrderAndCanStopTraining() {
        INDArray[] d = xorData(100, 4);
        Sequential model = xorModel();
        model.compile("sgd", "sparse_categorical_crossentropy");
        List<String> events = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override public void onTrainBegin(Map<String, Double> logs) { events.add("train_begin"); }
            @Override public void onTrainEnd(Map<String, Double> logs) { events.add("train_end"); }
            @Override public void onEpochBegin(int e, Map<String, Double> logs) { events.add("epoch_begin " + e); }
            @Override public void onEpochEnd(int e, Map<String, Double> logs) { events.add("epoch_end " + e + " " + logs.keySet()); }
            @Override public void onTrainBatchBegin(int b, Map<String, Double> logs) { events.add("batch_begin " + b); }
            @Override public void onTrainBatchEnd(int b, Map<String, Double> logs) {
                events.add("batch_end " + b);
                if (b == 1 && (Integer) params().get("epochs") == 3 && events.contains("epoch_begin 1")) {
                    model().setStopTraining(true);
                }
            }
            @Override public void onTestBegin(Map<String, Double> logs) { events.add("test_begin"); }
            @Override public void onTestEnd(Map<String, Double> logs) { events.add("test_end"); }
        };
        model.fit(d[0], d[1], FitOptions.epochs(3).batchSize(40).validationSplit(0.2).verbose(0).callbacks(recorder));
        // 80 training samples in batches of 40 = 2 steps; the stop request in epoch 1 ends training after its batch 1.
        assertEquals(List.of("train_begin",
                "epoch_begin 0", "batch_begin 0", "batch_end 0", "batch_begin 1", "batch_end 1", "test_begin", "test_end",
                "epoch_end 0 [loss, val_loss]",
                "epoch_begin 1", "batch_begin 0", "batch_end 0", "batch_begin 1", "batch_end 1", "test_begin", "test_end",
                "epoch_end 1 [loss, val_loss]",
                "train_end"), events);
    }

    @Test
    void initialEpochResumesCounting() {
        INDArray[] d = xorData(64, 4);
        Sequential model = xorModel();
        model.compile("sgd", "sparse_categorical_crossentropy");
        History h = model.fit(d[0], d[1], FitOptions.epochs(5).initialEpoch(3).verbose(0));
        assertEquals(List.of(3, 4), h.epochs());
    }

    @Test
    void classWeightEqualsTheMatchingSampleWeights() {
        INDArray[] d = xorData(64, 6);
        INDArray sw = d[1].castTo(DataType.FLOAT).mul(2).addi(0.5); // class 0 -> 0.5, class 1 -> 2.5
        List<INDArray> a = weightedRun(d, FitOptions.epochs(2).batchSize(16).verbose(0).shuffle(false).classWeight(Map.of(0, 0.5, 1, 2.5)));
        List<INDArray> b = weightedRun(d, FitOptions.epochs(2).batchSize(16).verbose(0).shuffle(false).sampleWeight(sw));
        for (int i = 0; i < a.size(); i++) {
            assertTrue(a.get(i).equalsWithEps(b.get(i), 1e-6), "weight " + i);
        }
    }

    private static List<INDArray> weightedRun(INDArray[] d, FitOptions o) {
        Backend.setRandomSeed(9);
        Sequential model = xorModel();
        model.compile("sgd", "sparse_categorical_crossentropy");
        model.fit(d[0], d[1], o);
        return model.getWeights();
    }

    @Test
    void regularizationPenaltyIsPartOfTheLoggedLoss() {
        INDArray x = Nd4j.ones(DataType.FLOAT, 4, 2);
        INDArray y = Nd4j.zeros(DataType.FLOAT, 4, 1);
        Dense dense = new Dense(1).kernelInitializer("ones").kernelRegularizer(new org.keras4j.framework.regularizers.L2(0.1));
        Sequential model = new Sequential(new Input(2), dense);
        model.compile("sgd", "mse");
        // prediction 1*1 + 1*1 = 2 for every sample: mse 4; penalty 0.1 * (1 + 1) = 0.2
        assertEquals(4.2, model.testOnBatch(x, y).get("loss"), 1e-6);
    }

    @Test
    void predictIsBatchedAndThreadSafe() throws Exception {
        INDArray[] d = xorData(1000, 7);
        Sequential model = xorModel();
        model.compile("adam", "sparse_categorical_crossentropy");
        model.fit(d[0], d[1], FitOptions.epochs(1).verbose(0));
        INDArray whole = model.predict(d[0], 1000);
        assertTrue(whole.equalsWithEps(model.predict(d[0], 7), 1e-6), "batch size must not change predictions");
        assertTrue(whole.equalsWithEps(model.predictOnBatch(d[0]), 1e-6));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<INDArray>> results = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                results.add(pool.submit((Callable<INDArray>) () -> model.predict(d[0], 32)));
            }
            for (Future<INDArray> f : results) {
                assertTrue(whole.equalsWithEps(f.get(), 1e-6));
            }
        } finally {
            pool.shutdown();
        }
    }

    @Test
    void predictRunsThePredictHooksAndCanShowProgress() {
        INDArray[] d = xorData(100, 9);
        Sequential model = xorModel();
        List<String> events = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override public void onPredictBegin(Map<String, Double> logs) { events.add("predict_begin " + params().get("steps")); }
            @Override public void onPredictBatchBegin(int b, Map<String, Double> logs) { events.add("batch_begin " + b); }
            @Override public void onPredictBatchEnd(int b, Map<String, Double> logs) { events.add("batch_end " + b); }
            @Override public void onPredictEnd(Map<String, Double> logs) { events.add("predict_end"); }
        };
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        model.setOutput(new PrintStream(buf, true, StandardCharsets.UTF_8));
        INDArray withHooks = model.predict(d[0], 40, 2, List.of(recorder));
        // 100 samples in batches of 40: 3 steps, the last one of 20
        assertEquals(List.of("predict_begin 3", "batch_begin 0", "batch_end 0", "batch_begin 1", "batch_end 1",
                "batch_begin 2", "batch_end 2", "predict_end"), events);
        assertTrue(buf.toString(StandardCharsets.UTF_8).strip().matches("3/3 - \\d+s - \\d+(ms|us|s)/step"),
                buf.toString(StandardCharsets.UTF_8));
        assertEquals(model.predict(d[0], 40), withHooks);

        // several inputs and outputs go through predictAll, with the same hooks
        events.clear();
        model.predictAll(List.of(d[0]), 50, 0, List.of(recorder));
        assertEquals(List.of("predict_begin 2", "batch_begin 0", "batch_end 0", "batch_begin 1", "batch_end 1",
                "predict_end"), events);
    }

    @Test
    void weightsRoundTripAndMismatchesAreExplained() {
        Sequential model = xorModel();
        List<INDArray> w = model.getWeights();
        assertEquals(6, w.size());
        Sequential copy = xorModel();
        copy.setWeights(w);
        INDArray x = Nd4j.rand(DataType.FLOAT, 5, 2);
        assertEquals(model.predict(x), copy.predict(x));
        List<INDArray> wrong = new ArrayList<>(w);
        wrong.set(0, Nd4j.zeros(DataType.FLOAT, 3, 16));
        var e = assertThrows(IllegalArgumentException.class, () -> copy.setWeights(wrong));
        assertTrue(e.getMessage().contains("(2, 16)") && e.getMessage().contains("(3, 16)"), e.getMessage());
    }

    @Test
    void misuseGivesClearErrors() {
        Sequential model = xorModel();
        INDArray x = Nd4j.rand(DataType.FLOAT, 10, 2);
        INDArray y = Nd4j.zeros(DataType.INT64, 10);
        var notCompiled = assertThrows(IllegalStateException.class, () -> model.fit(x, y));
        assertEquals("You must call compile() before fit()", notCompiled.getMessage());
        model.compile("adam", "sparse_categorical_crossentropy");
        var counts = assertThrows(IllegalArgumentException.class, () -> model.fit(x, Nd4j.zeros(DataType.INT64, 9)));
        assertTrue(counts.getMessage().contains("same number of samples"), counts.getMessage());
        assertEquals("fit: epochs must be >= 1, received epochs=0",
                assertThrows(IllegalArgumentException.class, () -> FitOptions.epochs(0)).getMessage());
        assertEquals("fit: batch_size must be >= 1, received batch_size=0",
                assertThrows(IllegalArgumentException.class, () -> new FitOptions().batchSize(0)).getMessage());
        assertEquals("predict: batch_size must be >= 1, received batch_size=-1",
                assertThrows(IllegalArgumentException.class, () -> model.predict(x, -1)).getMessage());
        var range = assertThrows(IllegalArgumentException.class,
                () -> model.fit(x, Nd4j.createFromArray(new long[] {0, 1, 2, 0, 1, 0, 1, 0, 1, 0}), FitOptions.epochs(1).verbose(0)));
        assertTrue(range.getMessage().contains("label 2 is out of range for 2 classes"), range.getMessage());
        INDArray nan = x.dup();
        nan.putScalar(3, 1, Double.NaN);
        var finite = assertThrows(IllegalArgumentException.class, () -> model.fit(nan, y));
        assertTrue(finite.getMessage().contains("NaN") && finite.getMessage().contains("sample 3"), finite.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> model.compile("adamm", "mse"));
        assertTrue(unknown.getMessage().contains("adamm") && unknown.getMessage().contains("adam"), unknown.getMessage());
        var wrongShape = assertThrows(IllegalArgumentException.class, () -> model.fit(Nd4j.rand(DataType.FLOAT, 10, 3), y));
        assertTrue(wrongShape.getMessage().contains("expects input of shape (None, 2), but received shape (None, 3)"),
                wrongShape.getMessage());
    }

    @Test
    void lazyBuildInfersShapesAndSummaryShowsTheKerasTable() {
        Sequential model = new Sequential(new Dense(256, "relu"), new Dense(128, "relu"), new Dense(10, "softmax"));
        model.build(Shape.of(-1, 784));
        String s = model.summaryText();
        assertTrue(s.contains("(None, 256)") && s.contains("200,960") && s.contains("32,896") && s.contains("1,290"), s);
        assertTrue(s.contains("Total params: 235,146 (918.54 KB)"), s);
        assertTrue(s.contains("Non-trainable params: 0 (0.00 B)"), s);
        model.pop();
        assertEquals(2, model.layers().size());
    }

    @Test
    void verboseTwoPrintsOneKerasLinePerEpoch() {
        INDArray[] d = xorData(64, 8);
        Sequential model = xorModel();
        model.compile("sgd", "sparse_categorical_crossentropy", "accuracy");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        model.setOutput(new PrintStream(buf, true, StandardCharsets.UTF_8));
        model.fit(d[0], d[1], FitOptions.epochs(2).batchSize(32).verbose(2).validationSplit(0.5));
        String[] lines = buf.toString(StandardCharsets.UTF_8).split("\n");
        assertEquals("Epoch 1/2", lines[0]);
        assertTrue(lines[1].matches("1/1 - \\d+s - \\d+(ms|us|s)/step - accuracy: \\d\\.\\d{4} - loss: \\d\\.\\d{4}"
                + " - val_accuracy: \\d\\.\\d{4} - val_loss: \\d\\.\\d{4}"), lines[1]);
        assertEquals("Epoch 2/2", lines[2]);
    }

    @Test
    void duplicateNamesAndMisplacedInputsAreRejected() {
        Dense a = new Dense(2);
        a.setName("same");
        Dense b = new Dense(2);
        b.setName("same");
        var e = assertThrows(IllegalArgumentException.class, () -> new Sequential(a, b));
        assertTrue(e.getMessage().contains("unique names"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Sequential(new Dense(2), new Input(3)));
        assertArrayEquals(new long[] {-1, 3}, new Sequential(new Input(3)).input().batchShape().toArray());
    }
}
