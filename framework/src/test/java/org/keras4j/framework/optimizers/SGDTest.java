package org.keras4j.framework.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keras4j.framework.optimizers.OptimizerTesting.GRADS;
import static org.keras4j.framework.optimizers.OptimizerTesting.W0;
import static org.keras4j.framework.optimizers.OptimizerTesting.checkSteps;

import org.junit.jupiter.api.Test;

/** SGD against Keras's update rules written out with doubles. */
class SGDTest {

    /** Keras: velocity = mu * velocity - lr * g; w += velocity (or mu * velocity - lr * g with nesterov). */
    private static double[][] reference(double lr, double mu, boolean nesterov) {
        double[] w = W0.clone();
        double[] vel = new double[w.length];
        double[][] out = new double[GRADS.length][];
        for (int t = 0; t < GRADS.length; t++) {
            for (int i = 0; i < w.length; i++) {
                double g = GRADS[t][i];
                if (mu == 0) {
                    w[i] -= lr * g;
                } else {
                    vel[i] = mu * vel[i] - lr * g;
                    w[i] += nesterov ? mu * vel[i] - lr * g : vel[i];
                }
            }
            out[t] = w.clone();
        }
        return out;
    }

    @Test
    void plainGradientDescent() {
        checkSteps(new SGD(0.1), reference(0.1, 0, false));
        // step 1 by hand: w0 = 1.0 - 0.1 * 0.3 = 0.97
        assertEquals(0.97, reference(0.1, 0, false)[0][0], 1e-15);
    }

    @Test
    void momentum() {
        checkSteps(new SGD(0.1, 0.9, false), reference(0.1, 0.9, false));
        // step 2 by hand, element 0: v1 = -0.03, v2 = 0.9 * -0.03 + 0.05 = 0.023, w = 0.97 + 0.023 = 0.993
        assertEquals(0.993, reference(0.1, 0.9, false)[1][0], 1e-15);
    }

    @Test
    void nesterovMomentumMatchesKerasThroughTheNativeOp() {
        checkSteps(new SGD(0.05, 0.8, true), reference(0.05, 0.8, true));
    }

    @Test
    void defaultsAndSlots() {
        SGD sgd = new SGD();
        assertEquals(0.01, sgd.currentLearningRate());
        assertEquals("SGD", sgd.name());
        assertEquals(0.0, sgd.getConfig().get("momentum"));
        assertEquals(false, sgd.getConfig().get("nesterov"));
        var v = OptimizerTesting.variable(W0);
        OptimizerTesting.step(sgd, v, GRADS[0]);
        assertTrue(sgd.slots().isEmpty(), "no momentum slot without momentum");
        SGD withMomentum = new SGD(0.01, 0.5, false);
        OptimizerTesting.step(withMomentum, v, GRADS[0]);
        assertEquals(java.util.Set.of("momentum"), withMomentum.slots().get(v).keySet());
    }

    @Test
    void invalidMomentum() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SGD(0.1, 1.5, false));
        assertEquals("SGD: momentum must be in [0, 1], received momentum=1.5", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SGD(0.1, -0.1, false));
        var lr = assertThrows(IllegalArgumentException.class, () -> new SGD(-1));
        assertEquals("SGD: learning_rate must be a finite number >= 0, received learning_rate=-1.0", lr.getMessage());
    }
}
