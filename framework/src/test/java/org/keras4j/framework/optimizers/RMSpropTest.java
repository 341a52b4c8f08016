package org.keras4j.framework.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.framework.optimizers.OptimizerTesting.GRADS;
import static org.keras4j.framework.optimizers.OptimizerTesting.W0;
import static org.keras4j.framework.optimizers.OptimizerTesting.checkSteps;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Variable;

/** RMSprop (composed ND4J ops) against Keras's rmsprop.py written out with doubles. */
class RMSpropTest {

    /**
     * velocity = rho v + (1 - rho) g^2; centered: avg = rho avg + (1 - rho) g, denom = v - avg^2 + eps,
     * else denom = v + eps; inc = lr g / sqrt(denom); momentum: mom = mu mom + inc, w -= mom; else w -= inc.
     */
    static double[][] reference(double lr, double rho, double mu, double eps, boolean centered) {
        double[] w = W0.clone();
        double[] vel = new double[w.length];
        double[] avg = new double[w.length];
        double[] mom = new double[w.length];
        double[][] out = new double[GRADS.length][];
        for (int t = 0; t < GRADS.length; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = GRADS[t][i];
                vel[i] = rho * vel[i] + (1 - rho) * g * g;
                double denom;
                if (centered) {
                    avg[i] = rho * avg[i] + (1 - rho) * g;
                    denom = vel[i] - avg[i] * avg[i] + eps;
                } else {
                    denom = vel[i] + eps;
                }
                double inc = lr * g / Math.sqrt(denom);
                if (mu > 0) {
                    mom[i] = mu * mom[i] + inc;
                    w[i] -= mom[i];
                } else {
                    w[i] -= inc;
                }
            }
            out[t] = w.clone();
        }
        return out;
    }

    @Test
    void defaultsMatchKeras() {
        checkSteps(new RMSprop(), reference(0.001, 0.9, 0.0, 1e-7, false));
        // Element 3 (g = 1e-4) by hand, step 1: v = 0.1 * 1e-8 = 1e-9, inc = 0.001 * 1e-4 / sqrt(1e-9 + 1e-7)
        // = 9.95037e-6; with epsilon outside the root it would be 0.001 * 1e-4 / (3.16e-5 + 1e-7) = 3.15e-6.
        assertEquals(3.0 - 0.001 * 1e-4 / Math.sqrt(1.01e-7), reference(0.001, 0.9, 0.0, 1e-7, false)[0][3], 1e-15);
    }

    @Test
    void momentum() {
        checkSteps(new RMSprop(0.01, 0.8, 0.9, 1e-6, false), reference(0.01, 0.8, 0.9, 1e-6, false));
    }

    @Test
    void centered() {
        checkSteps(new RMSprop(0.01, 0.8, 0.0, 1e-6, true), reference(0.01, 0.8, 0.0, 1e-6, true));
    }

    @Test
    void centeredWithMomentumAndSlots() {
        RMSprop opt = new RMSprop(0.01, 0.9, 0.5, 1e-7, true);
        checkSteps(opt, reference(0.01, 0.9, 0.5, 1e-7, true));
        Variable any = opt.slots().keySet().iterator().next();
        assertEquals(List.of("velocity", "momentum", "average_gradient"), List.copyOf(opt.slots().get(any).keySet()));
    }

    @Test
    void invalidArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> new RMSprop(0.001, 1.1, 0.0, 1e-7, false));
        assertEquals("RMSprop: rho must be in [0, 1], received rho=1.1", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new RMSprop(0.001, 0.9, -0.5, 1e-7, false));
        assertThrows(IllegalArgumentException.class, () -> new RMSprop(0.001, 0.9, 0.0, Double.NaN, false));
    }
}
