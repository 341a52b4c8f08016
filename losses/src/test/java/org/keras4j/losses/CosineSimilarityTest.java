package org.keras4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.keras4j.losses.LossTesting.f32;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.losses.Reduction;
import org.nd4j.linalg.api.ndarray.INDArray;

class CosineSimilarityTest {
    static final INDArray Y_TRUE = f32(new double[][] {{0, 1}, {1, 1}, {1, 1}, {0, 0}});
    static final INDArray Y_PRED = f32(new double[][] {{1, 0}, {1, 1}, {-1, -1}, {1, 2}});
    // Keras's documented example: orthogonal -> -0, same direction -> -1, opposite -> 1;
    // a zero vector normalises to zeros -> 0
    static final double[] EXPECTED = {0, -1, 1, 0};

    @Test
    void valuesAndReductions() {
        LossTesting.assertPerSample(new CosineSimilarity(), Y_TRUE, Y_PRED, EXPECTED);
        LossTesting.assertReductions(r -> new CosineSimilarity(-1, r, null), Y_TRUE, Y_PRED, EXPECTED);
    }

    @Test
    void otherAxis() {
        // (1, 2, 2) compared along axis 1: columns ([1, 0], [1, 0]) -> -1 and ([0, 1], [1, 1]) -> -1/sqrt 2
        INDArray t = f32(1, 0, 0, 1).reshape(1, 2, 2);
        INDArray p = f32(1, 1, 0, 1).reshape(1, 2, 2);
        LossTesting.assertPerSample(new CosineSimilarity(1), t, p, -1, -0.707106781);
    }

    @Test
    void gradients() {
        INDArray t = f32(new double[][] {{0, 1, 2}, {1, -1, 0.5}});
        LossTesting.assertGradient(new CosineSimilarity(), t, f32(new double[][] {{0.3, -1, 2}, {1.5, 0.2, -0.5}}));
        // the zero-vector case has a finite (zero) gradient
        LossTesting.assertGradient(new CosineSimilarity(), f32(new double[][] {{0, 0}}), f32(new double[][] {{0.3, -1}}));
    }

    @Test
    void shapeMismatch() {
        LossTesting.assertShapeMismatch(new CosineSimilarity(), f32(new double[][] {{1, 0}}), f32(new double[][] {{1, 2, 3}}),
                "(1, 2)", "(1, 3)");
        LossTesting.assertShapeMismatch(new CosineSimilarity(3), Y_TRUE, Y_PRED, "axis 3");
    }

    @Test
    void config() {
        CosineSimilarity l = new CosineSimilarity(1, Reduction.SUM, "cos");
        assertEquals(Map.of("name", "cos", "reduction", "sum", "axis", 1), l.getConfig());
        assertEquals("cosine_similarity", new CosineSimilarity().name());
        LossTesting.assertConfigRoundTrip(new CosineSimilarity(-1, Reduction.SUM, "cos"), Y_TRUE, Y_PRED);
        assertEquals(-1, LossTesting.assertRegistered("cosine_similarity", CosineSimilarity.class).axis());
    }
}
