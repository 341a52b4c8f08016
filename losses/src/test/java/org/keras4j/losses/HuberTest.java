package org.keras4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.losses.LossTesting.f32;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

class HuberTest {
    static final INDArray Y_TRUE = f32(new double[][] {{0, 1}, {0, 0}, {0, 0}});
    static final INDArray Y_PRED = f32(new double[][] {{0.6, 0.4}, {0.4, 0.6}, {3, -0.5}});
    // delta = 1: errors 0.6, -0.6 -> 0.5*0.36 = 0.18 each -> 0.18 (Keras's documented example, mean 0.155)
    //            0.4, 0.6 -> 0.08, 0.18 -> 0.13
    //            3 (> delta) -> 1*3 - 0.5*1 = 2.5;  -0.5 -> 0.125;  -> 1.3125
    static final double[] EXPECTED = {0.18, 0.13, 1.3125};

    @Test
    void valuesAndReductions() {
        LossTesting.assertPerSample(new Huber(), Y_TRUE, Y_PRED, EXPECTED);
        LossTesting.assertReductions(r -> new Huber(1.0, r, null), Y_TRUE, Y_PRED, EXPECTED);
    }

    @Test
    void delta() {
        // delta = 0.5: 0.6 -> 0.5*0.6 - 0.125 = 0.175 twice -> 0.175;  0.4 -> 0.08, 0.6 -> 0.175 -> 0.1275;
        //              3 -> 1.5 - 0.125 = 1.375, 0.5 (= delta, quadratic) -> 0.125 -> 0.75
        LossTesting.assertPerSample(new Huber(0.5), Y_TRUE, Y_PRED, 0.175, 0.1275, 0.75);
    }

    @Test
    void gradients() {
        // errors on both sides of delta, none at the switch point
        LossTesting.assertGradient(new Huber(), Y_TRUE, Y_PRED);
        LossTesting.assertGradient(new Huber(0.5), Y_TRUE, Y_PRED);
    }

    @Test
    void shapeMismatchAndArguments() {
        LossTesting.assertShapeMismatch(new Huber(), f32(new double[][] {{1, 2}}), f32(new double[][] {{1, 2, 3}}),
                "(1, 2)", "(1, 3)");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Huber(0));
        assertEquals("Huber: delta must be a positive number, received delta=0.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Huber(Double.NaN));
    }

    @Test
    void config() {
        Huber h = new Huber(2.5, Reduction.SUM, "h");
        assertEquals(Map.of("name", "h", "reduction", "sum", "delta", 2.5), h.getConfig());
        assertEquals("huber_loss", new Huber().name());
        LossTesting.assertConfigRoundTrip(h, Y_TRUE, Y_PRED);
        assertEquals(1.0, LossTesting.assertRegistered("huber", Huber.class).delta());
        // a Keras config without delta (Keras 3 writes only name and reduction) gets the default
        Huber fromKeras = Huber.fromConfig(Config.of(Map.of("name", "huber_loss", "reduction", "sum_over_batch_size",
                "dtype", "float32")));
        assertEquals(1.0, fromKeras.delta());
    }
}
