package org.keras4j.framework.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.framework.optimizers.OptimizerTesting.GRADS;
import static org.keras4j.framework.optimizers.OptimizerTesting.W0;
import static org.keras4j.framework.optimizers.OptimizerTesting.assertClose;
import static org.keras4j.framework.optimizers.OptimizerTesting.checkSteps;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Variable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Adam (and AMSGrad) through libnd4j's native updaters, against Keras's formulas written out with doubles. */
class AdamTest {

    /**
     * Keras 3 adam.py: alpha = lr * sqrt(1 - b2^t) / (1 - b1^t); m += (g - m)(1 - b1);
     * v += (g^2 - v)(1 - b2); amsgrad: v_hat = max(v_hat, v); w -= m * alpha / (sqrt(v) + eps).
     */
    static double[][] reference(double[] lrs, double b1, double b2, double eps, boolean amsgrad, double[][] grads) {
        double[] w = W0.clone();
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        double[] vHat = new double[w.length];
        double[][] out = new double[grads.length][];
        for (int t = 1; t <= grads.length; t++) {
            double alpha = lrs[t - 1] * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < w.length; i++) {
                double g = grads[t - 1][i];
                m[i] += (g - m[i]) * (1 - b1);
                v[i] += (g * g - v[i]) * (1 - b2);
                double vv = v[i];
                if (amsgrad) {
                    vHat[i] = Math.max(vHat[i], v[i]);
                    vv = vHat[i];
                }
                w[i] -= m[i] * alpha / (Math.sqrt(vv) + eps);
            }
            out[t - 1] = w.clone();
        }
        return out;
    }

    private static double[] constant(double lr) {
        return new double[] {lr, lr, lr};
    }

    @Test
    void defaultsMatchKeras() {
        checkSteps(new Adam(), reference(constant(0.001), 0.9, 0.999, 1e-7, false, GRADS));
    }

    @Test
    void customHyperparameters() {
        // Large epsilon and unusual betas make any swapped argument or misplaced epsilon visible.
        checkSteps(new Adam(0.1, 0.8, 0.95, 1e-3, false), reference(constant(0.1), 0.8, 0.95, 1e-3, false, GRADS));
    }

    @Test
    void amsgrad() {
        // Gradients that shrink, so that v_hat = max(v_hat, v) differs from v.
        double[][] grads = {{2.0, -1.0, 0.5, 1e-4}, {0.1, -0.1, 0.05, 1e-5}, {0.01, 0.3, -0.02, 1e-6}};
        Adam adam = new Adam(0.1, 0.9, 0.99, 1e-7, true);
        double[][] expected = reference(constant(0.1), 0.9, 0.99, 1e-7, true, grads);
        double[][] plain = reference(constant(0.1), 0.9, 0.99, 1e-7, false, grads);
        Variable v = OptimizerTesting.variable(W0);
        for (int t = 0; t < grads.length; t++) {
            OptimizerTesting.step(adam, v, grads[t]);
            assertClose(expected[t], v.value(), "amsgrad step " + (t + 1));
        }
        org.junit.jupiter.api.Assertions.assertNotEquals(plain[2][0], expected[2][0], "the test must exercise v_hat");
        assertEquals(List.of("momentum", "velocity", "velocity_hat"), List.copyOf(adam.slots().get(v).keySet()));
    }

    @Test
    void zeroLearningRateMovesNothingButUpdatesMoments() {
        // libnd4j's adam_updater replaces a zero step size by epsilon; Keras does not move the weights.
        Adam adam = new Adam(0.0);
        Variable v = OptimizerTesting.variable(W0);
        OptimizerTesting.step(adam, v, GRADS[0]);
        assertClose(W0, v.value(), "weights after a step with lr=0");
        adam.setLearningRate(0.01);
        OptimizerTesting.step(adam, v, GRADS[1]);
        double[][] expected = reference(new double[] {0.0, 0.01, 0.01}, 0.9, 0.999, 1e-7, false, GRADS);
        assertClose(expected[1], v.value(), "second step uses moments accumulated during the lr=0 step");
    }

    @Test
    void nonContiguousGradientAndFloat32() {
        // A transposed (f-ordered) gradient view, as a matmul backward can produce.
        INDArray gT = Nd4j.createFromArray(new double[][] {{0.3, -0.5}, {-1.2, 0.8}}).transpose();
        Variable v = new Variable("k", Nd4j.createFromArray(new double[][] {{1.0, -2.0}, {0.5, 3.0}}), true);
        new Adam(0.1).applyGradients(List.of(gT), List.of(v));
        // First Adam step: m = 0.1 g, v = 0.001 g^2, alpha = 0.1 * sqrt(0.001) / 0.1, so w -= 0.1 * g / (|g| + eps / sqrt(0.001)) ~ 0.1 sign(g)
        double[] g = {0.3, -1.2, -0.5, 0.8};
        double[] w0 = {1.0, -2.0, 0.5, 3.0};
        double[] expected = new double[4];
        for (int i = 0; i < 4; i++) {
            double m = 0.1 * g[i];
            double vv = 0.001 * g[i] * g[i];
            expected[i] = w0[i] - m * (0.1 * Math.sqrt(0.001) / 0.1) / (Math.sqrt(vv) + 1e-7);
        }
        assertClose(expected, v.value().reshape(4), "transposed gradient");

        Variable f = new Variable("f", Nd4j.createFromArray(1.0f, -2.0f, 0.5f, 3.0f), true);
        Adam adam = new Adam(0.01);
        for (double[] step : GRADS) {
            adam.applyGradients(List.of(Nd4j.createFromArray(step).castTo(DataType.FLOAT)), List.of(f));
        }
        double[] ref = reference(constant(0.01), 0.9, 0.999, 1e-7, false, GRADS)[2];
        double[] got = f.value().toDoubleVector();
        for (int i = 0; i < 4; i++) {
            assertEquals(ref[i], got[i], 1e-5, "float32 element " + i);
        }
        assertEquals(DataType.FLOAT, adam.slots().get(f).get("momentum").dataType());
    }

    @Test
    void stateReadOrReplacedBetweenHostStepsIsCurrent() {
        // float32 weights go through HostAdam, which keeps the moments on the heap between steps
        Variable f = new Variable("f", Nd4j.createFromArray(1.0f, -2.0f, 0.5f, 3.0f), true);
        Adam adam = new Adam(0.01);
        adam.applyGradients(List.of(Nd4j.createFromArray(GRADS[0]).castTo(DataType.FLOAT)), List.of(f));
        double[] m1 = new double[4];
        for (int i = 0; i < 4; i++) {
            m1[i] = 0.1 * GRADS[0][i];
        }
        assertFloat32Close(m1, adam.slots().get(f).get("momentum"), "momentum read after one step");

        // Replacing the state restarts from the new moments, as after loading a saved model.
        adam.applyGradients(List.of(Nd4j.createFromArray(GRADS[1]).castTo(DataType.FLOAT)), List.of(f));
        adam.setSlot(f, "momentum", Nd4j.zeros(DataType.FLOAT, 4));
        adam.setSlot(f, "velocity", Nd4j.zeros(DataType.FLOAT, 4));
        adam.applyGradients(List.of(Nd4j.createFromArray(GRADS[2]).castTo(DataType.FLOAT)), List.of(f));
        double[] m3 = new double[4];
        for (int i = 0; i < 4; i++) {
            m3[i] = 0.1 * GRADS[2][i];
        }
        assertFloat32Close(m3, adam.slots().get(f).get("momentum"), "momentum after the state was reset to zeros");
    }

    private static void assertFloat32Close(double[] expected, INDArray actual, String what) {
        double[] a = actual.toDoubleVector();
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], a[i], 1e-6 * Math.max(1, Math.abs(expected[i])), what + ", element " + i);
        }
    }

    @Test
    void configKeysAreKeras() {
        assertEquals(Set.of("name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue",
                "use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps",
                "beta_1", "beta_2", "epsilon", "amsgrad"), new Adam().getConfig().keySet());
        assertEquals("adam", new Adam().getConfig().get("name"));
    }

    @Test
    void invalidArguments() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Adam(0.001, 1.0, 0.999, 1e-7, false));
        assertEquals("Adam: beta_1 must be in [0, 1), received beta_1=1.0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Adam(0.001, 0.9, -0.1, 1e-7, false));
        var eps = assertThrows(IllegalArgumentException.class, () -> new Adam(0.001, 0.9, 0.999, -1, false));
        assertEquals("Adam: epsilon must be a finite number >= 0, received epsilon=-1.0", eps.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Adam(Double.NaN));
    }
}
