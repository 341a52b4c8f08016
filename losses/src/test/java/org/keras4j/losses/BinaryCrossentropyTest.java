package org.keras4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.losses.LossTesting.f32;
import static org.keras4j.losses.LossTesting.f64;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.testing.GradientCheck;
import org.nd4j.linalg.api.ndarray.INDArray;

class BinaryCrossentropyTest {
    static final INDArray Y_TRUE = f32(new double[][] {{0, 1}, {0, 0}});
    static final INDArray PROBS = f32(new double[][] {{0.6, 0.4}, {0.4, 0.6}});
    // Keras's documented example: -log(1 - 0.6) = -log 0.4 = 0.916291 twice -> 0.916291;
    // (-log 0.6 - log 0.4) / 2 = (0.510826 + 0.916291) / 2 = 0.713558
    static final double[] PROB_EXPECTED = {0.916290732, 0.713558178};
    static final INDArray LOGITS = f32(new double[][] {{-18.6, 0.51}, {2.94, -12.8}});
    // per element max(x, 0) - x y + log(1 + exp(-|x|)):
    // (log1p(e^-18.6) + log1p(e^-0.51)) / 2 = (8.4e-9 + 0.470313) / 2 = 0.235157
    // (2.94 + log1p(e^-2.94) + log1p(e^-12.8)) / 2 = (2.991516 + 2.8e-6) / 2 = 1.495759
    // (Keras's documented example: [0.235, 1.496], mean 0.8654, sum 1.730, weights [0.8, 0.2] -> 0.243)
    static final double[] LOGIT_EXPECTED = {0.235156663, 1.495759236};

    @Test
    void fromProbabilities() {
        LossTesting.assertPerSample(new BinaryCrossentropy(), Y_TRUE, PROBS, PROB_EXPECTED);
        LossTesting.assertReductions(r -> new BinaryCrossentropy(false, 0, -1, r, null), Y_TRUE, PROBS, PROB_EXPECTED);
    }

    @Test
    void fromLogits() {
        LossTesting.assertPerSample(new BinaryCrossentropy(true), Y_TRUE, LOGITS, LOGIT_EXPECTED);
        LossTesting.assertReductions(r -> new BinaryCrossentropy(true, 0, -1, r, null), Y_TRUE, LOGITS, LOGIT_EXPECTED);
        // Keras's weighted example: (0.235157 * 0.8 + 1.495759 * 0.2) / 2 = 0.243639
        Tensor weighted = new BinaryCrossentropy(true).compute(Y_TRUE, Tensor.constant(LOGITS), f32(0.8, 0.2));
        assertEquals(0.243639, weighted.scalar(), 1e-5);
    }

    @Test
    void probabilitiesAreClipped() {
        // p = 0 for label 1 and p = 1 for label 0: both clipped 1e-7 away -> -log(1e-7) = 16.118096 (float64)
        LossTesting.assertPerSample(new BinaryCrossentropy(), f64(new double[][] {{1, 0}}), f64(new double[][] {{0, 1}}),
                16.118095651);
        // in float32 the bound 1 - 1e-7 rounds to 1 - 2^-23 = 0.99999988 (as in Keras), so 1 - p = 1.1920929e-7:
        // (-log(1e-7) - log(1.1920929e-7)) / 2 = (16.118096 + 15.942385) / 2 = 16.030240
        LossTesting.assertPerSample(new BinaryCrossentropy(), f32(new double[][] {{1, 0}}), f32(new double[][] {{0, 1}}),
                (-Math.log(1e-7) - Math.log(1.1920929e-7)) / 2);
    }

    @Test
    void sigmoidOutputUsesItsLogits() {
        // sigmoid(30) rounds to 1 in float32; with label 0 the exact loss is 30 + log1p(e^-30) = 30,
        // not the clipped -log(1e-7) = 16.1 of the probability path
        Tensor p = NnOps.sigmoid(Tensor.constant(f32(new double[][] {{30, -1}})));
        // second element: label 1, logit -1: 1 + log1p(e^-1) = 1.313262;  mean (30 + 1.313262) / 2
        LossTesting.assertPerSample(new BinaryCrossentropy(), f32(new double[][] {{0, 1}}), p, 15.656630676);
        LossTesting.assertPerSample(new BinaryCrossentropy(), Y_TRUE, NnOps.sigmoid(Tensor.constant(LOGITS)), LOGIT_EXPECTED);
    }

