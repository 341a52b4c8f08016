package org.keras4j.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.SequenceOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BidirectionalTest {

    @Test
    void passesTheLayerContractForEveryMergeMode() {
        LayerTestHarness.of(() -> new Bidirectional(new LSTM(2))).inputShape(2, 4, 3).expectOutputShape(2, 4).expectParams(96).run();
        LayerTestHarness.of(() -> new Bidirectional(new GRU(2).returnSequences(true), "sum")).inputShape(2, 3, 3)
                .expectOutputShape(2, 3, 2).run();
        LayerTestHarness.of(() -> new Bidirectional(new SimpleRNN(2), "mul")).inputShape(2, 3, 3).expectOutputShape(2, 2).run();
        LayerTestHarness.of(() -> new Bidirectional(new SimpleRNN(2).returnSequences(true), "ave")).inputShape(2, 3, 3)
                .expectOutputShape(2, 3, 2).run();
    }

    @Test
    void mergeModeNoneReturnsBothDirectionsAndStates() {
        Bidirectional b = new Bidirectional(new LSTM(2).returnSequences(true).returnState(true), null);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4);
        List<Tensor> outs = b.apply(List.of(Tensor.constant(x)), false);
        assertEquals(6, outs.size(), "forward, backward, then h and c of each direction");
        // the backward output, flipped to forward time, ends (at step 0) with the backward final h
        INDArray back = outs.get(1).value();
        assertTrue(SequenceOps.timestep(Tensor.constant(back), 0).value().equalsWithEps(outs.get(4).value(), 1e-6));
        assertEquals(6, b.computeOutputShapes(List.of(Shape.of(-1, 3, 4))).size());
        assertThrows(IllegalArgumentException.class, () -> b.apply(Tensor.constant(x), false));
    }

    @Test
    void masksReachBothDirectionsAndGradientsMatch() {
        RnnTestSupport.checkMaskedGradients(() -> new Bidirectional(new SimpleRNN(2).returnSequences(true)));
        Bidirectional b = new Bidirectional(new SimpleRNN(2).returnSequences(true));
        Tensor out = b.apply(Tensor.constant(Nd4j.rand(DataType.FLOAT, 2, 4, 3)).setMask(RnnTestSupport.mask()), false);
        // masked steps output zeros in a merged sequence (as Keras), and the mask passes on
        assertEquals(0.0, out.value().get(org.nd4j.linalg.indexing.NDArrayIndex.point(1), org.nd4j.linalg.indexing.NDArrayIndex.point(2), org.nd4j.linalg.indexing.NDArrayIndex.all()).norm1Number().doubleValue(), 1e-7);
        assertTrue(out.mask() != null);
    }

    @Test
    void rejectsBadMergeMode() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Bidirectional(new LSTM(2), "max"));
        assertTrue(e.getMessage().contains("merge_mode must be one of"), e.getMessage());
    }
}
