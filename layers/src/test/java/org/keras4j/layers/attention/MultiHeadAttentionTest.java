package org.keras4j.layers.attention;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.testing.GradientCheck;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** MultiHeadAttention: Keras 3 weight shapes, contract with masks, a hand computation, masks and causal mask, errors. */
class MultiHeadAttentionTest {

    @Test
    void weightShapesAreKeras3s() {
        MultiHeadAttention mha = new MultiHeadAttention(3, 4, 5, 0.0).outputShape(7);
        mha.ensureBuilt(List.of(Shape.of(-1, 6, 8), Shape.of(-1, 9, 10), Shape.of(-1, 9, 11)));
        List<long[]> shapes = mha.weights().stream().map(Variable::shape).toList();
        assertArrayEquals(new long[][] {{8, 3, 4}, {3, 4}, {11, 3, 4}, {3, 4}, {10, 3, 5}, {3, 5}, {3, 5, 7}, {7}}, shapes.toArray(new long[0][]));
        assertEquals("multi_head_attention_x/query/kernel".replace("multi_head_attention_x", mha.name()), mha.weights().get(0).name());
        assertEquals(8 * 12 + 12 + 11 * 12 + 12 + 10 * 15 + 15 + 15 * 7 + 7, mha.countParams());
        assertEquals(List.of(Shape.of(-1, 6, 7)), mha.computeOutputShapes(List.of(Shape.of(-1, 6, 8), Shape.of(-1, 9, 10), Shape.of(-1, 9, 11))));
    }

    @Test
    void passesTheListLayerContract() {
        // small shapes: every weight element costs two forward passes in the float64 gradient check
        INDArray qMask = Nd4j.createFromArray(new boolean[][] {{true, false}, {true, true}});
        INDArray vMask = Nd4j.createFromArray(new boolean[][] {{true, false, true}, {true, true, false}});
        ListLayerChecks.run(() -> new MultiHeadAttention(2, 2), List.of(new long[] {2, 3, 3}, new long[] {2, 3, 2}), null);
        ListLayerChecks.run(() -> new MultiHeadAttention(2, 1, 2, 0.0).outputShape(2),
                List.of(new long[] {2, 2, 3}, new long[] {2, 3, 2}, new long[] {2, 3, 1}), Arrays.asList(qMask, vMask, vMask));
        ListLayerChecks.run(() -> new MultiHeadAttention(2, 2).useCausalMask(true), List.of(new long[] {2, 3, 2}, new long[] {2, 3, 2}), null);
        ListLayerChecks.run(() -> new MultiHeadAttention(1, 2).useBias(false), List.of(new long[] {1, 2, 2, 2}, new long[] {1, 2, 1, 2}), null);
    }

    @Test
    void gradientsWithAnExplicitAttentionMask() {
        GradientCheck.inFloat64(() -> {
            MultiHeadAttention mha = new MultiHeadAttention(2, 2);
            INDArray mask = Nd4j.createFromArray(new boolean[][][] {{{true, false, true}, {false, true, true}}, {{true, true, false}, {true, false, false}}});
            Variable q = new Variable("q", GradientCheck.uniform(-1, 1, 2, 2, 3), true);
            Variable v = new Variable("v", GradientCheck.uniform(-1, 1, 2, 3, 3), true);
            mha.apply(q, v, null, mask, false);
            List<Variable> wrt = new java.util.ArrayList<>(List.of(q, v));
            wrt.addAll(mha.trainableWeights());
            GradientCheck.check(args -> mha.apply(args.get(0), args.get(1), null, mask, false).get(0), List.of(q, v), wrt);
        });
    }

