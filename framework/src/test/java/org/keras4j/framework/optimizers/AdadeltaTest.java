package org.keras4j.framework.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.framework.optimizers.OptimizerTesting.GRADS;
import static org.keras4j.framework.optimizers.OptimizerTesting.W0;
import static org.keras4j.framework.optimizers.OptimizerTesting.checkSteps;

import org.junit.jupiter.api.Test;

/** Adadelta (libnd4j's ada_delta_updater) against Keras's adadelta.py written out with doubles. */
class AdadeltaTest {

    /**
     * acc_g = rho acc_g + (1 - rho) g^2; delta = -sqrt(acc_d + eps) g / sqrt(acc_g + eps);
     * acc_d = rho acc_d + (1 - rho) delta^2; w += lr delta.
     */
    static double[][] reference(double lr, double rho, double eps) {
        double[] w = W0.clone();
        double[] accG = new double[w.length];
        double[] accD = new double[w.length];
        double[][] out = new double[GRADS.length][];
        for (int t = 0; t < GRADS.length; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = GRADS[t][i];
                accG[i] = rho * accG[i] + (1 - rho) * g * g;
                double delta = -Math.sqrt(accD[i] + eps) * g / Math.sqrt(accG[i] + eps);
                accD[i] = rho * accD[i] + (1 - rho) * delta * delta;
                w[i] += lr * delta;
            }
            out[t] = w.clone();
        }
        return out;
    }

    @Test
    void defaultsMatchKeras() {
        checkSteps(new Adadelta(), reference(0.001, 0.95, 1e-7));
    }

    @Test
    void paperLearningRateAndLargeEpsilon() {
        checkSteps(new Adadelta(1.0, 0.9, 1e-3), reference(1.0, 0.9, 1e-3));
        // step 1, element 0 by hand: acc_g = 0.1 * 0.09 = 0.009, delta = -sqrt(1e-3) * 0.3 / sqrt(0.01)
        assertEquals(1.0 - Math.sqrt(1e-3) * 0.3 / Math.sqrt(0.01), reference(1.0, 0.9, 1e-3)[0][0], 1e-15);
    }

    @Test
    void invalidArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Adadelta(1.0, 2.0, 1e-7));
        assertEquals("Adadelta: rho must be in [0, 1], received rho=2.0", e.getMessage());
    }
}
