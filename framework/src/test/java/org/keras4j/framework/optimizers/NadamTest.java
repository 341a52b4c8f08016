package org.keras4j.framework.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.framework.optimizers.OptimizerTesting.GRADS;
import static org.keras4j.framework.optimizers.OptimizerTesting.W0;
import static org.keras4j.framework.optimizers.OptimizerTesting.assertClose;
import static org.keras4j.framework.optimizers.OptimizerTesting.checkSteps;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Variable;

/** Nadam (composed ND4J ops) against Keras 3's nadam.py written out with doubles. */
class NadamTest {

    /**
     * Keras 3: before each step u_product *= b1 (1 - 0.5 * 0.96^t); then with u_t = b1 (1 - 0.5 * 0.96^t),
     * u_t1 = b1 (1 - 0.5 * 0.96^(t+1)), m += (g - m)(1 - b1), v += (g^2 - v)(1 - b2),
     * m_hat = u_t1 m / (1 - u_product u_t1) + (1 - u_t) g / (1 - u_product), v_hat = v / (1 - b2^t),
     * w -= lr m_hat / (sqrt(v_hat) + eps).
     */
    static double[][] reference(double lr, double b1, double b2, double eps, int steps) {
        double[] w = W0.clone();
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        double uProduct = 1.0;
        double[][] out = new double[steps][];
        for (int t = 1; t <= steps; t++) {
            uProduct *= b1 * (1 - 0.5 * Math.pow(0.96, t));
            double uT = b1 * (1 - 0.5 * Math.pow(0.96, t));
            double uT1 = b1 * (1 - 0.5 * Math.pow(0.96, t + 1));
            double uProductT1 = uProduct * uT1;
            for (int i = 0; i < w.length; i++) {
                double g = GRADS[(t - 1) % GRADS.length][i];
                m[i] += (g - m[i]) * (1 - b1);
                v[i] += (g * g - v[i]) * (1 - b2);
                double mHat = uT1 * m[i] / (1 - uProductT1) + (1 - uT) * g / (1 - uProduct);
                double vHat = v[i] / (1 - Math.pow(b2, t));
                w[i] -= mHat * lr / (Math.sqrt(vHat) + eps);
            }
            out[t - 1] = w.clone();
        }
        return out;
    }

    @Test
    void defaultsMatchKeras() {
        checkSteps(new Nadam(), reference(0.001, 0.9, 0.999, 1e-7, 3));
    }

    @Test
    void customHyperparameters() {
        checkSteps(new Nadam(0.1, 0.8, 0.95, 1e-3), reference(0.1, 0.8, 0.95, 1e-3, 3));
    }

    @Test
    void momentumCacheFollowsRestoredStepCounts() {
        // u_product is recomputed from iterations, so an optimizer restored from saved slots and
        // step count continues exactly, and rewinding the step count rewinds u_product.
        double[][] expected = reference(0.01, 0.9, 0.999, 1e-7, 5);
        Nadam a = new Nadam(0.01);
        Variable w = OptimizerTesting.variable(W0);
        for (int t = 0; t < 4; t++) {
            OptimizerTesting.step(a, w, GRADS[t % 3]);
        }
        Nadam restored = copyOf(a, w, 4);
        Variable w2 = restored.slots().keySet().iterator().next();
        OptimizerTesting.step(a, w, GRADS[1]);
        OptimizerTesting.step(restored, w2, GRADS[1]);
        assertClose(expected[4], w.value(), "step 5");
        assertClose(expected[4], w2.value(), "step 5 after restoring");

        a.setIterations(2);
        Nadam fresh = copyOf(a, w, 2);
        Variable w3 = fresh.slots().keySet().iterator().next();
        OptimizerTesting.step(a, w, GRADS[2]);
        OptimizerTesting.step(fresh, w3, GRADS[2]);
        assertClose(w3.value().toDoubleVector(), w.value(), "after rewinding to step 2");
    }

    private static Nadam copyOf(Nadam source, Variable var, long iterations) {
        Nadam copy = new Nadam(0.01);
        Variable v = OptimizerTesting.variable(var.value().toDoubleVector());
        java.util.Map<String, org.nd4j.linalg.api.ndarray.INDArray> state = new java.util.LinkedHashMap<>();
        source.slots().get(var).forEach((k, x) -> state.put(k, x.dup()));
        copy.slots().put(v, state);
        copy.setIterations(iterations);
        return copy;
    }

    @Test
    void invalidArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Nadam(0.001, 0.9, 1.0, 1e-7));
        assertEquals("Nadam: beta_2 must be in [0, 1), received beta_2=1.0", e.getMessage());
    }
}
