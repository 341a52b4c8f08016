package org.keras4j.layers.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Conv2DTransposeTest {

    @Test
    void passesTheLayerContract() {
        LayerTestHarness.of(() -> new Conv2DTranspose(2, 3, "tanh")).inputShape(2, 3, 3, 2).expectOutputShape(2, 5, 5, 2).expectParams(38).run();
        LayerTestHarness.of(() -> new Conv2DTranspose(2, 3).strides(2).padding("same")).inputShape(2, 3, 4, 2).expectOutputShape(2, 6, 8, 2).run();
        LayerTestHarness.of(() -> new Conv2DTranspose(2, 3).strides(2).outputPadding(1)).inputShape(1, 3, 3, 2).expectOutputShape(1, 8, 8, 2).run();
        LayerTestHarness.of(() -> new Conv2DTranspose(2, 2).dilationRate(2).dataFormat("channels_first").padding("same"))
                .inputShape(1, 2, 3, 4).expectOutputShape(1, 2, 3, 4).run();
    }

    @Test
    void scattersEachInputOverTheKernelByHand() {
        Conv2DTranspose t = new Conv2DTranspose(1, 2).strides(2).useBias(false);
        t.ensureBuilt(Shape.of(-1, 1, 2, 1));
        t.kernel().assign(Nd4j.create(new float[] {1, 2, 3, 4}, 2, 2, 1, 1));
        INDArray x = Nd4j.create(new float[] {1, 10}, 1, 1, 2, 1);
        INDArray out = t.apply(Tensor.constant(x), false).value();
        assertEquals(Nd4j.create(new float[] {1, 2, 10, 20, 3, 4, 30, 40}, 1, 2, 4, 1), out);
    }

    @Test
    void outputPaddingMustBeBelowStrides() {
        Conv2DTranspose t = new Conv2DTranspose(1, 3).strides(2).outputPadding(2);
        var e = assertThrows(IllegalArgumentException.class, () -> t.apply(Tensor.constant(Nd4j.zeros(DataType.FLOAT, 1, 3, 3, 1)), false));
        assertEquals("Layer \"" + t.name() + "\": output_padding must be >= 0 and smaller than strides, received output_padding=[2, 2] and strides=[2, 2].",
                e.getMessage());
    }
}
