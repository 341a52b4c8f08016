package org.keras4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.losses.LossTesting.f32;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.losses.Reduction;
import org.nd4j.linalg.api.ndarray.INDArray;

class MeanSquaredErrorTest {
    static final INDArray Y_TRUE = f32(new double[][] {{0, 1}, {0, 0}, {1, 1}});
    static final INDArray Y_PRED = f32(new double[][] {{1, 1}, {2, 0}, {0.5, 2}});
    // ((0-1)^2 + 0^2) / 2 = 0.5;  (2^2 + 0) / 2 = 2;  (0.5^2 + 1^2) / 2 = 0.625
    static final double[] EXPECTED = {0.5, 2.0, 0.625};

    @Test
    void valuesAndReductions() {
        LossTesting.assertPerSample(new MeanSquaredError(), Y_TRUE, Y_PRED, EXPECTED);
        LossTesting.assertReductions(r -> new MeanSquaredError(r, null), Y_TRUE, Y_PRED, EXPECTED);
    }

    @Test
    void rankOneAndTrailingOneShapesGiveOneValuePerSample() {
        // y_true (3,) against y_pred (3, 1), and both (3,): squared errors 1, 4, 0.25
        INDArray t = f32(0, 0, 1);
        INDArray p = f32(1, 2, 0.5);
        LossTesting.assertPerSample(new MeanSquaredError(), t, p.reshape(3, 1), 1, 4, 0.25);
        LossTesting.assertPerSample(new MeanSquaredError(), t.reshape(3, 1), p, 1, 4, 0.25);
        LossTesting.assertPerSample(new MeanSquaredError(), t, p, 1, 4, 0.25);
    }

    @Test
    void higherRankInputsKeepTheLeadingAxes() {
        // (1, 2, 2): mean over the last axis gives (1, 2): (1 + 0)/2 = 0.5, (4 + 4)/2 = 4
        INDArray t = f32(0, 1, 0, 0).reshape(1, 2, 2);
        INDArray p = f32(1, 1, 2, -2).reshape(1, 2, 2);
        var out = new MeanSquaredError(Reduction.NONE, null).call(t, org.keras4j.framework.autodiff.Tensor.constant(p));
        assertEquals("[1, 2]", java.util.Arrays.toString(out.shape()));
        LossTesting.assertClose(new double[] {0.5, 4}, out.value(), "mse (1, 2, 2)");
    }

    @Test
    void gradients() {
        LossTesting.assertGradient(new MeanSquaredError(), Y_TRUE, Y_PRED);
        LossTesting.assertComputeGradient(new MeanSquaredError(), Y_TRUE, Y_PRED);
    }

    @Test
    void shapeMismatchAndArguments() {
        LossTesting.assertShapeMismatch(new MeanSquaredError(), f32(new double[][] {{1, 2, 3}}), f32(new double[][] {{1, 2}}),
                "y_true.shape=(1, 3)", "y_pred.shape=(1, 2)");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new MeanSquaredError(null, null));
        assertEquals("MeanSquaredError: reduction must not be null; use Reduction.NONE for no reduction", e.getMessage());
    }

    @Test
    void config() {
        assertEquals("mean_squared_error", new MeanSquaredError().name());
        LossTesting.assertConfigRoundTrip(new MeanSquaredError(Reduction.SUM, "my_mse"), Y_TRUE, Y_PRED);
        LossTesting.assertRegistered("mse", MeanSquaredError.class);
        LossTesting.assertRegistered("MSE", MeanSquaredError.class);
        LossTesting.assertRegistered("mean_squared_error", MeanSquaredError.class);
        LossTesting.assertRegistered("MeanSquaredError", MeanSquaredError.class);
    }
}
