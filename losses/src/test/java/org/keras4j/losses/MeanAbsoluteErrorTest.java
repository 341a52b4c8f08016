package org.keras4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keras4j.losses.LossTesting.f32;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.losses.Reduction;
import org.nd4j.linalg.api.ndarray.INDArray;

class MeanAbsoluteErrorTest {
    static final INDArray Y_TRUE = f32(new double[][] {{0, 1}, {0, 0}, {1, 1}});
    static final INDArray Y_PRED = f32(new double[][] {{1, 1}, {2, 0}, {0.5, 2}});
    // (|0-1| + 0) / 2 = 0.5;  (2 + 0) / 2 = 1;  (0.5 + 1) / 2 = 0.75
    static final double[] EXPECTED = {0.5, 1.0, 0.75};

    @Test
    void valuesAndReductions() {
        LossTesting.assertPerSample(new MeanAbsoluteError(), Y_TRUE, Y_PRED, EXPECTED);
        LossTesting.assertReductions(r -> new MeanAbsoluteError(r, null), Y_TRUE, Y_PRED, EXPECTED);
    }

    @Test
    void gradients() {
        // no zero errors in the checked points (|x| has a kink at 0)
        INDArray p = f32(new double[][] {{1, 1.5}, {2, -0.3}, {0.5, 2}});
        LossTesting.assertGradient(new MeanAbsoluteError(), Y_TRUE, p);
        LossTesting.assertComputeGradient(new MeanAbsoluteError(Reduction.SUM, null), Y_TRUE, p);
    }

    @Test
    void shapeMismatch() {
        LossTesting.assertShapeMismatch(new MeanAbsoluteError(), f32(new double[][] {{1, 2}, {3, 4}}),
                f32(new double[][] {{1}, {2}}), "(2, 2)", "(2, 1)");
    }

    @Test
    void config() {
        assertEquals("mean_absolute_error", new MeanAbsoluteError().name());
        LossTesting.assertConfigRoundTrip(new MeanAbsoluteError(Reduction.NONE, "l1"), Y_TRUE, Y_PRED);
        LossTesting.assertRegistered("mae", MeanAbsoluteError.class);
        LossTesting.assertRegistered("mean_absolute_error", MeanAbsoluteError.class);
        LossTesting.assertRegistered("MeanAbsoluteError", MeanAbsoluteError.class);
    }
}
