package org.keras4j.layers.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MaskingTest {

    @Test
    void passesTheLayerContract() {
        LayerTestHarness.of(() -> new Masking(0.5)).inputShape(2, 3, 4).expectOutputShape(2, 3, 4).expectParams(0).run();
    }

    @Test
    void masksStepsWhoseFeaturesAllEqualTheMaskValue() {
        INDArray x = Nd4j.create(new float[] {-1, -1, 2, -1, -1, -1}, new long[] {1, 3, 2});
        Tensor out = new Masking(-1).apply(Tensor.constant(x), false);
        assertArrayEquals(new float[] {0, 0, 2, -1, 0, 0}, out.value().reshape(6).toFloatVector(), 0f);
        assertArrayEquals(new float[] {0, 1, 0}, out.mask().castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).reshape(3).toFloatVector(), 0f);
    }
}
