package org.keras4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keras4j.losses.LossTesting.f32;
import static org.keras4j.losses.LossTesting.f64;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.testing.GradientCheck;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class SparseCategoricalCrossentropyTest {
    static final INDArray LABELS = Nd4j.createFromArray(1, 2);   // int32 labels, shape (2,)
    static final INDArray PROBS = f32(new double[][] {{0.05, 0.95, 0}, {0.1, 0.8, 0.1}});
    // Keras's documented example: [0.0513, 2.303], mean 1.177, sum 2.354, weights [0.3, 0.7] -> 0.814.
    // As Keras, log(clip(p)) are used as logits: -log 0.95 + log(0.05 + 0.95 + 1e-7) = 0.051293 (+1e-7);
    // -log 0.1 + log 1 = 2.302585
    static final double[] PROB_EXPECTED = {0.051293394, 2.302585093};
    static final INDArray LOGITS = f32(new double[][] {{0, 1, 3}, {0, 0, 0}});
    // logsumexp(0, 1, 3) - 1 = 3.169846 - 1 = 2.169846;  logsumexp(0, 0, 0) - 0 = log 3 = 1.098612
    static final double[] LOGIT_EXPECTED = {2.169846020, 1.098612289};

    @Test
    void fromProbabilities() {
        LossTesting.assertPerSample(new SparseCategoricalCrossentropy(), LABELS, PROBS, PROB_EXPECTED);
        LossTesting.assertReductions(r -> new SparseCategoricalCrossentropy(false, null, -1, r, null), LABELS, PROBS,
                PROB_EXPECTED);
        // Keras's weighted example: (0.051293 * 0.3 + 2.302585 * 0.7) / 2 = 0.813598
        assertEquals(0.813598, new SparseCategoricalCrossentropy().compute(LABELS, Tensor.constant(PROBS), f32(0.3, 0.7))
                .scalar(), 1e-5);
    }

    @Test
    void fromLogitsWithAnyLabelTypeAndShape() {
        LossTesting.assertPerSample(new SparseCategoricalCrossentropy(true), LABELS, LOGITS, LOGIT_EXPECTED);
        LossTesting.assertPerSample(new SparseCategoricalCrossentropy(true), f32(1, 2).reshape(2, 1), LOGITS, LOGIT_EXPECTED);
        LossTesting.assertPerSample(new SparseCategoricalCrossentropy(true), Nd4j.createFromArray(1L, 2L), LOGITS,
                LOGIT_EXPECTED);
        LossTesting.assertReductions(r -> new SparseCategoricalCrossentropy(true, null, -1, r, null), LABELS, LOGITS,
                LOGIT_EXPECTED);
    }

    @Test
    void softmaxOutputUsesItsLogits() {
        // softmax(0, 100, -100) ~ [0, 1, 0] in float32; label 0: exact loss 100, not the clipped 16.1
        Tensor p = NnOps.softmax(Tensor.constant(f32(new double[][] {{0, 100, -100}})), -1);
        LossTesting.assertPerSample(new SparseCategoricalCrossentropy(), Nd4j.createFromArray(0), p, 100.0);
        LossTesting.assertPerSample(new SparseCategoricalCrossentropy(), LABELS, NnOps.softmax(Tensor.constant(LOGITS), -1),
                LOGIT_EXPECTED);
    }

    @Test
    void sequences() {
        // y_pred (1, 2, 3), labels (1, 2): one loss per position, shape (1, 2)
        Tensor out = new SparseCategoricalCrossentropy(true).call(Nd4j.createFromArray(new int[][] {{1, 2}}),
                Tensor.constant(LOGITS.reshape(1, 2, 3)));
        assertEquals("[1, 2]", Arrays.toString(out.shape()));
        LossTesting.assertClose(LOGIT_EXPECTED, out.value(), "sequence");
    }

    @Test
    void ignoreClass() {
        INDArray labels = Nd4j.createFromArray(1, -1, 2);
        INDArray probs = f32(new double[][] {{0.05, 0.95, 0}, {0.3, 0.3, 0.4}, {0.1, 0.8, 0.1}});
        // the ignored position (label -1) gets 0
        LossTesting.assertPerSample(new SparseCategoricalCrossentropy(false, -1), labels, probs,
                PROB_EXPECTED[0], 0, PROB_EXPECTED[1]);
        Tensor p = Tensor.constant(probs);
        // sum_over_batch_size averages over the 2 valid positions: (0.051293 + 2.302585) / 2 = 1.176939
        assertEquals(1.176939, new SparseCategoricalCrossentropy(false, -1).compute(labels, p, null).scalar(), 1e-5);
        // with weights [2, 1, 1]: (2 * 0.051293 + 2.302585) / 2 = 1.202586
        assertEquals(1.202586, new SparseCategoricalCrossentropy(false, -1).compute(labels, p, f32(2, 1, 1)).scalar(), 1e-5);
        // sum: 2.353878;  none: the per-sample values
        assertEquals(2.353878, new SparseCategoricalCrossentropy(false, -1, -1, Reduction.SUM, null)
                .compute(labels, p, null).scalar(), 1e-5);
        LossTesting.assertClose(new double[] {PROB_EXPECTED[0], 0, PROB_EXPECTED[1]},
                new SparseCategoricalCrossentropy(false, -1, -1, Reduction.NONE, null).compute(labels, p, null).value(), "none");
        // every position ignored: 0, not NaN
        assertEquals(0.0, new SparseCategoricalCrossentropy(false, 2).compute(Nd4j.createFromArray(2, 2),
                Tensor.constant(PROBS), null).scalar(), 0.0);
    }

    @Test
    void labelsOutOfRange() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy(true).call(Nd4j.createFromArray(1, 3), Tensor.constant(LOGITS)));
        assertEquals("sparse_categorical_crossentropy: label 3 is out of range for 3 classes (valid: 0..2)", e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().compute(f32(-1, 0), Tensor.constant(PROBS), null));
        assertEquals("sparse_categorical_crossentropy: label -1 is out of range for 3 classes (valid: 0..2)", e.getMessage());
        // an ignored label may be outside the range
        new SparseCategoricalCrossentropy(false, 255).call(Nd4j.createFromArray(255, 0), Tensor.constant(PROBS));
        e = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy().compute(f32(Float.NaN, 0), Tensor.constant(PROBS), null));
        assertEquals("sparse_categorical_crossentropy: label NaN is out of range for 3 classes (valid: 0..2)", e.getMessage());
    }

    @Test
    void labelsOutOfRangeInALargeLabelArray() {
        // Per-pixel labels: more entries than the host scan takes, so the native minimum and maximum decide.
        int n = 70_000;
        INDArray labels = Nd4j.zeros(DataType.INT32, n);
        labels.putScalar(n - 1, 7);
        INDArray logits = Nd4j.zeros(DataType.FLOAT, n, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SparseCategoricalCrossentropy(true).call(labels, Tensor.constant(logits)));
        assertEquals("sparse_categorical_crossentropy: label 7 is out of range for 3 classes (valid: 0..2)", e.getMessage());
        labels.putScalar(n - 1, 2);
        double perSample = new SparseCategoricalCrossentropy(true).compute(labels, Tensor.constant(logits), null).scalar();
        assertEquals(Math.log(3), perSample, 2e-3); // a float32 mean of 70,000 terms
    }

    @Test
    void shapeErrors() {
        LossTesting.assertShapeMismatch(new SparseCategoricalCrossentropy(), Nd4j.createFromArray(0, 1, 2),
                PROBS, "y_true.shape=(3,)", "y_pred.shape=(2, 3)");
        LossTesting.assertShapeMismatch(new SparseCategoricalCrossentropy(), f32(new double[][] {{0, 1, 0}, {0, 0, 1}}),
                PROBS, "(2, 3)");
        LossTesting.assertShapeMismatch(new SparseCategoricalCrossentropy(), Nd4j.createFromArray(0, 1), f32(0.3, 0.7),
                "(batch_size, ..., num_classes)");
        LossTesting.assertShapeMismatch(new SparseCategoricalCrossentropy(true, null, 0, Reduction.NONE, null), LABELS,
                LOGITS, "only axis=-1");
    }

    @Test
    void gradients() {
        INDArray labels = Nd4j.createFromArray(3, 0, 2);
        INDArray p = f64(new double[][] {{0.1, 0.5, 0.3, 0.1}, {0.2, 0.25, 0.4, 0.6}, {0.3, 0.3, 0.2, 0.2}});
        LossTesting.assertGradient(new SparseCategoricalCrossentropy(), labels, p);
        INDArray logits = f64(new double[][] {{-1, 2, 0.5, 0.1}, {0.3, -0.2, 1.1, 2}, {0, 0.4, -0.3, 1}});
        LossTesting.assertGradient(new SparseCategoricalCrossentropy(true), labels, logits);
        LossTesting.assertGradient(new SparseCategoricalCrossentropy(true, 0), labels, logits);
        LossTesting.assertComputeGradient(new SparseCategoricalCrossentropy(true, 0), labels, logits);
        SparseCategoricalCrossentropy scce = new SparseCategoricalCrossentropy();
        GradientCheck.inFloat64(() -> GradientCheck.check(t -> scce.call(labels, NnOps.softmax(t.get(0), -1)), logits));
    }

    @Test
    void config() {
        SparseCategoricalCrossentropy l = new SparseCategoricalCrossentropy(true, 255, -1, Reduction.SUM, "scce");
        Map<String, Object> expected = new HashMap<>(Map.of("name", "scce", "reduction", "sum", "from_logits", true,
                "ignore_class", 255, "axis", -1));
        assertEquals(expected, l.getConfig());
        LossTesting.assertConfigRoundTrip(l, LABELS, LOGITS);
        SparseCategoricalCrossentropy d = LossTesting.assertRegistered("sparse_categorical_crossentropy",
                SparseCategoricalCrossentropy.class);
        assertEquals(null, d.ignoreClass());
        assertTrue(d.getConfig().containsKey("ignore_class"));
        LossTesting.assertConfigRoundTrip(d, LABELS, PROBS);
        assertEquals(DataType.FLOAT, d.call(LABELS, Tensor.constant(PROBS)).dataType());
    }
}
