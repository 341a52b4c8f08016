package org.keras4j.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.SequenceOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.testing.GradientCheck;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class LSTMTest {

    @Test
    void passesTheLayerContractOnTheFusedAndTheStepPaths() {
        // params: 4 * (3*2 + 2*2 + 2) = 48
        LayerTestHarness.of(() -> new LSTM(2)).inputShape(2, 4, 3).expectOutputShape(2, 2).expectParams(48).run();
        LayerTestHarness.of(() -> new LSTM(2).returnSequences(true).goBackwards(true)).inputShape(2, 4, 3)
                .expectOutputShape(2, 4, 2).run();
        // hard_sigmoid (Keras 3's) is not the fused op's activation: the per-step loop runs
        LayerTestHarness.of(() -> new LSTM(2).recurrentActivation("hard_sigmoid").useBias(false).returnSequences(true))
                .inputShape(2, 4, 3).expectOutputShape(2, 4, 2).expectParams(40).run();
        LayerTestHarness.of(() -> new LSTM(2).dropout(0.3).recurrentDropout(0.3).kernelRegularizer("l2"))
                .inputShape(2, 4, 3).expectOutputShape(2, 2).gradientInInference().run();
    }

    @Test
    void dropoutMasksAreDifferentiatedInTraining() {
        GradientCheck.inFloat64(() -> {
            LSTM layer = new LSTM(2).dropout(0.3).recurrentDropout(0.4);
            layer.ensureBuilt(Shape.of(-1, 4, 3));
            Variable x = new Variable("x", GradientCheck.uniform(-1, 1, 2, 4, 3), true);
            java.util.List<Variable> wrt = new java.util.ArrayList<>(layer.trainableWeights());
            wrt.add(x);
            GradientCheck.check(a -> {
                org.keras4j.framework.backend.Backend.setRandomSeed(3); // the same dropout masks in every evaluation
                return layer.apply(a.get(0), true);
            }, List.of(x), wrt);
            org.keras4j.framework.backend.Backend.setRandomSeed(3);
            INDArray train = layer.apply(Tensor.constant(x.value()), true).value();
            assertTrue(!train.equalsWithEps(layer.apply(Tensor.constant(x.value()), false).value(), 1e-6), "dropout acts in training");
        });
    }

    @Test
    void fusedAndStepPathsAgree() {
        LSTM layer = new LSTM(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 4, 3);
        INDArray fused = layer.apply(Tensor.constant(x), false).value();
        // an all-true mask sends the same computation through the per-step loop
        INDArray looped = layer.apply(Tensor.constant(x).setMask(Nd4j.ones(DataType.FLOAT, 2, 4)), false).value();
        assertTrue(fused.equalsWithEps(looped, 1e-5), fused + " vs " + looped);
    }

    @Test
    void masksCarryStateThroughAndHaveCorrectGradients() {
        RnnTestSupport.checkMaskSkipsSteps(() -> new LSTM(3));
        RnnTestSupport.checkMaskedGradients(() -> new LSTM(2).returnSequences(true));
        // with return_sequences a masked step repeats the previous output
        LSTM seq = new LSTM(2).returnSequences(true);
        INDArray out = seq.apply(Tensor.constant(Nd4j.rand(DataType.FLOAT, 2, 4, 3)).setMask(RnnTestSupport.mask()), false).value();
        assertTrue(out.get(NDArrayIndex.point(1), NDArrayIndex.point(2), NDArrayIndex.all())
                .equalsWithEps(out.get(NDArrayIndex.point(1), NDArrayIndex.point(1), NDArrayIndex.all()), 1e-6));
    }

    @Test
    void returnStateAndInitialStateGoThroughListCalls() {
        LSTM layer = new LSTM(2).returnState(true);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 4, 3);
        List<Tensor> outs = layer.apply(List.of(Tensor.constant(x)), false);
        assertEquals(3, outs.size());
        assertTrue(outs.get(0).value().equalsWithEps(outs.get(1).value(), 0), "output is the last h");
        assertEquals(List.of(Shape.of(-1, 2), Shape.of(-1, 2), Shape.of(-1, 2)), layer.computeOutputShapes(List.of(Shape.of(-1, 4, 3))));
        // continuing from the returned states equals running the concatenated sequence
        INDArray x2 = Nd4j.rand(DataType.FLOAT, 2, 3, 3);
        INDArray cont = layer.apply(List.of(Tensor.constant(x2), outs.get(1), outs.get(2)), false).get(0).value();
        INDArray whole = layer.apply(List.of(Tensor.constant(Nd4j.concat(1, x, x2))), false).get(0).value();
        assertTrue(cont.equalsWithEps(whole, 1e-5));
        var e = assertThrows(IllegalArgumentException.class,
                () -> layer.apply(List.of(Tensor.constant(x), outs.get(1)), false));
        assertTrue(e.getMessage().contains("expects 2 initial state(s), but received 1"), e.getMessage());
    }

    @Test
    void gradientsReachInitialStatesAndBothReturnedStates() {
        GradientCheck.inFloat64(() -> {
            LSTM layer = new LSTM(2).returnState(true).returnSequences(true);
            layer.ensureBuilt(Shape.of(-1, 3, 3));
            Variable x = new Variable("x", GradientCheck.uniform(-1, 1, 2, 3, 3), true);
            Variable h0 = new Variable("h0", GradientCheck.uniform(-1, 1, 2, 2), true);
            Variable c0 = new Variable("c0", GradientCheck.uniform(-1, 1, 2, 2), true);
            GradientCheck.check(a -> {
                List<Tensor> o = layer.apply(List.of(a.get(0), a.get(1), a.get(2)), true);
                return SequenceOps.concat(List.of(Ops.reshape(o.get(0), 2, 6), o.get(1), o.get(2)), 1);
            }, List.of(x, h0, c0), List.of(x, h0, c0, layer.weights().get(0), layer.weights().get(1)));
        });
    }

    @Test
    void statefulLayerCarriesStatesAcrossCalls() {
        LSTM stateful = new LSTM(3).stateful(true);
        LSTM plain = new LSTM(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 6, 4);
        plain.ensureBuilt(Shape.of(-1, 6, 4));
        stateful.ensureBuilt(Shape.of(-1, 3, 4));
        for (int i = 0; i < 3; i++) {
            stateful.weights().get(i).assign(plain.weights().get(i).value());
        }
        stateful.apply(Tensor.constant(x.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 3), NDArrayIndex.all()).dup()), false);
        INDArray second = stateful.apply(Tensor.constant(x.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 6), NDArrayIndex.all()).dup()), false).value();
        assertTrue(plain.apply(Tensor.constant(x), false).value().equalsWithEps(second, 1e-5));
        stateful.resetStates();
        INDArray fresh = stateful.apply(Tensor.constant(x.get(NDArrayIndex.all(), NDArrayIndex.interval(3, 6), NDArrayIndex.all()).dup()), false).value();
        assertTrue(!fresh.equalsWithEps(second, 1e-5), "reset starts from zeros");
        var e = assertThrows(IllegalArgumentException.class, () -> stateful.apply(Tensor.constant(Nd4j.rand(DataType.FLOAT, 3, 3, 4)), false));
        assertTrue(e.getMessage().contains("fixed batch size"), e.getMessage());
    }

    @Test
    void unitForgetBiasStartsTheForgetGateAtOne() {
        LSTM layer = new LSTM(2);
        layer.ensureBuilt(Shape.of(-1, 5, 3));
        assertArrayEquals(new float[] {0, 0, 1, 1, 0, 0, 0, 0}, layer.weights().get(2).value().toFloatVector(), 0f);
    }

    @Test
    void rejectsBadArgumentsAndInputs() {
        var e = assertThrows(IllegalArgumentException.class, () -> new LSTM(0));
        assertEquals("LSTM: units must be a positive integer, received units=0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LSTM(2).dropout(1.0));
        LSTM layer = new LSTM(2);
        var bad = assertThrows(IllegalArgumentException.class, () -> layer.apply(Tensor.constant(Nd4j.rand(DataType.FLOAT, 2, 3)), false));
        assertTrue(bad.getMessage().contains("expects input of shape (batch, timesteps, features)"), bad.getMessage());
    }
}
