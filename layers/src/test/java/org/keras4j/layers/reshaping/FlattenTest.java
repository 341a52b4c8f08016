package org.keras4j.layers.reshaping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.factory.Nd4j;

class FlattenTest {

    @Test
    void passesTheLayerContract() {
        LayerTestHarness.of(Flatten::new).inputShape(2, 3, 4, 2).expectOutputShape(2, 24).expectParams(0).run();
    }

    @Test
    void keepsChannelsLastOrder() {
        var x = Nd4j.arange(12).reshape(1, 2, 3, 2).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
        var out = new Flatten().apply(Tensor.constant(x), false).value();
        assertArrayEquals(new long[] {1, 12}, out.shape());
        assertArrayEquals(x.reshape(12).toFloatVector(), out.reshape(12).toFloatVector(), 0f);
        assertEquals(Shape.of(-1, 24), new Flatten().computeOutputShape(Shape.of(-1, 2, 3, 4)));
    }
}
