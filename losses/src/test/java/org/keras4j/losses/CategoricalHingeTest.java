package org.keras4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keras4j.losses.LossTesting.f32;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.losses.Reduction;
import org.nd4j.linalg.api.ndarray.INDArray;

class CategoricalHingeTest {
    static final INDArray Y_TRUE = f32(new double[][] {{0, 1, 0}, {1, 0, 0}, {0, 0, 1}});
    static final INDArray Y_PRED = f32(new double[][] {{0.2, 0.5, 0.3}, {0.1, 0.7, 0.2}, {0, 0, 3}});
    // pos = sum(y * p), neg = max((1 - y) * p):
    // pos 0.5, neg max(0.2, 0, 0.3) = 0.3 -> max(0.3 - 0.5 + 1, 0) = 0.8
    // pos 0.1, neg max(0, 0.7, 0.2) = 0.7 -> 1.6
    // pos 3, neg 0 -> max(-2, 0) = 0
    static final double[] EXPECTED = {0.8, 1.6, 0.0};

    @Test
    void valuesAndReductions() {
        LossTesting.assertPerSample(new CategoricalHinge(), Y_TRUE, Y_PRED, EXPECTED);
        LossTesting.assertReductions(r -> new CategoricalHinge(r, null), Y_TRUE, Y_PRED, EXPECTED);
    }

    @Test
    void gradients() {
        // distinct scores (no ties for the max), margins away from 0
        LossTesting.assertGradient(new CategoricalHinge(), Y_TRUE, f32(new double[][] {{0.2, 0.5, 0.3}, {0.1, 0.7, 0.25},
                {0.4, -0.3, 0.9}}));
    }

    @Test
    void shapeMismatch() {
        LossTesting.assertShapeMismatch(new CategoricalHinge(), f32(new double[][] {{0, 1, 0}}), f32(new double[][] {{1, 2}}),
                "(1, 3)", "(1, 2)");
    }

    @Test
    void config() {
        assertEquals("categorical_hinge", new CategoricalHinge().name());
        LossTesting.assertConfigRoundTrip(new CategoricalHinge(Reduction.SUM, null), Y_TRUE, Y_PRED);
        LossTesting.assertRegistered("categorical_hinge", CategoricalHinge.class);
    }
}
