package org.keras4j.layers.regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * SpatialDropout1D/2D, GaussianNoise and GaussianDropout: harness (gradients checked in training
 * mode with a fixed seed), identity at inference, noise statistics over many samples, seeding.
 */
class NoiseLayersTest {

    @Test
    void passTheLayerContract() {
        LayerTestHarness.of(() -> new SpatialDropout1D(0.4)).inputShape(3, 4, 5).expectOutputShape(3, 4, 5).expectParams(0).run();
        LayerTestHarness.of(() -> new SpatialDropout2D(0.4, "channels_first", null)).inputShape(2, 3, 2, 2).run();
        LayerTestHarness.of(() -> new GaussianNoise(0.5)).inputShape(3, 4).run();
        LayerTestHarness.of(() -> new GaussianDropout(0.3)).inputShape(3, 2, 4).run();
    }

    @Test
    void identityAtInference() {
        Tensor x = Tensor.constant(Nd4j.rand(DataType.FLOAT, 2, 3, 4, 5));
        assertSame(x, new SpatialDropout2D(0.5).apply(x, false));
        Tensor seq = Tensor.constant(Nd4j.rand(DataType.FLOAT, 2, 12, 5));
        assertSame(seq, new SpatialDropout1D(0.5).apply(seq, false));
        assertSame(x, new GaussianNoise(1.0).apply(x, false));
        assertSame(x, new GaussianDropout(0.5).apply(x, false));
    }

    @Test
    void spatialDropoutDropsWholeChannels() {
        Backend.setRandomSeed(1);
        INDArray ones = Nd4j.ones(DataType.FLOAT, 400, 6, 50);
        INDArray out = new SpatialDropout1D(0.3).apply(Tensor.constant(ones), true).value();
        // every channel of a sample is constant over the steps: all dropped or all kept
        INDArray min = out.min(1);
        INDArray max = out.max(1);
        assertEquals(min, max);
        double dropped = min.eq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        assertEquals(0.3, dropped, 0.02);
        assertEquals(1 / 0.7, max.maxNumber().doubleValue(), 1e-5);
        INDArray img = new SpatialDropout2D(0.5).apply(Tensor.constant(Nd4j.ones(DataType.FLOAT, 300, 3, 3, 40)), true).value();
        assertEquals(img.min(1, 2), img.max(1, 2));
        assertEquals(0.5, img.min(1, 2).eq(0).castTo(DataType.DOUBLE).meanNumber().doubleValue(), 0.02);
    }

    @Test
    void gaussianNoiseAndDropoutHaveTheDocumentedStatistics() {
        Backend.setRandomSeed(2);
        INDArray x = Nd4j.valueArrayOf(new long[] {500, 400}, 3.0, DataType.DOUBLE);
        INDArray noisy = new GaussianNoise(0.5).apply(Tensor.constant(x), true).value();
        assertEquals(3.0, noisy.meanNumber().doubleValue(), 0.005);
        assertEquals(0.5, noisy.stdNumber().doubleValue(), 0.005);
        INDArray dropped = new GaussianDropout(0.2).apply(Tensor.constant(x), true).value();
        // x * N(1, sqrt(0.2/0.8) = 0.5): mean 3, standard deviation 1.5
        assertEquals(3.0, dropped.meanNumber().doubleValue(), 0.01);
        assertEquals(1.5, dropped.stdNumber().doubleValue(), 0.01);
    }

    @Test
    void seeds() {
        Tensor x = Tensor.constant(Nd4j.ones(DataType.FLOAT, 10, 10));
        assertEquals(new GaussianNoise(1.0, 5L).apply(x, true).value(), new GaussianNoise(1.0, 5L).apply(x, true).value());
        Backend.setRandomSeed(9);
        INDArray a = new GaussianDropout(0.5).apply(x, true).value();
        Backend.setRandomSeed(9);
        assertEquals(a, new GaussianDropout(0.5).apply(x, true).value());
        assertNotEquals(a, new GaussianDropout(0.5).apply(x, true).value());
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new SpatialDropout1D(1.0));
        assertThrows(IllegalArgumentException.class, () -> new GaussianNoise(-1));
        assertThrows(IllegalArgumentException.class, () -> new GaussianDropout(-0.1));
        assertThrows(IllegalArgumentException.class, () -> new SpatialDropout2D(0.1, "nchw", null));
    }
}
