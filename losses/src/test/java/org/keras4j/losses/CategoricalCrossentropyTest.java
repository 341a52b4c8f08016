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

class CategoricalCrossentropyTest {
    static final INDArray Y_TRUE = f32(new double[][] {{0, 1, 0}, {0, 0, 1}, {1, 0, 0}});
    static final INDArray PROBS = f32(new double[][] {{0.05, 0.95, 0}, {0.1, 0.8, 0.1}, {1, 1, 2}});
    // -log 0.95 = 0.051293;  -log 0.1 = 2.302585 (Keras's documented example: [0.0513, 2.303]);
    // [1, 1, 2] is first divided by its sum 4: -log 0.25 = 1.386294
    static final double[] PROB_EXPECTED = {0.051293294, 2.302585093, 1.386294361};
    static final INDArray LOGITS = f32(new double[][] {{0, 1, 3}, {0, 0, 0}});
    static final INDArray LOGIT_LABELS = f32(new double[][] {{0, 1, 0}, {0, 0, 1}});
    // logsumexp(0, 1, 3) = 3 + log(1 + e^-2 + e^-3) = 3.169846:  -log_softmax[1] = 3.169846 - 1 = 2.169846
    // logsumexp(0, 0, 0) = log 3 = 1.098612
    static final double[] LOGIT_EXPECTED = {2.169846020, 1.098612289};

    @Test
    void fromProbabilities() {
        LossTesting.assertPerSample(new CategoricalCrossentropy(), Y_TRUE, PROBS, PROB_EXPECTED);
        LossTesting.assertReductions(r -> new CategoricalCrossentropy(false, 0, -1, r, null), Y_TRUE, PROBS, PROB_EXPECTED);
    }

    @Test
    void fromLogits() {
        LossTesting.assertPerSample(new CategoricalCrossentropy(true), LOGIT_LABELS, LOGITS, LOGIT_EXPECTED);
        LossTesting.assertReductions(r -> new CategoricalCrossentropy(true, 0, -1, r, null), LOGIT_LABELS, LOGITS,
                LOGIT_EXPECTED);
    }

    @Test
    void labelSmoothing() {
        // ls = 0.3, 3 classes: [0, 1, 0] -> [0.1, 0.8, 0.1]; -log_softmax(0, 1, 3) = [3.169846, 2.169846, 0.169846]
        // 0.1 * 3.169846 + 0.8 * 2.169846 + 0.1 * 0.169846 = 2.069846
        LossTesting.assertPerSample(new CategoricalCrossentropy(true, 0.3), LOGIT_LABELS.getRow(0, true),
                LOGITS.getRow(0, true), 2.069846020);
    }

    @Test
    void softmaxOutputUsesItsLogits() {
        // softmax(0, 100, -100) is [e^-100, 1, e^-200] ~ [0, 1, 0] in float32; label 0 has exact loss
        // logsumexp - 0 = 100 + log(1 + e^-100 + e^-200) = 100, not the clipped -log(1e-7) = 16.1
        Tensor p = NnOps.softmax(Tensor.constant(f32(new double[][] {{0, 100, -100}})), -1);
        LossTesting.assertPerSample(new CategoricalCrossentropy(), f32(new double[][] {{1, 0, 0}}), p, 100.0);
        LossTesting.assertPerSample(new CategoricalCrossentropy(), LOGIT_LABELS, NnOps.softmax(Tensor.constant(LOGITS), -1),
                LOGIT_EXPECTED);
        // as Keras 3, from_logits=true on a softmax output also uses the softmax's input (with a warning)
        LossTesting.assertPerSample(new CategoricalCrossentropy(true), LOGIT_LABELS,
                NnOps.softmax(Tensor.constant(LOGITS), -1), LOGIT_EXPECTED);
        // a sigmoid output is not a distribution over classes: the probabilities are used
        // sigmoid(0, 1, 3) = [0.5, 0.731059, 0.952574], normalised: -log(0.731059 / 2.183633) = 1.094252
        LossTesting.assertPerSample(new CategoricalCrossentropy(), LOGIT_LABELS.getRow(0, true),
                NnOps.sigmoid(Tensor.constant(LOGITS.getRow(0, true))), 1.094252);
    }

    @Test
    void otherAxis() {
        // classes on axis 1 of a (1, 3, 2) tensor: column 0 holds logits (0, 1, 3) with label index 1,
        // column 1 holds (0, 0, 0) with label index 2 -> [[2.169846, 1.098612]]
        INDArray logits = f32(0, 0, 1, 0, 3, 0).reshape(1, 3, 2);
        INDArray labels = f32(0, 0, 1, 0, 0, 1).reshape(1, 3, 2);
        LossTesting.assertPerSample(new CategoricalCrossentropy(true, 0, 1, Reduction.NONE, null), labels, logits,
                LOGIT_EXPECTED);
    }

    @Test
    void gradients() {
        INDArray y = f64(new double[][] {{0, 1, 0, 0}, {0.2, 0.3, 0.5, 0}});
        INDArray p = f64(new double[][] {{0.1, 0.5, 0.3, 0.1}, {0.2, 0.25, 0.4, 0.6}});
        LossTesting.assertGradient(new CategoricalCrossentropy(), y, p);
        INDArray logits = f64(new double[][] {{-1, 2, 0.5, 0.1}, {0.3, -0.2, 1.1, 2}});
        LossTesting.assertGradient(new CategoricalCrossentropy(true), y, logits);
        LossTesting.assertGradient(new CategoricalCrossentropy(true, 0.1), y, logits);
        LossTesting.assertComputeGradient(new CategoricalCrossentropy(true, 0.1), y, logits);
        // through a softmax output: the fused path, checked with respect to the softmax's input
        CategoricalCrossentropy cce = new CategoricalCrossentropy();
        GradientCheck.inFloat64(() -> GradientCheck.check(t -> cce.call(y, NnOps.softmax(t.get(0), -1)), logits));
    }

    @Test
    void shapeMismatchAndArguments() {
        LossTesting.assertShapeMismatch(new CategoricalCrossentropy(), f32(new double[][] {{0, 1, 0}}),
                f32(new double[][] {{0.5, 0.5}}), "y_true.shape=(1, 3)", "y_pred.shape=(1, 2)");
        LossTesting.assertShapeMismatch(new CategoricalCrossentropy(false, 0, 2, Reduction.NONE, null),
                f32(new double[][] {{0, 1}}), f32(new double[][] {{0.5, 0.5}}), "axis 2");
        assertThrows(IllegalArgumentException.class, () -> new CategoricalCrossentropy(false, -0.1));
    }

    @Test
    void config() {
        CategoricalCrossentropy l = new CategoricalCrossentropy(true, 0.2, 1, Reduction.NONE, "cce");
        assertEquals(Map.of("name", "cce", "reduction", "none", "from_logits", true, "label_smoothing", 0.2, "axis", 1),
                l.getConfig());
        assertEquals("categorical_crossentropy", new CategoricalCrossentropy().name());
        LossTesting.assertConfigRoundTrip(l, LOGIT_LABELS, LOGITS);
        LossTesting.assertRegistered("categorical_crossentropy", CategoricalCrossentropy.class);
        LossTesting.assertRegistered("CategoricalCrossentropy", CategoricalCrossentropy.class);
    }
}
