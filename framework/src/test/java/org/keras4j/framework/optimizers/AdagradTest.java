package org.keras4j.framework.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.framework.optimizers.OptimizerTesting.GRADS;
import static org.keras4j.framework.optimizers.OptimizerTesting.W0;
import static org.keras4j.framework.optimizers.OptimizerTesting.checkSteps;

import org.junit.jupiter.api.Test;

/** Adagrad (composed ND4J ops) against Keras's adagrad.py written out with doubles. */
class AdagradTest {

    /** accumulator starts at initial_accumulator_value; acc += g^2; w -= lr g / sqrt(acc + eps). */
    static double[][] reference(double lr, double init, double eps) {
        double[] w = W0.clone();
        double[] acc = new double[w.length];
        java.util.Arrays.fill(acc, init);
        double[][] out = new double[GRADS.length][];
        for (int t = 0; t < GRADS.length; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = GRADS[t][i];
                acc[i] += g * g;
                w[i] -= lr * g / Math.sqrt(acc[i] + eps);
            }
            out[t] = w.clone();
        }
        return out;
    }

    @Test
    void defaultsMatchKeras() {
        checkSteps(new Adagrad(), reference(0.001, 0.1, 1e-7));
        // step 1, element 0 by hand: acc = 0.1 + 0.09 = 0.19, w = 1 - 0.001 * 0.3 / sqrt(0.1900001)
        assertEquals(1 - 0.0003 / Math.sqrt(0.1900001), reference(0.001, 0.1, 1e-7)[0][0], 1e-15);
    }

    @Test
    void zeroInitialAccumulatorAndLargeEpsilon() {
        checkSteps(new Adagrad(0.5, 0.0, 1e-2), reference(0.5, 0.0, 1e-2));
    }

    @Test
    void invalidArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Adagrad(0.01, -0.1, 1e-7));
        assertEquals("Adagrad: initial_accumulator_value must be a finite number >= 0, received initial_accumulator_value=-0.1",
                e.getMessage());
    }
}
