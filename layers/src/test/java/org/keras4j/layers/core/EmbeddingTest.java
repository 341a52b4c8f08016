package org.keras4j.layers.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.GradientTape;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class EmbeddingTest {

    @Test
    void passesTheLayerContract() {
        LayerTestHarness.of(() -> new Embedding(5, 3)).inputShape(2, 4).inputRange(0, 5).noInputGradient()
                .expectOutputShape(2, 4, 3).expectParams(15).run();
        LayerTestHarness.of(() -> new Embedding(7, 2).embeddingsRegularizer("l2")).inputShape(3, 2).inputRange(0, 7).noInputGradient()
                .expectOutputShape(3, 2, 2).run();
    }

    @Test
    void looksUpRowsAndAddsGradientsOfRepeatedIds() {
        Embedding e = new Embedding(3, 2);
        e.ensureBuilt(Shape.of(-1, 3));
        e.embeddings().assign(Nd4j.create(new float[][] {{1, 2}, {3, 4}, {5, 6}}));
        Tensor ids = Tensor.constant(Nd4j.create(new float[][] {{2, 0, 2}}));
        try (GradientTape tape = new GradientTape()) {
            Tensor out = e.apply(ids, true);
            assertArrayEquals(new float[] {5, 6, 1, 2, 5, 6}, out.value().reshape(6).toFloatVector(), 0f);
            INDArray g = tape.gradient(Ops.sum(out), e.embeddings());
            assertArrayEquals(new float[] {1, 1, 0, 0, 2, 2}, g.reshape(6).toFloatVector(), 0f);
        }
        var bad = assertThrows(IllegalArgumentException.class, () -> e.apply(Tensor.constant(Nd4j.create(new float[][] {{3}})), false));
        assertTrue(bad.getMessage().contains("expects ids in [0, 3)"), bad.getMessage());
    }

    @Test
    void maskZeroMarksPadding() {
        Embedding e = new Embedding(4, 2).maskZero(true);
        Tensor out = e.apply(Tensor.constant(Nd4j.create(new float[][] {{1, 3, 0, 0}})), false);
        assertArrayEquals(new boolean[] {true, true, false, false},
                new boolean[] {out.mask().getDouble(0) != 0, out.mask().getDouble(1) != 0, out.mask().getDouble(2) != 0, out.mask().getDouble(3) != 0});
        assertNull(new Embedding(4, 2).apply(Tensor.constant(Nd4j.create(new float[][] {{1, 0}})), false).mask());
    }
}
