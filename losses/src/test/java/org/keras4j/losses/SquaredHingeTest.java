package org.keras4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keras4j.losses.LossTesting.f32;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.losses.Reduction;
import org.nd4j.linalg.api.ndarray.INDArray;

class SquaredHingeTest {
    // 0/1 labels become -1/1, as in HingeTest
    static final INDArray Y_TRUE = f32(new double[][] {{0, 1}, {0, 0}, {1, 1}});
    static final INDArray Y_PRED = f32(new double[][] {{0.6, 0.4}, {0.4, 0.6}, {2, -1}});
    // (1.6^2 + 0.6^2) / 2 = (2.56 + 0.36) / 2 = 1.46;  (1.4^2 + 1.6^2) / 2 = (1.96 + 2.56) / 2 = 2.26;
    // (0^2 + 2^2) / 2 = 2
    static final double[] EXPECTED = {1.46, 2.26, 2.0};

    @Test
    void valuesAndReductions() {
        LossTesting.assertPerSample(new SquaredHinge(), Y_TRUE, Y_PRED, EXPECTED);
        LossTesting.assertReductions(r -> new SquaredHinge(r, null), Y_TRUE, Y_PRED, EXPECTED);
    }

    @Test
    void gradients() {
        LossTesting.assertGradient(new SquaredHinge(), Y_TRUE, f32(new double[][] {{0.6, 0.4}, {0.4, 0.6}, {2, -1.2}}));
    }

    @Test
    void shapeMismatch() {
        LossTesting.assertShapeMismatch(new SquaredHinge(), f32(new double[][] {{1, 0}}), f32(new double[][] {{1, 2, 3}}),
                "(1, 2)", "(1, 3)");
    }

    @Test
    void config() {
        assertEquals("squared_hinge", new SquaredHinge().name());
        LossTesting.assertConfigRoundTrip(new SquaredHinge(Reduction.NONE, "sq"), Y_TRUE, Y_PRED);
        LossTesting.assertRegistered("squared_hinge", SquaredHinge.class);
    }
}
