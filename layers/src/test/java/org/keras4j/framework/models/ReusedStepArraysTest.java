package org.keras4j.framework.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.userlayers.InputRecorder;
import example.userlayers.UserLoss;
import example.userlayers.UserMetric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.GradientTape;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.KerasTensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.metrics.MeanAbsoluteError;
import org.keras4j.framework.optimizers.Adam;
import org.keras4j.layers.conv.Conv2D;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.merging.Concatenate;
import org.keras4j.layers.reshaping.Flatten;
import org.keras4j.layers.reshaping.Reshape;
import org.keras4j.layers.rnn.GRU;
import org.keras4j.layers.rnn.LSTM;
import org.keras4j.layers.rnn.SimpleRNN;
import org.keras4j.layers.rnn.TimeDistributed;
import org.keras4j.losses.MeanSquaredError;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The built-in train step computes its gradients, and for a model of Keras4J's own layers its forward
 * pass and loss too, into arrays reused from step to step; training must come out bit for bit as
 * when every step makes fresh arrays (a custom train step, which the reuse does not touch), including
 * an epoch's smaller last batch. A user's layer, which may keep a step's arrays, turns forward reuse off.
 */
class ReusedStepArraysTest {

    /** A custom train step with the built-in maths, whose arrays are all new. */
    static final class FreshArrays extends Sequential {
        FreshArrays(Layer... layers) {
            super(layers);
        }

        @Override
        protected void trainStep(INDArray x, INDArray y, INDArray sampleWeight) {
            List<Variable> trainable = trainableWeights();
            try (GradientTape tape = new GradientTape()) {
                Tensor total = totalLoss(y, call(Tensor.constant(x), true), sampleWeight);
                optimizer().applyGradients(tape.gradient(total, trainable), trainable);
            }
        }
    }

