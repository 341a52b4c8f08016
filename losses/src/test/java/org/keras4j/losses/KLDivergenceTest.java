package org.keras4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keras4j.losses.LossTesting.f32;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.losses.Reduction;
import org.nd4j.linalg.api.ndarray.INDArray;

class KLDivergenceTest {
    static final INDArray Y_TRUE = f32(new double[][] {{0.5, 0.5}, {1, 0}, {0, 1}});
    static final INDArray Y_PRED = f32(new double[][] {{0.25, 0.75}, {0.5, 0.5}, {0, 1}});
    // sum over the last axis, both clipped to [1e-7, 1]:
    // 0.5 log(0.5/0.25) + 0.5 log(0.5/0.75) = 0.346574 - 0.202733 = 0.143841
    // 1 log(1/0.5) + 1e-7 log(1e-7/0.5) = 0.693147 - 1.5e-6 = 0.693146
    // 1e-7 log(1e-7/1e-7) + 1 log(1/1) = 0
    static final double[] EXPECTED = {0.143841036, 0.693145638, 0.0};

    @Test
    void valuesAndReductions() {
        LossTesting.assertPerSample(new KLDivergence(), Y_TRUE, Y_PRED, EXPECTED);
        LossTesting.assertReductions(r -> new KLDivergence(r, null), Y_TRUE, Y_PRED, EXPECTED);
    }

    @Test
    void gradients() {
        LossTesting.assertGradient(new KLDivergence(), Y_TRUE, f32(new double[][] {{0.25, 0.75}, {0.6, 0.3}, {0.2, 0.9}}));
    }

    @Test
    void shapeMismatch() {
        LossTesting.assertShapeMismatch(new KLDivergence(), f32(new double[][] {{0.5, 0.5}}), f32(new double[][] {{1, 0, 0}}),
                "(1, 2)", "(1, 3)");
    }

    @Test
    void config() {
        assertEquals("kl_divergence", new KLDivergence().name());
        LossTesting.assertConfigRoundTrip(new KLDivergence(Reduction.SUM, "kl"), Y_TRUE, Y_PRED);
        LossTesting.assertRegistered("kld", KLDivergence.class);
        LossTesting.assertRegistered("KLD", KLDivergence.class);
        LossTesting.assertRegistered("kl_divergence", KLDivergence.class);
        LossTesting.assertRegistered("kullback_leibler_divergence", KLDivergence.class);
    }
}
