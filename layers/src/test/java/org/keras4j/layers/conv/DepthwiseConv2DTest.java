package org.keras4j.layers.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DepthwiseConv2DTest {

    @Test
    void passesTheLayerContract() {
        LayerTestHarness.of(() -> new DepthwiseConv2D(new int[] {3}, "tanh")).inputShape(2, 4, 5, 2).expectOutputShape(2, 2, 3, 2).expectParams(20).run();
        LayerTestHarness.of(() -> new DepthwiseConv2D(3).depthMultiplier(2).strides(2).padding("same")).inputShape(2, 5, 4, 2)
                .expectOutputShape(2, 3, 2, 4).expectParams(3 * 3 * 2 * 2 + 4).run();
        LayerTestHarness.of(() -> new DepthwiseConv2D(2).dilationRate(2).dataFormat("channels_first").depthwiseRegularizer("l2"))
                .inputShape(1, 2, 4, 4).expectOutputShape(1, 2, 2, 2).run();
    }

    @Test
    void channelsAreConvolvedSeparatelyInKerasOrder() {
        // 1x1 kernel, 2 channels, depth multiplier 2: output channel c*2+m = x[c] * k[c, m]
        DepthwiseConv2D d = new DepthwiseConv2D(1).depthMultiplier(2).useBias(false);
        d.ensureBuilt(Shape.of(-1, 1, 1, 2));
        d.kernel().assign(Nd4j.create(new float[] {1, 2, 3, 4}, 1, 1, 2, 2));
        INDArray out = d.apply(Tensor.constant(Nd4j.create(new float[] {10, 100}, 1, 1, 1, 2)), false).value();
        assertEquals(Nd4j.create(new float[] {10, 20, 300, 400}, 1, 1, 1, 4), out);
        assertEquals(DataType.FLOAT, out.dataType());
    }
}
