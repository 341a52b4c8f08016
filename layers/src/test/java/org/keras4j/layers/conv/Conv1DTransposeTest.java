package org.keras4j.layers.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.factory.Nd4j;

class Conv1DTransposeTest {

    @Test
    void passesTheLayerContract() {
        LayerTestHarness.of(() -> new Conv1DTranspose(2, 3, "tanh")).inputShape(2, 4, 3).expectOutputShape(2, 6, 2).expectParams(20).run();
        LayerTestHarness.of(() -> new Conv1DTranspose(2, 3).strides(2).padding("same")).inputShape(2, 5, 2).expectOutputShape(2, 10, 2).run();
        LayerTestHarness.of(() -> new Conv1DTranspose(2, 2).strides(3)).inputShape(1, 3, 2).expectOutputShape(1, 9, 2).run();
        LayerTestHarness.of(() -> new Conv1DTranspose(2, 3).strides(2).outputPadding(1).dataFormat("channels_first"))
                .inputShape(1, 2, 3).expectOutputShape(1, 2, 8).run();
    }

    @Test
    void sameCropsTheFullOutputAsTensorFlowDoes() {
        // x = [1, 2], kernel [1, 10, 100], stride 1: full [1, 12, 120, 200]; "same" keeps length 2 from offset 1
        Conv1DTranspose t = new Conv1DTranspose(1, 3).padding("same").useBias(false);
        t.ensureBuilt(Shape.of(-1, 2, 1));
        t.kernel().assign(Nd4j.create(new float[] {1, 10, 100}, 3, 1, 1));
        float[] y = t.apply(Tensor.constant(Nd4j.create(new float[] {1, 2}, 1, 2, 1)), false).value().data().asFloat();
        assertArrayEquals(new float[] {12, 120}, y, 1e-5f);
    }
}