    @Test
    void trainingWithReusedStepArraysEqualsTrainingWithFreshOnes() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 300, 12);
        INDArray y = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3))
                .argMax(1).castTo(DataType.INT32);
        Backend.setRandomSeed(11);
        Sequential reused = new Sequential(new Input(12), new Dense(16, "relu"), new Dense(8, "relu"), new Dense(3, "softmax"));
        reused.compile(new Adam(0.01), "sparse_categorical_crossentropy", "accuracy");
        Backend.setRandomSeed(11);
        Sequential fresh = new FreshArrays(new Input(12), new Dense(16, "relu"), new Dense(8, "relu"), new Dense(3, "softmax"));
        fresh.compile(new Adam(0.01), "sparse_categorical_crossentropy", "accuracy");
        assertWeightsEqual(reused, fresh, "initial weights");

        // 300 samples in batches of 64: four full batches and one of 44, every epoch, in a seeded shuffle
        Backend.setRandomSeed(5);
        reused.fit(x, y, FitOptions.epochs(12).batchSize(64).verbose(0));
        Backend.setRandomSeed(5);
        fresh.fit(x, y, FitOptions.epochs(12).batchSize(64).verbose(0));
        assertWeightsEqual(reused, fresh, "after 60 steps");
        // per step: each Dense layer's output; the loss seed and mean, the cross-entropy gradient, and per Dense layer its
        // products, bias sum and relu mask
        assertTrue(reused.reusesForwardArrays());
        assertTrue(reused.reusedStepArrays() >= 13, "arrays reused: " + reused.reusedStepArrays());
        assertEquals(0, fresh.reusedStepArrays());
        assertTrue(reused.evaluate(x, y, 300, 0).get("accuracy") > 0.8, "the model learns");
    }

    /**
     * The recurrent cells' host passes compute their step gradients through the same reused arrays;
     * a convolution's (libnd4j's or oneDNN's) do not, and mix with a dense layer's that do.
     */
    @Test
    void recurrentAndConvolutionalLayersTrainTheSameWithReusedStepArrays() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 150, 6, 4);
        INDArray y = x.sum(1).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3))
                .argMax(1).castTo(DataType.INT32);
        for (String kind : new String[] {"lstm", "gru", "simple_rnn", "conv", "stateful_lstm"}) {
            Backend.setRandomSeed(11);
            Sequential reused = new Sequential(new Input(6, 4), body(kind), new Flatten(), new Dense(3, "softmax"));
            reused.compile(new Adam(0.01), "sparse_categorical_crossentropy");
            Backend.setRandomSeed(11);
            Sequential fresh = new FreshArrays(new Input(6, 4), body(kind), new Flatten(), new Dense(3, "softmax"));
            fresh.compile(new Adam(0.01), "sparse_categorical_crossentropy");
            // 150 samples in batches of 32: four full batches and one of 22 per epoch (a stateful layer: 30, no shuffle)
            boolean stateful = kind.startsWith("stateful");
            FitOptions options = FitOptions.epochs(3).batchSize(stateful ? 30 : 32).shuffle(!stateful).verbose(0);
            Backend.setRandomSeed(5);
            reused.fit(x, y, options);
            Backend.setRandomSeed(5);
            fresh.fit(x, y, options);
            assertWeightsEqual(reused, fresh, kind + " after 15 steps");
            assertTrue(reused.reusesForwardArrays(), kind);
            assertTrue(reused.reusedStepArrays() > 0, kind);
        }
    }

    /**
     * A user's layer (outside Keras4J's packages) that keeps {@code detach()}ed inputs: the model runs its
     * forward pass on fresh arrays, so nothing it kept is overwritten by a later step; the gradients are
     * still reused.
     */
    @Test
    void aUsersLayerKeepsWhatItDetachedBecauseTheForwardPassMakesFreshArrays() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 96, 5);
        INDArray y = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2)).argMax(1).castTo(DataType.INT32);
        InputRecorder recorder = new InputRecorder();
        Backend.setRandomSeed(3);
        Sequential model = new Sequential(new Input(5), new Dense(6, "relu"), recorder, new Dense(2, "softmax"));
        model.compile(new Adam(0.01), "sparse_categorical_crossentropy");
        model.fit(x, y, FitOptions.epochs(2).batchSize(32).verbose(0));
        assertEquals(6, recorder.keptCount());
        assertEquals(0, recorder.overwritten(), "a later step overwrote an input the layer had kept");
        assertFalse(model.reusesForwardArrays());
        assertTrue(model.reusedStepArrays() > 0, "gradients are reused still");
    }

    /** The functional model's train step of several inputs and outputs, with fresh arrays throughout. */
    static final class FreshFunctional extends Functional {
        FreshFunctional(List<KerasTensor> inputs, List<KerasTensor> outputs) {
            super(inputs, outputs);
        }

        @Override
        protected void trainStep(INDArray[] xs, INDArray[] ys, INDArray sampleWeight) {
            List<Variable> trainable = trainableWeights();
            try (GradientTape tape = new GradientTape()) {
                List<Tensor> inputs = new ArrayList<>();
                for (INDArray x : xs) {
                    inputs.add(Tensor.constant(x));
                }
                Tensor total = totalLoss(ys, call(inputs, true), sampleWeight, new double[ys.length]);
                optimizer().applyGradients(tape.gradient(total, trainable), trainable);
            }
        }
    }

    /** Two inputs, a shared hidden layer, a classifier head and a regression head; fresh arrays when asked. */
    private static Functional twoHeads(boolean fresh) {
        Backend.setRandomSeed(13);
        KerasTensor a = Input.tensor("a", 5);
        KerasTensor b = Input.tensor("b", 3);
        KerasTensor h = new Concatenate().apply(new Dense(8, "relu").apply(a), new Dense(4, "relu").apply(b));
        List<KerasTensor> outputs = List.of(new Dense(3, "softmax").named("cls").apply(h), new Dense(1).named("val").apply(h));
        Functional model = fresh ? new FreshFunctional(List.of(a, b), outputs) : Model.of(List.of(a, b), outputs);
        model.compile(new Adam(0.01), Map.of("cls", "sparse_categorical_crossentropy", "val", "mse"),
                Map.of("cls", List.of("accuracy")), Map.of("val", 0.5));
        return model;
    }

    @Test
    void aModelOfSeveralInputsAndOutputsTrainsTheSameWithReusedArrays() {
        INDArray xa = Nd4j.rand(DataType.FLOAT, 100, 5);
        INDArray xb = Nd4j.rand(DataType.FLOAT, 100, 3);
        INDArray yc = xa.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)).argMax(1).castTo(DataType.INT32);
        INDArray yv = xb.sum(true, 1);
        Functional reused = twoHeads(false);
        Functional fresh = twoHeads(true);
        assertWeightsEqual(reused, fresh, "initial weights");
        // 100 samples in batches of 32: three full batches and one of 4
        Backend.setRandomSeed(5);
        reused.fit(List.of(xa, xb), List.of(yc, yv), FitOptions.epochs(4).batchSize(32).verbose(0));
        Backend.setRandomSeed(5);
        fresh.fit(List.of(xa, xb), List.of(yc, yv), FitOptions.epochs(4).batchSize(32).verbose(0));
        assertWeightsEqual(reused, fresh, "after 16 steps");
        assertTrue(reused.reusesForwardArrays());
        assertTrue(reused.reusedStepArrays() > 0);
        assertEquals(0, fresh.reusedStepArrays());
    }

    /** Evaluation (validation included) reuses its forward arrays too, with the same results as fresh ones. */
    @Test
    void evaluatingWithReusedArraysEqualsEvaluatingWithFreshOnes() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 200, 12);
        INDArray y = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3)).argMax(1).castTo(DataType.INT32);
        Backend.setRandomSeed(7);
        Sequential own = new Sequential(new Input(12), new Dense(16, "relu"), new Dense(3, "softmax"));
        own.compile(new Adam(0.01), "sparse_categorical_crossentropy", "accuracy");
        own.fit(x, y, FitOptions.epochs(3).batchSize(32).validationSplit(0.25).verbose(0));
        assertTrue(own.reusedEvaluationArrays() > 0, "validation reused its arrays");
        // the same weights behind a user's pass-through layer: nothing is reused
        Sequential user = new Sequential(new Input(12), new Dense(16, "relu"), new InputRecorder(), new Dense(3, "softmax"));
        user.compile(new Adam(0.01), "sparse_categorical_crossentropy", "accuracy");
        user.setWeights(own.getWeights());
        // batches of 48: four full ones and one of 8
        Map<String, Double> reused = own.evaluate(x, y, 48, 0);
        Map<String, Double> again = own.evaluate(x, y, 48, 0);
        Map<String, Double> fresh = user.evaluate(x, y, 48, 0);
        assertTrue(own.reusesForwardArrays());
        assertFalse(user.reusesForwardArrays());
        assertEquals(0, user.reusedEvaluationArrays());
        assertEquals(fresh, reused);
        assertEquals(fresh, again);
    }

    @Test
    void aUsersLossOrMetricOrAWrappedUsersLayerTurnsForwardReuseOff() {
        assertTrue(ForwardArrayReuse.allowed(new Sequential(new Input(4), new Dense(2)), List.of(new MeanSquaredError()),
                List.of("mae", new MeanAbsoluteError())));
        Sequential own = new Sequential(new Input(4), new Dense(2));
        assertFalse(ForwardArrayReuse.allowed(own, List.of(new UserLoss()), List.of()));
        assertFalse(ForwardArrayReuse.allowed(own, List.of(new MeanSquaredError()), List.of(new UserMetric())));
        assertFalse(ForwardArrayReuse.allowed(new Sequential(new Input(3, 4), new TimeDistributed(new InputRecorder())),
                List.of(new MeanSquaredError()), List.of()), "the wrapped layer counts");
        assertFalse(ForwardArrayReuse.allowed(new Sequential(new Input(4), new Sequential(new InputRecorder())),
                List.of(new MeanSquaredError()), List.of()), "a nested model's layers count");
    }

    /** The layer under test, on (6, 4) inputs: a sequence of 6 steps, or a 6 x 4 one-channel image. */
    private static Layer body(String kind) {
        return switch (kind) {
            case "lstm" -> new LSTM(8);
            case "stateful_lstm" -> new LSTM(8).stateful(true);
            case "gru" -> new GRU(8);
            case "simple_rnn" -> new SimpleRNN(8);
            default -> new Sequential(new Reshape(6, 4, 1), new Conv2D(4, 3, "relu"));
        };
    }

    private static void assertWeightsEqual(Model a, Model b, String when) {
        List<INDArray> wa = a.getWeights();
        List<INDArray> wb = b.getWeights();
        assertEquals(wa.size(), wb.size());
        for (int i = 0; i < wa.size(); i++) {
            assertArrayEquals(wa.get(i).data().asFloat(), wb.get(i).data().asFloat(), 0f, when + ", weight " + i);
        }
    }
}