    @Test
    void labelSmoothing() {
        // ls = 0.2: labels 0 -> 0.1, 1 -> 0.9.  Sample 0: -(0.1 log 0.6 + 0.9 log 0.4) = 0.875744 for both elements
        // sample 1: -(0.1 log 0.4 + 0.9 log 0.6) = 0.551378 and 0.875744 -> 0.713561
        double a = -(0.1 * Math.log(0.6) + 0.9 * Math.log(0.4));
        double b = -(0.1 * Math.log(0.4) + 0.9 * Math.log(0.6));
        LossTesting.assertPerSample(new BinaryCrossentropy(false, 0.2), Y_TRUE, PROBS, a, (b + a) / 2);
    }

    @Test
    void trailingOneAndRankOne() {
        // (3,) labels against (3, 1) probabilities: one value per sample: -log 0.9, -log 0.8, -log 0.5
        double[] e = {-Math.log(0.9), -Math.log(0.8), -Math.log(0.5)};
        LossTesting.assertPerSample(new BinaryCrossentropy(), f32(1, 0, 1), f32(0.9, 0.2, 0.5).reshape(3, 1), e);
        LossTesting.assertPerSample(new BinaryCrossentropy(), f32(1, 0, 1), f32(0.9, 0.2, 0.5), e);
    }

    @Test
    void gradients() {
        INDArray y = f64(new double[][] {{0, 1, 1}, {1, 0, 0.3}});
        INDArray p = f64(new double[][] {{0.2, 0.7, 0.45}, {0.9, 0.35, 0.6}});
        LossTesting.assertGradient(new BinaryCrossentropy(), y, p);
        LossTesting.assertGradient(new BinaryCrossentropy(false, 0.1), y, p);
        INDArray logits = f64(new double[][] {{-2, 0.5, 1.5}, {3, -0.7, 0.1}});
        LossTesting.assertGradient(new BinaryCrossentropy(true), y, logits);
        LossTesting.assertComputeGradient(new BinaryCrossentropy(true, 0.2), y, logits);
        // through a sigmoid output: the gradient reaches the logits via the fused path
        BinaryCrossentropy bce = new BinaryCrossentropy();
        GradientCheck.inFloat64(() -> GradientCheck.check(t -> bce.call(y, NnOps.sigmoid(t.get(0))), logits));
    }

    @Test
    void shapeMismatchAndArguments() {
        LossTesting.assertShapeMismatch(new BinaryCrossentropy(), f32(new double[][] {{1, 0, 1}}), f32(new double[][] {{0.5, 0.5}}),
                "y_true.shape=(1, 3)", "y_pred.shape=(1, 2)");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new BinaryCrossentropy(false, 1.5));
        assertEquals("BinaryCrossentropy: label_smoothing must be in [0, 1], received label_smoothing=1.5", e.getMessage());
    }

    @Test
    void config() {
        BinaryCrossentropy l = new BinaryCrossentropy(true, 0.1, -1, Reduction.SUM, "bce_loss");
        assertEquals(Map.of("name", "bce_loss", "reduction", "sum", "from_logits", true, "label_smoothing", 0.1, "axis", -1),
                l.getConfig());
        assertEquals("binary_crossentropy", new BinaryCrossentropy().name());
        LossTesting.assertConfigRoundTrip(l, Y_TRUE, LOGITS);
        LossTesting.assertRegistered("binary_crossentropy", BinaryCrossentropy.class);
        LossTesting.assertRegistered("bce", BinaryCrossentropy.class);
        LossTesting.assertRegistered("BinaryCrossentropy", BinaryCrossentropy.class);
    }
}
