package org.keras4j.layers.regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class DropoutTest {

    @Test
    void passesTheLayerContract() {
        LayerTestHarness.of(() -> new Dropout(0.3)).inputShape(4, 5).expectOutputShape(4, 5).expectParams(0).run();
    }

    @Test
    void isTheIdentityInInference() {
        Tensor x = Tensor.constant(Nd4j.rand(DataType.FLOAT, 10, 10));
        assertSame(x, new Dropout(0.5).apply(x, false));
    }

    @Test
    void dropsAboutRateAndKeepsTheExpectedSum() {
        Backend.setRandomSeed(3);
        Tensor ones = Tensor.constant(Nd4j.ones(DataType.FLOAT, 200, 500));
        var out = new Dropout(0.25).apply(ones, true).value();
        double dropped = out.eq(0).castTo(DataType.FLOAT).meanNumber().doubleValue();
        assertEquals(0.25, dropped, 0.01, "fraction of zeros");
        // survivors are scaled by 1/(1-0.25) so the mean stays 1
        assertEquals(1.0, out.meanNumber().doubleValue(), 0.015);
        assertEquals(4.0 / 3.0, out.maxNumber().doubleValue(), 1e-6);
    }

    @Test
    void sameSeedSameMask() {
        Tensor ones = Tensor.constant(Nd4j.ones(DataType.FLOAT, 20, 20));
        Backend.setRandomSeed(5);
        var a = new Dropout(0.5).apply(ones, true).value();
        Backend.setRandomSeed(5);
        var b = new Dropout(0.5).apply(ones, true).value();
        assertEquals(a, b);
        var c = new Dropout(0.5, 99L).apply(ones, true).value();
        var d = new Dropout(0.5, 99L).apply(ones, true).value();
        assertEquals(c, d);
    }

    @Test
    void rejectsRatesOutsideZeroToOne() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Dropout(1.0));
        assertTrue(e.getMessage().contains("rate=1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Dropout(-0.1));
    }
}
