package org.keras4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keras4j.losses.LossTesting.f32;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.losses.Reduction;
import org.nd4j.linalg.api.ndarray.INDArray;

class MeanAbsolutePercentageErrorTest {
    static final INDArray Y_TRUE = f32(new double[][] {{2, 4}, {-2, 1}, {1, 0}});
    static final INDArray Y_PRED = f32(new double[][] {{1, 5}, {-1, 3}, {1.5, 0.5}});
    // 100 * (|2-1|/2 + |4-5|/4) / 2 = 100 * (0.5 + 0.25) / 2 = 37.5
    // 100 * (|-2+1|/2 + |1-3|/1) / 2 = 100 * (0.5 + 2) / 2 = 125
    // 100 * (|1-1.5|/1 + |0-0.5|/max(0, 1e-7)) / 2 = 100 * (0.5 + 5e6) / 2 = 250000025
    static final double[] EXPECTED = {37.5, 125, 250000025};

    @Test
    void valuesAndReductions() {
        LossTesting.assertPerSample(new MeanAbsolutePercentageError(), Y_TRUE, Y_PRED, EXPECTED);
        LossTesting.assertReductions(r -> new MeanAbsolutePercentageError(r, null), Y_TRUE, Y_PRED, EXPECTED);
    }

    @Test
    void gradients() {
        INDArray t = f32(new double[][] {{2, 4}, {-2, 1}, {0.5, 1.5}});
        LossTesting.assertGradient(new MeanAbsolutePercentageError(), t, f32(new double[][] {{1, 5}, {-1, 3}, {0.7, 1.2}}));
    }

    @Test
    void shapeMismatch() {
        LossTesting.assertShapeMismatch(new MeanAbsolutePercentageError(), f32(new double[][] {{1, 2}}),
                f32(new double[][] {{1, 2}, {3, 4}}), "(1, 2)", "(2, 2)");
    }

    @Test
    void config() {
        assertEquals("mean_absolute_percentage_error", new MeanAbsolutePercentageError().name());
        LossTesting.assertConfigRoundTrip(new MeanAbsolutePercentageError(Reduction.SUM, null), Y_TRUE, Y_PRED);
        LossTesting.assertRegistered("mape", MeanAbsolutePercentageError.class);
        LossTesting.assertRegistered("MAPE", MeanAbsolutePercentageError.class);
        LossTesting.assertRegistered("mean_absolute_percentage_error", MeanAbsolutePercentageError.class);
    }
}
