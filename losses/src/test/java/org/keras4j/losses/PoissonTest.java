package org.keras4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keras4j.losses.LossTesting.f32;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.losses.Reduction;
import org.nd4j.linalg.api.ndarray.INDArray;

class PoissonTest {
    static final INDArray Y_TRUE = f32(new double[][] {{1, 2}, {0, 3}});
    static final INDArray Y_PRED = f32(new double[][] {{1, 2}, {0.5, 4}});
    // ((1 - 1 log(1 + 1e-7)) + (2 - 2 log(2 + 1e-7))) / 2 = (1.0 + 0.613706) / 2 = 0.806853
    // ((0.5 - 0) + (4 - 3 log 4)) / 2 = (0.5 - 0.158883) / 2 = 0.170558
    static final double[] EXPECTED = {0.806852719, 0.170558421};

    @Test
    void valuesAndReductions() {
        LossTesting.assertPerSample(new Poisson(), Y_TRUE, Y_PRED, EXPECTED);
        LossTesting.assertReductions(r -> new Poisson(r, null), Y_TRUE, Y_PRED, EXPECTED);
    }

    @Test
    void gradients() {
        LossTesting.assertGradient(new Poisson(), Y_TRUE, Y_PRED);
    }

    @Test
    void shapeMismatch() {
        LossTesting.assertShapeMismatch(new Poisson(), f32(new double[][] {{1, 2}}), f32(new double[][] {{1}, {2}}),
                "(1, 2)", "(2, 1)");
    }

    @Test
    void config() {
        assertEquals("poisson", new Poisson().name());
        LossTesting.assertConfigRoundTrip(new Poisson(Reduction.NONE, null), Y_TRUE, Y_PRED);
        LossTesting.assertRegistered("poisson", Poisson.class);
        LossTesting.assertRegistered("Poisson", Poisson.class);
    }
}
