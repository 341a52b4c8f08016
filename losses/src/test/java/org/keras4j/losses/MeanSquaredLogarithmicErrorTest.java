package org.keras4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keras4j.losses.LossTesting.f32;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.losses.Reduction;
import org.nd4j.linalg.api.ndarray.INDArray;

class MeanSquaredLogarithmicErrorTest {
    static final INDArray Y_TRUE = f32(new double[][] {{0, 3}, {1, -1}});
    static final INDArray Y_PRED = f32(new double[][] {{1, 1}, {-5, 3}});
    // sample 0: ((log 2 - log 1)^2 + (log 2 - log 4)^2) / 2 = (ln 2)^2 = 0.480453014
    // sample 1: negatives count as eps = 1e-7:
    //   ((log(1 + 1e-7) - log 2)^2 + (log 4 - log(1 + 1e-7))^2) / 2 = (0.480452875 + 1.921811776) / 2 = 1.201132327
    static final double[] EXPECTED = {0.480453014, 1.201132327};

    @Test
    void valuesAndReductions() {
        LossTesting.assertPerSample(new MeanSquaredLogarithmicError(), Y_TRUE, Y_PRED, EXPECTED);
        LossTesting.assertReductions(r -> new MeanSquaredLogarithmicError(r, null), Y_TRUE, Y_PRED, EXPECTED);
    }

    @Test
    void gradients() {
        LossTesting.assertGradient(new MeanSquaredLogarithmicError(), Y_TRUE, f32(new double[][] {{1, 0.2}, {0.5, 3}}));
    }

    @Test
    void shapeMismatch() {
        LossTesting.assertShapeMismatch(new MeanSquaredLogarithmicError(), f32(new double[][] {{1, 2, 3}}),
                f32(new double[][] {{1, 2}}), "(1, 3)", "(1, 2)");
    }

    @Test
    void config() {
        assertEquals("mean_squared_logarithmic_error", new MeanSquaredLogarithmicError().name());
        LossTesting.assertConfigRoundTrip(new MeanSquaredLogarithmicError(Reduction.NONE, "log_err"), Y_TRUE, Y_PRED);
        LossTesting.assertRegistered("msle", MeanSquaredLogarithmicError.class);
        LossTesting.assertRegistered("mean_squared_logarithmic_error", MeanSquaredLogarithmicError.class);
    }
}
