package org.keras4j.layers.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.backend.Backend;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Attention and AdditiveAttention: contract with masks, hand-computed outputs, causal mask, dropout, errors. */
class AttentionTest {
    private static final INDArray Q = Nd4j.createFromArray(new double[][][] {{{1, 0}, {0.5, -1}}});
    private static final INDArray V = Nd4j.createFromArray(new double[][][] {{{1, 2}, {0, 1}, {-1, 0.5}}});

    @Test
    void passTheListLayerContract() {
        INDArray qMask = Nd4j.createFromArray(new boolean[][] {{true, true, false}, {true, true, true}});
        INDArray vMask = Nd4j.createFromArray(new boolean[][] {{true, false, true, true}, {true, true, false, false}});
        ListLayerChecks.run(Attention::new, List.of(new long[] {2, 3, 4}, new long[] {2, 4, 4}), null);
        ListLayerChecks.run(() -> new Attention(true, "dot", 0.0, null), List.of(new long[] {2, 3, 4}, new long[] {2, 4, 5}, new long[] {2, 4, 4}),
                Arrays.asList(qMask, vMask, null));
        ListLayerChecks.run(() -> new Attention(true, "concat", 0.0, null), List.of(new long[] {2, 3, 4}, new long[] {2, 4, 4}),
                Arrays.asList(qMask, vMask));
        ListLayerChecks.run(() -> new Attention(false, "concat", 0.0, null).useCausalMask(true),
                List.of(new long[] {2, 3, 2}, new long[] {2, 3, 2}), null);
        ListLayerChecks.run(AdditiveAttention::new, List.of(new long[] {2, 3, 4}, new long[] {2, 4, 4}), Arrays.asList(qMask, vMask));
        ListLayerChecks.run(() -> new AdditiveAttention(false, 0.0, null).useCausalMask(true),
                List.of(new long[] {2, 4, 3}, new long[] {2, 4, 3}), null);
    }

    /** softmax over a row, as numpy would compute it. */
    private static double[] softmax(double[] s) {
        double max = Arrays.stream(s).max().orElseThrow();
        double[] e = Arrays.stream(s).map(x -> Math.exp(x - max)).toArray();
        double sum = Arrays.stream(e).sum();
        return Arrays.stream(e).map(x -> x / sum).toArray();
    }

    /** Expected output rows: softmax(scores_i) @ V over the allowed value steps. */
    private static double[][] attend(double[][] scores, double[][] v, boolean[][] allowed) {
        double[][] out = new double[scores.length][v[0].length];
        for (int i = 0; i < scores.length; i++) {
            double[] s = scores[i].clone();
            for (int j = 0; j < s.length; j++) {
                if (allowed != null && !allowed[i][j]) {
                    s[j] -= 1e9;
                }
            }
            double[] p = softmax(s);
            for (int j = 0; j < p.length; j++) {
                for (int d = 0; d < v[0].length; d++) {
                    out[i][d] += p[j] * v[j][d];
                }
            }
        }
        return out;
    }

    private static double[][] rows(INDArray x) {
        return x.slice(0).toDoubleMatrix();
    }

