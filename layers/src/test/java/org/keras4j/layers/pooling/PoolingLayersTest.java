package org.keras4j.layers.pooling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** The six Max/AveragePooling layers share {@link BasePooling}; each passes the layer contract here. */
class PoolingLayersTest {

    @Test
    void maxPoolingPassesTheLayerContract() {
        LayerTestHarness.of(() -> new MaxPooling1D()).inputShape(2, 7, 3).expectOutputShape(2, 3, 3).expectParams(0).run();
        LayerTestHarness.of(() -> new MaxPooling1D(3).strides(2).padding("same").dataFormat("channels_first"))
                .inputShape(2, 3, 6).expectOutputShape(2, 3, 3).run();
        LayerTestHarness.of(() -> new MaxPooling2D(2)).inputShape(2, 4, 6, 2).expectOutputShape(2, 2, 3, 2).run();
        LayerTestHarness.of(() -> new MaxPooling2D(3).strides(2).padding("same")).inputShape(2, 5, 6, 2).expectOutputShape(2, 3, 3, 2).run();
        LayerTestHarness.of(() -> new MaxPooling3D(2).padding("same")).inputShape(1, 3, 4, 3, 2).expectOutputShape(1, 2, 2, 2, 2).run();
        LayerTestHarness.of(() -> new MaxPooling3D(2, 1, 2).dataFormat("channels_first")).inputShape(1, 2, 4, 3, 4)
                .expectOutputShape(1, 2, 2, 3, 2).run();
    }

    @Test
    void averagePoolingPassesTheLayerContract() {
        LayerTestHarness.of(() -> new AveragePooling1D(2).strides(1)).inputShape(2, 5, 3).expectOutputShape(2, 4, 3).run();
        LayerTestHarness.of(() -> new AveragePooling1D(2).padding("same")).inputShape(2, 5, 2).expectOutputShape(2, 3, 2).run();
        LayerTestHarness.of(() -> new AveragePooling2D(2).padding("same")).inputShape(2, 5, 4, 2).expectOutputShape(2, 3, 2, 2).run();
        LayerTestHarness.of(() -> new AveragePooling2D(3, 2).strides(1, 2).dataFormat("channels_first")).inputShape(1, 2, 5, 6)
                .expectOutputShape(1, 2, 3, 3).run();
        LayerTestHarness.of(() -> new AveragePooling3D(2).padding("same")).inputShape(1, 3, 3, 4, 2).expectOutputShape(1, 2, 2, 2, 2).run();
    }

    @Test
    void sameAveragePoolingDividesByTheRealCellsOnly() {
        // 3x3 input 1..9, pool 2 stride 2 same: windows [1,2,4,5], [3,6], [7,8], [9]
        var x = Nd4j.arange(1, 10).castTo(DataType.FLOAT).reshape(1, 3, 3, 1);
        float[] avg = new AveragePooling2D(2).padding("same").apply(Tensor.constant(x), false).value().data().asFloat();
        assertArrayEquals(new float[] {3f, 4.5f, 7.5f, 9f}, avg, 1e-6f);
        float[] max = new MaxPooling2D(2).padding("same").apply(Tensor.constant(x.neg()), false).value().data().asFloat();
        assertArrayEquals(new float[] {-1f, -3f, -7f, -9f}, max, 1e-6f);
    }

    @Test
    void stridesDefaultToThePoolSizeAndConfigUsesKerasNames() {
        var p = new MaxPooling2D(3, 2);
        assertEquals(List.of(3, 2), p.getConfig().get("strides"));
        assertEquals(List.of(3, 2), p.getConfig().get("pool_size"));
        assertEquals("MaxPooling2D: pool_size must contain positive integers, received pool_size=[0]",
                assertThrows(IllegalArgumentException.class, () -> new MaxPooling2D(0)).getMessage());
        var small = new AveragePooling2D(4);
        var e = assertThrows(IllegalArgumentException.class, () -> small.apply(Tensor.constant(Nd4j.zeros(DataType.FLOAT, 1, 3, 3, 1)), false));
        assertEquals("Layer \"" + small.name() + "\": input shape (None, 3, 3, 1) is too small for pool_size=[4, 4] with padding='valid'; "
                + "the output shape would be (None, 0, 0, 1).", e.getMessage());
    }
}