    @Test
    void dropoutActsOnlyInTrainingAndGradientsHoldUnderAFixedMask() {
        MultiHeadAttention mha = new MultiHeadAttention(2, 2, 2, 0.5).returnAttentionScores(true);
        Tensor x = Tensor.constant(Nd4j.rand(DataType.FLOAT, 2, 4, 3));
        List<Tensor> inference = mha.apply(List.of(x, x), false);
        assertEquals(inference.get(0).value(), mha.apply(List.of(x, x), false).get(0).value());
        org.keras4j.framework.backend.Backend.setRandomSeed(1);
        INDArray trained = mha.apply(List.of(x, x), true).get(0).value();
        assertTrue(!trained.equalsWithEps(inference.get(0).value(), 1e-4), "dropout changes the training output");
        org.keras4j.framework.backend.Backend.setRandomSeed(1);
        assertEquals(trained, mha.apply(List.of(x, x), true).get(0).value(), "same seed, same dropout mask");
        GradientCheck.inFloat64(() -> {
            MultiHeadAttention layer = new MultiHeadAttention(2, 2, 2, 0.5);
            Variable q = new Variable("q", GradientCheck.uniform(-1, 1, 2, 3, 2), true);
            layer.ensureBuilt(List.of(Shape.of(-1, 3, 2), Shape.of(-1, 3, 2)));
            List<Variable> wrt = new java.util.ArrayList<>(List.of(q));
            wrt.addAll(layer.trainableWeights());
            GradientCheck.check(args -> {
                org.keras4j.framework.backend.Backend.setRandomSeed(11); // the same dropout mask in every evaluation
                return layer.apply(List.of(args.get(0), args.get(0)), true).get(0);
            }, List.of(q), wrt);
        });
    }

    // ---- a hand computation: one head, key_dim 2, plain double arithmetic ----

