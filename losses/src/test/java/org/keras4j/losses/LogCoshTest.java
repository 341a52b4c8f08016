package org.keras4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keras4j.losses.LossTesting.f32;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.losses.Reduction;
import org.nd4j.linalg.api.ndarray.INDArray;

class LogCoshTest {
    static final INDArray Y_TRUE = f32(new double[][] {{0, 1}, {0, 0}, {0, 0}});
    static final INDArray Y_PRED = f32(new double[][] {{1, 1}, {0, 0}, {100, -3}});
    // (log cosh 1 + log cosh 0) / 2 = (0.433780830 + 0) / 2 = 0.216890415 (Keras's example: mean 0.108)
    // 0
    // (log cosh 100 + log cosh 3) / 2 = (100 - ln 2 + 2.309234...) / 2 = 50.808090662
    //   (exp(100) overflows float32: the stable form must not)
    static final double[] EXPECTED = {0.216890415, 0.0, 50.808090662};

    @Test
    void valuesAndReductions() {
        LossTesting.assertPerSample(new LogCosh(), Y_TRUE, Y_PRED, EXPECTED);
        LossTesting.assertReductions(r -> new LogCosh(r, null), Y_TRUE, Y_PRED, EXPECTED);
    }

    @Test
    void gradients() {
        // d/dx log cosh x = tanh x, including 0 at x = 0 (sample 1)
        LossTesting.assertGradient(new LogCosh(), Y_TRUE, f32(new double[][] {{1, 1.3}, {0, 0}, {-2, 0.4}}));
    }

    @Test
    void shapeMismatch() {
        LossTesting.assertShapeMismatch(new LogCosh(), f32(new double[][] {{1, 2}}), f32(new double[][] {{1}, {2}}),
                "(1, 2)", "(2, 1)");
    }

    @Test
    void config() {
        assertEquals("log_cosh", new LogCosh().name());
        LossTesting.assertConfigRoundTrip(new LogCosh(Reduction.SUM, null), Y_TRUE, Y_PRED);
        LossTesting.assertRegistered("log_cosh", LogCosh.class);
        LossTesting.assertRegistered("logcosh", LogCosh.class);
        LossTesting.assertRegistered("LogCosh", LogCosh.class);
    }
}
