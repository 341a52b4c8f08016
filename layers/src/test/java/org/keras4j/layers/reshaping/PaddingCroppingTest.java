package org.keras4j.layers.reshaping;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** ZeroPadding1D/2D/3D and Cropping1D/2D/3D: harness, values by hand, Keras argument forms, errors. */
class PaddingCroppingTest {

    @Test
    void passTheLayerContract() {
        LayerTestHarness.of(() -> new ZeroPadding1D(new long[][] {{1, 2}})).inputShape(2, 3, 2).expectOutputShape(2, 6, 2).run();
        LayerTestHarness.of(() -> new ZeroPadding1D(new long[][] {{0, 2}}, "channels_first")).inputShape(2, 3, 2).expectOutputShape(2, 3, 4).run();
        LayerTestHarness.of(() -> new ZeroPadding2D(new long[][] {{1, 0}, {0, 2}}, "channels_first")).inputShape(2, 2, 3, 3)
                .expectOutputShape(2, 2, 4, 5).run();
        LayerTestHarness.of(() -> new ZeroPadding3D(1)).inputShape(1, 2, 1, 2, 2).expectOutputShape(1, 4, 3, 4, 2).run();
        LayerTestHarness.of(() -> new Cropping1D(new long[][] {{1, 2}})).inputShape(2, 5, 2).expectOutputShape(2, 2, 2).run();
        LayerTestHarness.of(() -> new Cropping2D(new long[][] {{1, 1}, {0, 2}}, "channels_last")).inputShape(2, 4, 5, 2)
                .expectOutputShape(2, 2, 3, 2).run();
        LayerTestHarness.of(() -> new Cropping3D(new long[][] {{0, 1}, {1, 0}, {1, 1}}, "channels_first")).inputShape(1, 2, 3, 3, 4)
                .expectOutputShape(1, 2, 2, 2, 2).run();
    }

    @Test
    void valuesByHand() {
        INDArray x = Nd4j.createFromArray(new float[][][] {{{1}, {2}}});
        INDArray padded = new ZeroPadding1D(new long[][] {{2, 1}}).apply(Tensor.constant(x), false).value();
        assertEquals(Nd4j.createFromArray(new float[][][] {{{0}, {0}, {1}, {2}, {0}}}), padded);
        // channels_first pads the last axis (Keras 3's ZeroPadding1D data_format)
        INDArray cf = new ZeroPadding1D(new long[][] {{1, 0}}, "channels_first").apply(Tensor.constant(Nd4j.ones(DataType.FLOAT, 1, 2, 3)), false).value();
        assertEquals(Nd4j.createFromArray(new float[][][] {{{0, 1, 1, 1}, {0, 1, 1, 1}}}), cf);
        INDArray img = Nd4j.arange(16).castTo(DataType.FLOAT).reshape(1, 4, 4, 1);
        INDArray cropped = new Cropping2D(new long[][] {{1, 2}, {2, 0}}, "channels_last").apply(Tensor.constant(img), false).value();
        assertEquals(Nd4j.createFromArray(new float[] {6, 7}).reshape(1, 1, 2, 1), cropped);
    }

    @Test
    void acceptsEveryKerasArgumentForm() {
        assertArrayEquals(new long[][] {{3, 3}, {3, 3}}, ZeroPadding2D.fromConfig(Config.of(Map.of("padding", 3))).amounts());
        assertArrayEquals(new long[][] {{1, 1}, {2, 2}}, ZeroPadding2D.fromConfig(Config.of(Map.of("padding", List.of(1, 2)))).amounts());
        assertArrayEquals(new long[][] {{1, 2}}, Cropping1D.fromConfig(Config.of(Map.of("cropping", List.of(1, 2)))).amounts());
        assertArrayEquals(new long[][] {{1, 2}, {3, 4}, {5, 6}},
                Cropping3D.fromConfig(Config.of(Map.of("cropping", List.of(List.of(1, 2), List.of(3, 4), List.of(5, 6))))).amounts());
        assertArrayEquals(new long[][] {{1, 1}}, ZeroPadding1D.fromConfig(Config.of(Map.of())).amounts());
        assertArrayEquals(new long[][] {{0, 0}, {0, 0}}, Cropping2D.fromConfig(Config.of(Map.of())).amounts());
    }

    @Test
    void errorsNameTheLayerAndTheValues() {
        var e = assertThrows(IllegalArgumentException.class, () -> new ZeroPadding2D(new long[][] {{1, -1}, {0, 0}}, "channels_last"));
        assertTrue(e.getMessage().contains("ZeroPadding2D") && e.getMessage().contains("padding"), e.getMessage());
        Cropping1D crop = new Cropping1D(2);
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> crop.apply(Tensor.constant(Nd4j.ones(DataType.FLOAT, 1, 4, 2)), false));
        assertTrue(e2.getMessage().contains(crop.name()) && e2.getMessage().contains("(None, 4, 2)"), e2.getMessage());
    }
}
