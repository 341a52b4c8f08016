package org.keras4j.layers.pooling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.testing.GradientCheck;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The six global pooling layers: harness (float64 gradients), hand-computed values, keepdims, channels_first, masks. */
class GlobalPoolingTest {

    @Test
    void passTheLayerContract() {
        LayerTestHarness.of(GlobalMaxPooling1D::new).inputShape(2, 5, 3).expectOutputShape(2, 3).expectParams(0).run();
        LayerTestHarness.of(GlobalAveragePooling1D::new).inputShape(2, 5, 3).expectOutputShape(2, 3).run();
        LayerTestHarness.of(() -> new GlobalMaxPooling2D("channels_first", true)).inputShape(2, 3, 4, 2).expectOutputShape(2, 3, 1, 1).run();
        LayerTestHarness.of(GlobalAveragePooling2D::new).inputShape(2, 4, 3, 2).expectOutputShape(2, 2).run();
        LayerTestHarness.of(GlobalMaxPooling3D::new).inputShape(2, 2, 3, 2, 3).expectOutputShape(2, 3).run();
        LayerTestHarness.of(() -> new GlobalAveragePooling3D("channels_first", true)).inputShape(2, 3, 2, 2, 2)
                .expectOutputShape(2, 3, 1, 1, 1).run();
    }

    @Test
    void valuesByHand() {
        // one sample, 3 steps, 2 features
        INDArray x = Nd4j.createFromArray(new float[][][] {{{1, -4}, {3, 0}, {-2, 8}}});
        assertEquals(Nd4j.createFromArray(new float[][] {{3, 8}}), new GlobalMaxPooling1D().apply(Tensor.constant(x), false).value());
        assertEquals(Nd4j.createFromArray(new float[][] {{2f / 3, 4f / 3}}),
                new GlobalAveragePooling1D().apply(Tensor.constant(x), false).value());
        // channels_first reads the same numbers as (batch, features=3, steps=2)
        assertEquals(Nd4j.createFromArray(new float[][] {{1, 3, 8}}),
                new GlobalMaxPooling1D("channels_first", false).apply(Tensor.constant(x), false).value());
        INDArray kept = new GlobalAveragePooling1D("channels_last", true).apply(Tensor.constant(x), false).value();
        assertArrayEquals(new long[] {1, 1, 2}, kept.shape());
        assertEquals(Shape.of(Shape.NONE, 1, 1, 5), new GlobalMaxPooling2D("channels_last", true).computeOutputShape(Shape.of(Shape.NONE, 4, 4, 5)));
    }

    @Test
    void averagePooling1DAveragesOnlyUnmaskedSteps() {
        INDArray x = Nd4j.createFromArray(new double[][][] {{{1, 2}, {3, 4}, {100, 100}}, {{5, 6}, {-1, -1}, {-1, -1}}});
        INDArray mask = Nd4j.createFromArray(new boolean[][] {{true, true, false}, {true, false, false}});
        INDArray out = new GlobalAveragePooling1D().apply(Tensor.constant(x).setMask(mask), false).value();
        assertEquals(Nd4j.createFromArray(new double[][] {{2, 3}, {5, 6}}), out);
        GradientCheck.inFloat64(() -> GradientCheck.check(
                t -> new GlobalAveragePooling1D().apply(t.get(0).setMask(mask), false),
                GradientCheck.uniform(-1, 1, 2, 3, 2)));
    }

    @Test
    void badInputNamesTheLayer() {
        GlobalMaxPooling2D layer = new GlobalMaxPooling2D();
        var e = assertThrows(IllegalArgumentException.class, () -> layer.apply(Tensor.constant(Nd4j.ones(DataType.FLOAT, 2, 3, 4)), false));
        assertTrue(e.getMessage().contains(layer.name()) && e.getMessage().contains("(None, 3, 4)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GlobalAveragePooling2D("nchw", false));
    }
}
