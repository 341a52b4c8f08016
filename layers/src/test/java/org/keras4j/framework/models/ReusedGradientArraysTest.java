package org.keras4j.framework.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.GradientTape;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.optimizers.Adam;
import org.keras4j.layers.conv.Conv2D;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.rnn.GRU;
import org.keras4j.layers.rnn.LSTM;
import org.keras4j.layers.reshaping.Flatten;
import org.keras4j.layers.reshaping.Reshape;
import org.keras4j.layers.rnn.SimpleRNN;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The built-in train step computes its gradients into arrays reused from step to step; training
 * must come out bit for bit as when every step makes fresh arrays (a custom train step, which the
 * reuse does not touch), including an epoch's smaller last batch.
 */
class ReusedGradientArraysTest {

    /** A custom train step with the built-in maths, whose gradient arrays are all new. */
    static final class FreshGradients extends Sequential {
        FreshGradients(Layer... layers) {
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
    void trainingWithReusedGradientArraysEqualsTrainingWithFreshOnes() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 300, 12);
        INDArray y = x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3))
                .argMax(1).castTo(DataType.INT32);
        Backend.setRandomSeed(11);
        Sequential reused = new Sequential(new Input(12), new Dense(16, "relu"), new Dense(8, "relu"), new Dense(3, "softmax"));
        reused.compile(new Adam(0.01), "sparse_categorical_crossentropy", "accuracy");
        Backend.setRandomSeed(11);
        Sequential fresh = new FreshGradients(new Input(12), new Dense(16, "relu"), new Dense(8, "relu"), new Dense(3, "softmax"));
        fresh.compile(new Adam(0.01), "sparse_categorical_crossentropy", "accuracy");
        assertWeightsEqual(reused, fresh, "initial weights");

        // 300 samples in batches of 64: four full batches and one of 44, every epoch, in a seeded shuffle
        Backend.setRandomSeed(5);
        reused.fit(x, y, FitOptions.epochs(12).batchSize(64).verbose(0));
        Backend.setRandomSeed(5);
        fresh.fit(x, y, FitOptions.epochs(12).batchSize(64).verbose(0));
        assertWeightsEqual(reused, fresh, "after 60 steps");
        // per step: the loss seed and mean, the cross-entropy gradient, and per Dense layer its products, bias sum and relu mask
        assertTrue(reused.reusedGradientArrays() >= 10, "arrays reused: " + reused.reusedGradientArrays());
        assertEquals(0, fresh.reusedGradientArrays());
        assertTrue(reused.evaluate(x, y, 300, 0).get("accuracy") > 0.8, "the model learns");
    }

    /**
     * The recurrent cells' host passes compute their step gradients through the same reused arrays;
     * a convolution's (libnd4j's or oneDNN's) do not, and mix with a dense layer's that do.
     */
    @Test
    void recurrentAndConvolutionalLayersTrainTheSameWithReusedGradientArrays() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 150, 6, 4);
        INDArray y = x.sum(1).get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3))
                .argMax(1).castTo(DataType.INT32);
        for (String kind : new String[] {"lstm", "gru", "simple_rnn", "conv"}) {
            Backend.setRandomSeed(11);
            Sequential reused = new Sequential(new Input(6, 4), body(kind), new Flatten(), new Dense(3, "softmax"));
            reused.compile(new Adam(0.01), "sparse_categorical_crossentropy");
            Backend.setRandomSeed(11);
            Sequential fresh = new FreshGradients(new Input(6, 4), body(kind), new Flatten(), new Dense(3, "softmax"));
            fresh.compile(new Adam(0.01), "sparse_categorical_crossentropy");
            // 150 samples in batches of 32: four full batches and one of 22 per epoch
            Backend.setRandomSeed(5);
            reused.fit(x, y, FitOptions.epochs(3).batchSize(32).verbose(0));
            Backend.setRandomSeed(5);
            fresh.fit(x, y, FitOptions.epochs(3).batchSize(32).verbose(0));
            assertWeightsEqual(reused, fresh, kind + " after 15 steps");
            assertTrue(reused.reusedGradientArrays() > 0, kind);
        }
    }

    /** The layer under test, on (6, 4) inputs: a sequence of 6 steps, or a 6 x 4 one-channel image. */
    private static Layer body(String kind) {
        return switch (kind) {
            case "lstm" -> new LSTM(8);
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
