package org.keras4j.framework.saving.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keras4j.framework.testing.GradientCheck.check;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.activations.Activation;
import org.keras4j.framework.activations.Activations;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.testing.GradientCheck;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Keras 2's hard sigmoid, {@code clip(0.2x + 0.5, 0, 1)}, registered for imported Keras 1/2 models. */
class HardSigmoidKeras2Test {
    @Test
    void computesKeras2FormulaNotKeras3() {
        Activation a = Activations.get("hard_sigmoid_keras2");
        double[] x = {-3, -2.5, -1, 0, 1, 2.5, 4};
        // 0.2x + 0.5 clipped: Keras 3's x/6 + 0.5 would give 0.333.. at -1 and 0.666.. at 1.
        double[] expected = {0, 0, 0.3, 0.5, 0.7, 1, 1};
        double[] out = a.apply(Tensor.constant(Nd4j.createFromArray(x))).value().toDoubleVector();
        assertArrayEquals(expected, out, 1e-12);
    }

    @Test
    void serializesByNameAndRoundTrips() {
        Activation a = Activations.get("hard_sigmoid_keras2");
        assertEquals("hard_sigmoid_keras2", Activations.serialize(a));
        assertEquals(a, Activations.get(Activations.serialize(a)));
    }

    @Test
    void gradientMatchesFiniteDifferences() {
        GradientCheck.inFloat64(() -> {
            // Stay away from the kinks at -2.5 and 2.5, where the derivative jumps.
            var x = Nd4j.createFromArray(new double[] {-4, -2, -0.7, 0.3, 1.9, 3.1}).castTo(DataType.DOUBLE);
            check(in -> new HardSigmoidKeras2().apply(in.get(0)), x);
        });
    }
}
