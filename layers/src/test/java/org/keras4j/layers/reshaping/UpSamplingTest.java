package org.keras4j.layers.reshaping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** UpSampling1D/2D/3D: harness (float64 gradients, incl. bilinear), values by hand. */
class UpSamplingTest {

    @Test
    void passTheLayerContract() {
        LayerTestHarness.of(() -> new UpSampling1D(3)).inputShape(2, 2, 3).expectOutputShape(2, 6, 3).run();
        LayerTestHarness.of(() -> new UpSampling2D(2, 3, "channels_last", "nearest")).inputShape(2, 2, 2, 3).expectOutputShape(2, 4, 6, 3).run();
        LayerTestHarness.of(() -> new UpSampling2D(3, 2, "channels_first", "bilinear")).inputShape(2, 2, 2, 3).expectOutputShape(2, 2, 6, 6).run();
        LayerTestHarness.of(() -> new UpSampling2D(2, 2, "channels_last", "bilinear")).inputShape(1, 3, 2, 2).expectOutputShape(1, 6, 4, 2).run();
        LayerTestHarness.of(() -> new UpSampling3D(new int[] {1, 2, 2}, "channels_first")).inputShape(1, 2, 2, 2, 1)
                .expectOutputShape(1, 2, 2, 4, 2).run();
        LayerTestHarness.of(UpSampling3D::new).inputShape(1, 1, 2, 1, 2).expectOutputShape(1, 2, 4, 2, 2).run();
    }

    @Test
    void valuesByHand() {
        INDArray seq = Nd4j.createFromArray(new float[][][] {{{1, 2}, {3, 4}}});
        assertEquals(Nd4j.createFromArray(new float[][][] {{{1, 2}, {1, 2}, {3, 4}, {3, 4}}}),
                new UpSampling1D().apply(Tensor.constant(seq), false).value());
        // bilinear, one row [0, 4] doubled: half-pixel sources -0.25, 0.25, 0.75, 1.25 -> 0, 1, 3, 4
        INDArray row = Nd4j.createFromArray(new float[] {0, 4}).reshape(1, 1, 2, 1);
        INDArray up = new UpSampling2D(1, 2, "channels_last", "bilinear").apply(Tensor.constant(row), false).value();
        assertEquals(Nd4j.createFromArray(new float[] {0, 1, 3, 4}).reshape(1, 1, 4, 1), up);
        INDArray vol = Nd4j.arange(2).castTo(DataType.FLOAT).reshape(1, 1, 1, 2, 1);
        INDArray v = new UpSampling3D(new int[] {2, 1, 2}, "channels_last").apply(Tensor.constant(vol), false).value();
        assertArrayEquals(new long[] {1, 2, 1, 4, 1}, v.shape());
        assertEquals(Nd4j.createFromArray(new float[] {0, 0, 1, 1, 0, 0, 1, 1}), v.reshape(8));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new UpSampling2D(2, 2, "channels_last", "bicubic"));
        assertThrows(IllegalArgumentException.class, () -> new UpSampling1D(0));
        assertThrows(IllegalArgumentException.class, () -> new UpSampling3D(new int[] {1, 2}, "channels_last"));
    }
}
