package org.keras4j.framework.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.framework.optimizers.OptimizerTesting.GRADS;
import static org.keras4j.framework.optimizers.OptimizerTesting.W0;
import static org.keras4j.framework.optimizers.OptimizerTesting.checkSteps;

import org.junit.jupiter.api.Test;

/** Adamax (composed ND4J ops) against Keras's adamax.py written out with doubles. */
class AdamaxTest {

    /** m += (g - m)(1 - b1); u = max(b2 u, |g|); w -= lr m / ((1 - b1^t)(u + eps)). */
    static double[][] reference(double lr, double b1, double b2, double eps) {
        double[] w = W0.clone();
        double[] m = new double[w.length];
        double[] u = new double[w.length];
        double[][] out = new double[GRADS.length][];
        for (int t = 1; t <= GRADS.length; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = GRADS[t - 1][i];
                m[i] += (g - m[i]) * (1 - b1);
                u[i] = Math.max(b2 * u[i], Math.abs(g));
                w[i] -= lr * m[i] / ((1 - Math.pow(b1, t)) * (u[i] + eps));
            }
            out[t - 1] = w.clone();
        }
        return out;
    }

    @Test
    void defaultsMatchKeras() {
        checkSteps(new Adamax(), reference(0.001, 0.9, 0.999, 1e-7));
    }

    @Test
    void customHyperparameters() {
        // With beta_2 = 0.5, at step 3 element 1 keeps the decayed norm (0.5 * 0.8 = 0.4 > |0.05|) while
        // element 2 takes |g| (0.5 * 2.0 = 1.0 < |-1.5|), so both branches of the max are exercised.
        checkSteps(new Adamax(0.1, 0.8, 0.5, 1e-3), reference(0.1, 0.8, 0.5, 1e-3));
        // step 1, element 0 by hand: m = 0.2 * 0.3 = 0.06, u = 0.3, w = 1 - 0.1 * 0.06 / (0.2 * 0.301)
        assertEquals(1 - 0.1 * 0.06 / (0.2 * 0.301), reference(0.1, 0.8, 0.5, 1e-3)[0][0], 1e-15);
    }

    @Test
    void invalidArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Adamax(0.001, 0.9, 1.5, 1e-7));
        assertEquals("Adamax: beta_2 must be in [0, 1], received beta_2=1.5", e.getMessage());
    }
}
