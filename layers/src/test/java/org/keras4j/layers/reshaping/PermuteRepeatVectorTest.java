package org.keras4j.layers.reshaping;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Permute and RepeatVector: harness, values by hand, errors. */
class PermuteRepeatVectorTest {

    @Test
    void passTheLayerContract() {
        LayerTestHarness.of(() -> new Permute(2, 1)).inputShape(2, 3, 4).expectOutputShape(2, 4, 3).run();
        LayerTestHarness.of(() -> new Permute(3, 1, 2)).inputShape(2, 3, 4, 5).expectOutputShape(2, 5, 3, 4).run();
        LayerTestHarness.of(() -> new RepeatVector(3)).inputShape(2, 4).expectOutputShape(2, 3, 4).run();
    }

    @Test
    void valuesByHand() {
        INDArray x = Nd4j.arange(6).castTo(DataType.FLOAT).reshape(1, 2, 3);
        INDArray p = new Permute(2, 1).apply(Tensor.constant(x), false).value();
        assertEquals(Nd4j.createFromArray(new float[][][] {{{0, 3}, {1, 4}, {2, 5}}}), p);
        INDArray v = Nd4j.createFromArray(new float[][] {{1, 2}});
        assertEquals(Nd4j.createFromArray(new float[][][] {{{1, 2}, {1, 2}, {1, 2}}}), new RepeatVector(3).apply(Tensor.constant(v), false).value());
        assertEquals(Shape.of(Shape.NONE, 5, 7), new RepeatVector(5).computeOutputShape(Shape.of(Shape.NONE, 7)));
    }

    @Test
    void errors() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Permute(0, 1));
        assertTrue(e.getMessage().contains("dims=[0, 1]"), e.getMessage());
        Permute p = new Permute(2, 1);
        var e2 = assertThrows(IllegalArgumentException.class, () -> p.apply(Tensor.constant(Nd4j.ones(DataType.FLOAT, 2, 3, 4, 5)), false));
        assertTrue(e2.getMessage().contains(p.name()) && e2.getMessage().contains("(None, 3, 4, 5)"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RepeatVector(0));
    }
}
