package org.keras4j.layers.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Conv1DTest {

    @Test
    void passesTheLayerContract() {
        LayerTestHarness.of(() -> new Conv1D(3, 3, "tanh")).inputShape(2, 6, 2).expectOutputShape(2, 4, 3).expectParams(21).run();
        LayerTestHarness.of(() -> new Conv1D(2, 4).strides(2).padding("same")).inputShape(2, 7, 3).expectOutputShape(2, 4, 2).run();
        LayerTestHarness.of(() -> new Conv1D(2, 4).strides(2).padding("same")).inputShape(2, 8, 3).expectOutputShape(2, 4, 2).run();
        LayerTestHarness.of(() -> new Conv1D(2, 2).padding("causal").dilationRate(2)).inputShape(2, 5, 2).expectOutputShape(2, 5, 2).run();
        LayerTestHarness.of(() -> new Conv1D(4, 3).groups(2).dataFormat("channels_first")).inputShape(2, 4, 6)
                .expectOutputShape(2, 4, 4).expectParams(3 * 2 * 4 + 4).run();
    }

    @Test
    void causalOutputNeverSeesTheFuture() {
        Conv1D conv = new Conv1D(1, 3).padding("causal").useBias(false);
        conv.ensureBuilt(Shape.of(-1, 6, 1));
        conv.kernel().assign(Nd4j.create(new float[] {100, 10, 1}, 3, 1, 1));
        INDArray x = Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, 1, 6, 1);
        // y[t] = 100 x[t-2] + 10 x[t-1] + x[t], zeros before the start
        float[] y = conv.apply(Tensor.constant(x), false).value().data().asFloat();
        assertArrayEquals(new float[] {1, 12, 123, 234, 345, 456}, y, 1e-4f);
    }

    @Test
    void causalIsOnlyForConv1D() {
        assertEquals("Conv1D: padding must be one of 'valid', 'same', 'causal', received padding='full'",
                assertThrows(IllegalArgumentException.class, () -> new Conv1D(2, 3).padding("full")).getMessage());
        assertEquals("Conv1D: groups must be a positive integer dividing filters=3, received groups=2",
                assertThrows(IllegalArgumentException.class, () -> new Conv1D(3, 3).groups(2)).getMessage());
        Conv1D g = new Conv1D(4, 3).groups(2);
        var e = assertThrows(IllegalArgumentException.class, () -> g.apply(Tensor.constant(Nd4j.zeros(DataType.FLOAT, 1, 5, 3)), false));
        assertEquals("Layer \"" + g.name() + "\": the number of input channels must divide by groups=2, but received shape (None, 5, 3) with 3 channels.",
                e.getMessage());
    }
}
