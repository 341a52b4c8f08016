package org.keras4j.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class SimpleRNNTest {

    @Test
    void passesTheLayerContract() {
        // params: 3*2 + 2*2 + 2 = 12
        LayerTestHarness.of(() -> new SimpleRNN(2)).inputShape(2, 4, 3).expectOutputShape(2, 2).expectParams(12).run();
        LayerTestHarness.of(() -> new SimpleRNN(2, "relu").returnSequences(true).goBackwards(true).useBias(false))
                .inputShape(2, 4, 3).expectOutputShape(2, 4, 2).expectParams(10).run();
    }

    /** tanh in float32 runs the fused op (host cell); float64 the step loop. */
    @Test
    void fusedFloat32SimpleRnnMatchesTheStepLoop() {
        RnnTestSupport.checkFusedMatchesStepLoop(() -> new SimpleRNN(4).returnSequences(true).returnState(true).goBackwards(true));
    }

    @Test
    void computesTheRecurrenceByHand() {
        SimpleRNN layer = new SimpleRNN(1, null).returnSequences(true);
        layer.ensureBuilt(Shape.of(-1, 3, 1));
        layer.weights().get(0).assign(Nd4j.create(new float[][] {{2}}));
        layer.weights().get(1).assign(Nd4j.create(new float[][] {{0.5f}}));
        layer.weights().get(2).assign(Nd4j.create(new float[] {1}));
        // linear: h1 = 2*1 + 1 = 3; h2 = 2*2 + 0.5*3 + 1 = 6.5; h3 = 2*(-1) + 0.5*6.5 + 1 = 2.25
        INDArray out = layer.apply(Tensor.constant(Nd4j.create(new float[] {1, 2, -1}, new long[] {1, 3, 1})), false).value();
        assertArrayEquals(new float[] {3f, 6.5f, 2.25f}, out.reshape(3).toFloatVector(), 1e-6f);
        // go_backwards reads -1, 2, 1: h = -1; 4 - 0.5 + 1 = 4.5; 2 + 2.25 + 1 = 5.25, kept in reversed order
        layer = new SimpleRNN(1, null).returnSequences(true).goBackwards(true);
        layer.ensureBuilt(Shape.of(-1, 3, 1));
        layer.weights().get(0).assign(Nd4j.create(new float[][] {{2}}));
        layer.weights().get(1).assign(Nd4j.create(new float[][] {{0.5f}}));
        layer.weights().get(2).assign(Nd4j.create(new float[] {1}));
        out = layer.apply(Tensor.constant(Nd4j.create(new float[] {1, 2, -1}, new long[] {1, 3, 1})), false).value();
        assertArrayEquals(new float[] {-1f, 4.5f, 5.25f}, out.reshape(3).toFloatVector(), 1e-6f);
    }

    @Test
    void masksAndStatefulness() {
        RnnTestSupport.checkMaskSkipsSteps(() -> new SimpleRNN(3));
        RnnTestSupport.checkMaskedGradients(() -> new SimpleRNN(2).returnSequences(true).goBackwards(true));
        SimpleRNN stateful = new SimpleRNN(2).stateful(true).returnState(true);
        INDArray x = Nd4j.rand(DataType.FLOAT, 1, 4, 3);
        List<Tensor> first = stateful.apply(List.of(Tensor.constant(x)), false);
        assertEquals(2, first.size());
        assertTrue(stateful.states().get(0).equalsWithEps(first.get(1).value(), 0));
    }
}
