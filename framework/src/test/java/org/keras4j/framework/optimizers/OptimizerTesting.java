package org.keras4j.framework.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.keras4j.framework.autodiff.Variable;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Shared fixtures of the optimizer tests: a float64 weight vector and a fixed gradient sequence. */
final class OptimizerTesting {
    /** Initial weights. */
    static final double[] W0 = {1.0, -2.0, 0.5, 3.0};
    /**
     * Three steps of gradients. Element 2 starts at 0 (no state yet); element 3 is tiny, so that
     * epsilon's placement (inside or outside a square root) changes the result visibly.
     */
    static final double[][] GRADS = {
        {0.3, -1.2, 0.0, 1e-4},
        {-0.5, 0.8, 2.0, -2e-4},
        {0.1, 0.05, -1.5, 1e-4},
    };

    private OptimizerTesting() {
    }

    static Variable variable(double... w) {
        return new Variable("w", Nd4j.createFromArray(w.clone()), true);
    }

    static void step(Optimizer opt, Variable v, double[] g) {
        opt.applyGradients(List.of(Nd4j.createFromArray(g.clone())), List.of(v));
    }

    /** Runs every step of {@link #GRADS} from {@link #W0}, checking the weights after each against {@code expected[t]}. */
    static void checkSteps(Optimizer opt, double[][] expected) {
        Variable v = variable(W0);
        for (int t = 0; t < GRADS.length; t++) {
            step(opt, v, GRADS[t]);
            assertClose(expected[t], v.value(), opt.className() + " after step " + (t + 1));
        }
        assertEquals(GRADS.length, opt.iterations());
    }

    static void assertClose(double[] expected, INDArray actual, String what) {
        double[] a = actual.toDoubleVector();
        assertEquals(expected.length, a.length, what);
        for (int i = 0; i < a.length; i++) {
            double tol = 1e-12 * Math.max(1.0, Math.abs(expected[i]));
            assertEquals(expected[i], a[i], tol, what + ", element " + i);
        }
    }

    static double[][] copy(double[][] a) {
        double[][] out = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i].clone();
        }
        return out;
    }
}
