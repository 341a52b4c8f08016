package org.keras4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keras4j.losses.LossTesting.f32;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.losses.Reduction;
import org.nd4j.linalg.api.ndarray.INDArray;

class HingeTest {
    // all labels are 0/1, so they become -1/1: [[-1, 1], [-1, -1], [1, 1]]
    static final INDArray Y_TRUE = f32(new double[][] {{0, 1}, {0, 0}, {1, 1}});
    static final INDArray Y_PRED = f32(new double[][] {{0.6, 0.4}, {0.4, 0.6}, {2, -1}});
    // (max(1 + 0.6, 0) + max(1 - 0.4, 0)) / 2 = (1.6 + 0.6) / 2 = 1.1
    // (1.4 + 1.6) / 2 = 1.5
    // (max(1 - 2, 0) + max(1 + 1, 0)) / 2 = (0 + 2) / 2 = 1
    static final double[] EXPECTED = {1.1, 1.5, 1.0};

    @Test
    void valuesAndReductions() {
        LossTesting.assertPerSample(new Hinge(), Y_TRUE, Y_PRED, EXPECTED);
        LossTesting.assertReductions(r -> new Hinge(r, null), Y_TRUE, Y_PRED, EXPECTED);
    }

    @Test
    void minusOnePlusOneLabelsAreUsedAsTheyAre() {
        // [-1, 1] against [0.5, 2]: (max(1 + 0.5, 0) + max(1 - 2, 0)) / 2 = 0.75
        LossTesting.assertPerSample(new Hinge(), f32(new double[][] {{-1, 1}}), f32(new double[][] {{0.5, 2}}), 0.75);
    }

    @Test
    void gradients() {
        LossTesting.assertGradient(new Hinge(), Y_TRUE, f32(new double[][] {{0.6, 0.4}, {0.4, 0.6}, {2, -1.2}}));
    }

    @Test
    void shapeMismatch() {
        LossTesting.assertShapeMismatch(new Hinge(), f32(new double[][] {{1, 0}}), f32(new double[][] {{1, 2, 3}}),
                "(1, 2)", "(1, 3)");
    }

    @Test
    void config() {
        assertEquals("hinge", new Hinge().name());
        LossTesting.assertConfigRoundTrip(new Hinge(Reduction.SUM, null), Y_TRUE, Y_PRED);
        LossTesting.assertRegistered("hinge", Hinge.class);
    }
}