    private static double[][] mm(double[][] a, double[][] b) {
        double[][] c = new double[a.length][b[0].length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < b[0].length; j++) {
                for (int k = 0; k < b.length; k++) {
                    c[i][j] += a[i][k] * b[k][j];
                }
            }
        }
        return c;
    }

    private static double[][] plus(double[][] a, double[] bias) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            c[i] = a[i].clone();
            for (int j = 0; j < bias.length; j++) {
                c[i][j] += bias[j];
            }
        }
        return c;
    }

    private static double[][] transpose(double[][] a) {
        double[][] t = new double[a[0].length][a.length];
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[0].length; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    private static double[][] softmaxRows(double[][] s, boolean[][] allowed) {
        double[][] p = new double[s.length][s[0].length];
        for (int i = 0; i < s.length; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < s[i].length; j++) {
                double x = allowed == null || allowed[i][j] ? s[i][j] : -1e9;
                max = Math.max(max, x);
            }
            double sum = 0;
            for (int j = 0; j < s[i].length; j++) {
                p[i][j] = Math.exp((allowed == null || allowed[i][j] ? s[i][j] : -1e9) - max);
                sum += p[i][j];
            }
            for (int j = 0; j < s[i].length; j++) {
                p[i][j] /= sum;
            }
        }
        return p;
    }

    @Test
    void oneHeadByHand() {
        double[][] x = {{1, 0, 2}, {0.5, -1, 0}, {-0.5, 0.5, 1}};          // query = value = key, (3 steps, dim 3)
        double[][] wq = {{0.2, -0.1}, {0.4, 0.3}, {-0.3, 0.5}};
        double[][] wk = {{0.1, 0.2}, {-0.2, 0.1}, {0.3, 0.3}};
        double[][] wv = {{0.5, 0.0}, {0.1, -0.4}, {0.2, 0.2}};
        double[][] wo = {{1.0, 0.5, -0.5}, {0.3, -0.2, 0.1}};
        double[] bq = {0.1, -0.1};
        double[] bk = {0.0, 0.2};
        double[] bv = {-0.1, 0.1};
        double[] bo = {0.05, 0.0, -0.05};
        MultiHeadAttention mha = new MultiHeadAttention(1, 2).useCausalMask(true).returnAttentionScores(true);
        mha.ensureBuilt(List.of(Shape.of(-1, 3, 3), Shape.of(-1, 3, 3)));
        List<Variable> w = mha.weights();
        w.get(0).assign(Nd4j.createFromArray(wq).reshape(3, 1, 2).castTo(w.get(0).dataType()));
        w.get(1).assign(Nd4j.createFromArray(bq).reshape(1, 2).castTo(w.get(1).dataType()));
        w.get(2).assign(Nd4j.createFromArray(wk).reshape(3, 1, 2).castTo(w.get(2).dataType()));
        w.get(3).assign(Nd4j.createFromArray(bk).reshape(1, 2).castTo(w.get(3).dataType()));
        w.get(4).assign(Nd4j.createFromArray(wv).reshape(3, 1, 2).castTo(w.get(4).dataType()));
        w.get(5).assign(Nd4j.createFromArray(bv).reshape(1, 2).castTo(w.get(5).dataType()));
        w.get(6).assign(Nd4j.createFromArray(wo).reshape(1, 2, 3).castTo(w.get(6).dataType()));
        w.get(7).assign(Nd4j.createFromArray(bo).castTo(w.get(7).dataType()));

        double[][] q = plus(mm(x, wq), bq);
        double[][] k = plus(mm(x, wk), bk);
        double[][] v = plus(mm(x, wv), bv);
        double[][] s = mm(q, transpose(k));
        for (double[] row : s) {
            for (int j = 0; j < row.length; j++) {
                row[j] /= Math.sqrt(2);
            }
        }
        boolean[][] causal = {{true, false, false}, {true, true, false}, {true, true, true}};
        double[][] p = softmaxRows(s, causal);
        double[][] expected = plus(mm(mm(p, v), wo), bo);

        INDArray input = Nd4j.createFromArray(new double[][][] {x}).castTo(DataType.FLOAT);
        List<Tensor> out = mha.apply(List.of(Tensor.constant(input), Tensor.constant(input)), false);
        assertTrue(Nd4j.createFromArray(new double[][][] {expected}).castTo(DataType.FLOAT).equalsWithEps(out.get(0).value(), 1e-6),
                "expected " + Arrays.deepToString(expected) + " got " + out.get(0).value());
        assertArrayEquals(new long[] {1, 1, 3, 3}, out.get(1).shape());
        assertTrue(Nd4j.createFromArray(p).castTo(DataType.FLOAT).reshape(1, 1, 3, 3).equalsWithEps(out.get(1).value(), 1e-6));
    }

    @Test
    void queryValueAndKeyMasksCombineAndTheOutputCarriesTheQueryMask() {
        MultiHeadAttention mha = new MultiHeadAttention(2, 2).returnAttentionScores(true);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 3, 4);
        INDArray vMask = Nd4j.createFromArray(new boolean[][] {{true, false, true}, {true, true, false}});
        INDArray qMask = Nd4j.createFromArray(new boolean[][] {{true, true, true}, {false, true, true}});
        List<Tensor> out = mha.apply(List.of(Tensor.constant(x).setMask(qMask), Tensor.constant(x).setMask(vMask)), false);
        INDArray scores = out.get(1).value();
        // masked value steps get no weight; a masked query row attends to nothing allowed, so it is uniform (all -1e9)
        assertEquals(0.0, scores.getDouble(0, 1, 2, 1), 1e-7);
        assertEquals(0.0, scores.getDouble(1, 0, 1, 2), 1e-7);
        assertEquals(1.0 / 3, scores.getDouble(1, 0, 0, 1), 1e-6);
        assertEquals(qMask, out.get(0).mask());
        // the explicit attention_mask is ANDed in
        INDArray attn = Nd4j.ones(DataType.BOOL, 2, 3, 3);
        attn.putScalar(new long[] {0, 0, 0}, 0);
        List<Tensor> withAttn = mha.apply(Tensor.constant(x).setMask(qMask), Tensor.constant(x).setMask(vMask), null, attn, false);
        assertEquals(0.0, withAttn.get(1).value().getDouble(0, 0, 0, 0), 1e-7);
        assertEquals(1.0, withAttn.get(1).value().getDouble(0, 0, 0, 2), 1e-6);
    }

    @Test
    void errors() {
        MultiHeadAttention mha = new MultiHeadAttention(2, 2);
        var e = assertThrows(IllegalArgumentException.class,
                () -> mha.apply(List.of(Tensor.constant(Nd4j.ones(2, 3, 4)), Tensor.constant(Nd4j.ones(2, 5, 3)), Tensor.constant(Nd4j.ones(2, 4, 3))), false));
        assertTrue(e.getMessage().contains(mha.name()) && e.getMessage().contains("(None, 5, 3)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MultiHeadAttention(0, 2));
        var e2 = assertThrows(IllegalArgumentException.class,
                () -> org.keras4j.framework.registry.Registry.get().create(org.keras4j.framework.registry.Kind.LAYER, "MultiHeadAttention",
                        org.keras4j.framework.registry.Config.of(java.util.Map.of("num_heads", 2, "key_dim", 2, "attention_axes", List.of(2))),
                        org.keras4j.framework.layers.Layer.class));
        assertTrue(e2.getMessage().contains("attention_axes"), e2.getMessage());
        MultiHeadAttention m2 = new MultiHeadAttention(1, 2);
        var e3 = assertThrows(IllegalArgumentException.class,
                () -> m2.apply(Tensor.constant(Nd4j.ones(2, 3, 4)), Tensor.constant(Nd4j.ones(2, 5, 4)), null, Nd4j.ones(2, 3, 4), false));
        assertTrue(e3.getMessage().contains("attention_mask"), e3.getMessage());
    }
}