    @Test
    void dotProductAttentionByHand() {
        double[][] q = rows(Q);
        double[][] v = rows(V);
        double[][] scores = new double[2][3];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                scores[i][j] = q[i][0] * v[j][0] + q[i][1] * v[j][1];
            }
        }
        INDArray out = new Attention().apply(List.of(Tensor.constant(Q), Tensor.constant(V)), false).get(0).value();
        assertTrue(Nd4j.createFromArray(new double[][][] {attend(scores, v, null)}).equalsWithEps(out, 1e-12));
        // causal: step 0 sees value 0 only, step 1 sees values 0 and 1
        boolean[][] causal = {{true, false, false}, {true, true, false}};
        Attention layer = new Attention().useCausalMask(true).returnAttentionScores(true);
        List<Tensor> both = layer.apply(List.of(Tensor.constant(Q), Tensor.constant(V)), false);
        assertTrue(Nd4j.createFromArray(new double[][][] {attend(scores, v, causal)}).equalsWithEps(both.get(0).value(), 1e-12));
        assertEquals(0.0, both.get(1).value().getDouble(0, 0, 1), 1e-12);
        assertEquals(1.0, both.get(1).value().getDouble(0, 0, 0), 1e-12);
        assertArrayEquals(new long[] {1, 2, 3}, both.get(1).shape());
    }

    @Test
    void masksFollowKeras() {
        INDArray vMask = Nd4j.createFromArray(new boolean[][] {{true, false, true}});
        INDArray qMask = Nd4j.createFromArray(new boolean[][] {{true, false}});
        double[][] q = rows(Q);
        double[][] v = rows(V);
        double[][] scores = new double[2][3];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                scores[i][j] = q[i][0] * v[j][0] + q[i][1] * v[j][1];
            }
        }
        double[][] expected = attend(scores, v, new boolean[][] {{true, false, true}, {true, false, true}});
        expected[1] = new double[] {0, 0}; // the masked query step is zeroed
        Tensor out = new Attention().apply(List.of(Tensor.constant(Q).setMask(qMask), Tensor.constant(V).setMask(vMask)), false).get(0);
        assertTrue(Nd4j.createFromArray(new double[][][] {expected}).equalsWithEps(out.value(), 1e-12), out.value().toString());
        assertEquals(qMask, out.mask(), "the output carries the query mask");
        assertNull(new Attention().apply(List.of(Tensor.constant(Q), Tensor.constant(V).setMask(vMask)), false).get(0).mask());
    }

    @Test
    void scaledAndConcatScoresByHand() {
        Attention concat = new Attention(true, "concat", 0.0, null).returnAttentionScores(true);
        concat.ensureBuilt(List.of(org.keras4j.framework.layers.Shape.of(-1, 2, 2), org.keras4j.framework.layers.Shape.of(-1, 3, 2)));
        concat.weights().get(0).assign(Nd4j.scalar(0.5)); // scale
        concat.weights().get(1).assign(Nd4j.scalar(2.0)); // concat_score_weight
        double[][] q = rows(Q);
        double[][] v = rows(V);
        double[][] scores = new double[2][3];
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                scores[i][j] = 2.0 * (Math.tanh(0.5 * (q[i][0] + v[j][0])) + Math.tanh(0.5 * (q[i][1] + v[j][1])));
            }
        }
        List<Tensor> out = concat.apply(List.of(Tensor.constant(Q), Tensor.constant(V)), false);
        assertTrue(Nd4j.createFromArray(new double[][][] {attend(scores, v, null)}).equalsWithEps(out.get(0).value(), 1e-12));
        assertEquals(softmax(scores[1])[2], out.get(1).value().getDouble(0, 1, 2), 1e-12);

        AdditiveAttention additive = new AdditiveAttention();
        additive.ensureBuilt(List.of(org.keras4j.framework.layers.Shape.of(-1, 2, 2), org.keras4j.framework.layers.Shape.of(-1, 3, 2)));
        assertArrayEquals(new long[] {2}, additive.weights().get(0).shape());
        additive.weights().get(0).assign(Nd4j.createFromArray(1.5, -0.5));
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                scores[i][j] = 1.5 * Math.tanh(q[i][0] + v[j][0]) - 0.5 * Math.tanh(q[i][1] + v[j][1]);
            }
        }
        INDArray add = additive.apply(List.of(Tensor.constant(Q), Tensor.constant(V)), false).get(0).value();
        assertTrue(Nd4j.createFromArray(new double[][][] {attend(scores, v, null)}).equalsWithEps(add, 1e-12));
    }

    @Test
    void dropoutOnlyInTrainingAndRowsStillAverageValues() {
        Backend.setRandomSeed(4);
        Attention layer = new Attention(false, "dot", 0.5, null).returnAttentionScores(true);
        INDArray q = Nd4j.rand(DataType.DOUBLE, 1, 2000, 3);
        INDArray v = Nd4j.ones(DataType.DOUBLE, 1, 5, 3);
        List<Tensor> inference = layer.apply(List.of(Tensor.constant(q), Tensor.constant(v)), false);
        assertTrue(Nd4j.ones(DataType.DOUBLE, 1, 2000, 3).equalsWithEps(inference.get(0).value(), 1e-12));
        INDArray trained = layer.apply(List.of(Tensor.constant(q), Tensor.constant(v)), true).get(0).value();
        // inverted dropout of the weights: each row's weights sum to 1 in expectation, not exactly
        assertEquals(1.0, trained.meanNumber().doubleValue(), 0.03);
        assertTrue(trained.stdNumber().doubleValue() > 0.1);
    }

    @Test
    void errorsNameTheLayer() {
        Attention layer = new Attention();
        var e = assertThrows(IllegalArgumentException.class,
                () -> layer.apply(List.of(Tensor.constant(Nd4j.ones(2, 3, 4)), Tensor.constant(Nd4j.ones(2, 5, 3))), false));
        assertTrue(e.getMessage().contains(layer.name()) && e.getMessage().contains("(None, 3, 4)"), e.getMessage());
        var e2 = assertThrows(IllegalArgumentException.class, () -> new Attention().apply(Tensor.constant(Nd4j.ones(2, 3, 4)), false));
        assertTrue(e2.getMessage().contains("list"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Attention(false, "general", 0, null));
        Attention masked = new Attention();
        var e3 = assertThrows(IllegalArgumentException.class, () -> masked.apply(List.of(Tensor.constant(Nd4j.ones(2, 3, 4)),
                Tensor.constant(Nd4j.ones(2, 5, 4)).setMask(Nd4j.ones(2, 4))), false));
        assertTrue(e3.getMessage().contains("value mask"), e3.getMessage());
    }
}
