package org.keras4j.layers.merging;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.KerasTensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.testing.GradientCheck;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Values on hand-computed inputs, float64 gradient checks, shape inference and errors, configs of the merge layers. */
class MergeLayersTest {
    private static INDArray m(double[][] rows) {
        return Nd4j.createFromArray(rows).castTo(DataType.DOUBLE);
    }

    private static INDArray run(Layer layer, INDArray... xs) {
        List<Tensor> ts = new java.util.ArrayList<>();
        for (INDArray x : xs) {
            ts.add(Tensor.constant(x));
        }
        return layer.apply(ts, false).get(0).value();
    }

    @Test
    void elementWiseValuesMatchHandComputation() {
        GradientCheck.inFloat64(() -> {
            INDArray a = m(new double[][] {{1, -2, 3}, {0.5, 4, -1}});
            INDArray b = m(new double[][] {{2, 1, -3}, {0.5, -4, 2}});
            INDArray c = m(new double[][] {{0, 3, 1}, {1, 1, 1}});
            assertEquals(m(new double[][] {{3, 2, 1}, {2, 1, 2}}), run(new Add(), a, b, c));
            assertEquals(m(new double[][] {{-1, -3, 6}, {0, 8, -3}}), run(new Subtract(), a, b));
            assertEquals(m(new double[][] {{0, -6, -9}, {0.25, -16, -2}}), run(new Multiply(), a, b, c));
            assertEquals(m(new double[][] {{1, 2.0 / 3, 1.0 / 3}, {2.0 / 3, 1.0 / 3, 2.0 / 3}}), run(new Average(), a, b, c));
            assertEquals(m(new double[][] {{2, 3, 3}, {1, 4, 2}}), run(new Maximum(), a, b, c));
            assertEquals(m(new double[][] {{0, -2, -3}, {0.5, -4, -1}}), run(new Minimum(), a, b, c));
            // a size-1 axis broadcasts, as in Keras
            assertEquals(m(new double[][] {{11, 8, 13}, {20.5, 24, 19}}), run(new Add(), a, m(new double[][] {{10}, {20}})));
        });
    }

    @Test
    void concatenateAndDotValues() {
        GradientCheck.inFloat64(() -> {
            INDArray a = m(new double[][] {{1, 2}, {3, 4}});
            INDArray b = m(new double[][] {{5, 6, 7}, {8, 9, 10}});
            assertEquals(m(new double[][] {{1, 2, 5, 6, 7}, {3, 4, 8, 9, 10}}), run(new Concatenate(), a, b));
            // Dot over axis 1 of (2,2) x (2,2): per-sample inner products
            INDArray c = m(new double[][] {{2, 0}, {1, -1}});
            assertEquals(m(new double[][] {{2}, {-1}}), run(new Dot(1), a, c));
            // normalize=True gives the cosine: (1,2).(2,0) / (sqrt5 * 2) = 1/sqrt5
            INDArray cos = run(new Dot(1, true), a, c);
            assertEquals(1 / Math.sqrt(5), cos.getDouble(0, 0), 1e-12);
            assertEquals((3 - 4) / (5 * Math.sqrt(2)), cos.getDouble(1, 0), 1e-12);
            // rank 3, axes 2: (1, 2, 2) x (1, 3, 2) -> (1, 2, 3) = x1 @ x2^T
            INDArray x1 = Nd4j.createFromArray(1.0, 2, 3, 4).reshape(1, 2, 2);
            INDArray x2 = Nd4j.createFromArray(1.0, 0, 0, 1, 1, 1).reshape(1, 3, 2);
            assertEquals(Nd4j.createFromArray(1.0, 2, 3, 3, 4, 7).reshape(1, 2, 3), run(new Dot(2), x1, x2));
        });
    }

    private static void checkGradients(Supplier<Layer> factory, long[]... shapes) {
        GradientCheck.inFloat64(() -> {
            INDArray[] xs = new INDArray[shapes.length];
            for (int i = 0; i < shapes.length; i++) {
                xs[i] = GradientCheck.uniform(-1, 1, shapes[i]);
            }
            Layer layer = factory.get();
            GradientCheck.check(ts -> layer.apply(ts, true).get(0), xs);
        });
    }

    @Test
    void gradientsOfEveryMergeLayer() {
        long[] s = {3, 4};
        checkGradients(Add::new, s, s, s);
        checkGradients(Add::new, s, new long[] {3, 1});
        checkGradients(Subtract::new, s, s);
        checkGradients(Multiply::new, s, s, s);
        checkGradients(Average::new, s, s);
        checkGradients(Maximum::new, s, s, s);
        checkGradients(Minimum::new, s, s);
        checkGradients(Concatenate::new, s, new long[] {3, 2});
        checkGradients(() -> new Concatenate(1), new long[] {2, 3, 4}, new long[] {2, 1, 4}, new long[] {2, 2, 4});
        checkGradients(() -> new Dot(1), s, s);
        checkGradients(() -> new Dot(1, true), s, s);
        checkGradients(() -> new Dot(2), new long[] {2, 3, 4}, new long[] {2, 5, 4});
        checkGradients(() -> new Dot(1, true), new long[] {2, 3, 4}, new long[] {2, 3, 5});
        checkGradients(() -> new Dot(1, 2, false), new long[] {2, 3, 4}, new long[] {2, 5, 3});
        checkGradients(() -> new Dot(2, 1, true), new long[] {2, 3, 4}, new long[] {2, 4, 5});
    }

    @Test
    void symbolicShapesAndErrors() {
        KerasTensor a = Input.tensor(3);
        KerasTensor b = Input.tensor(3);
        KerasTensor c = Input.tensor(4);
        assertEquals(Shape.of(-1, 3), new Add().apply(a, b).shape());
        assertEquals(Shape.of(-1, 7), new Concatenate().apply(a, c).shape());
        assertEquals(Shape.of(-1, 1), new Dot(1).apply(a, b).shape());
        assertEquals(Shape.of(-1, 5, 2), new Dot(1).apply(Input.tensor(4, 5), Input.tensor(4, 2)).shape());
        Add add = new Add("mismatched_add");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> add.apply(a, c));
        assertTrue(e.getMessage().contains("\"mismatched_add\"") && e.getMessage().contains("(None, 3), (None, 4)")
                && e.getMessage().contains(a.layer().name()) && e.getMessage().contains(c.layer().name()), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Concatenate(1).apply(Input.tensor(2, 3), Input.tensor(2, 4)));
        assertTrue(e.getMessage().contains("matching shapes except for the concatenation axis 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Subtract().apply(a, b, b));
        assertTrue(e.getMessage().contains("exactly 2 inputs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Average().apply(a));
        assertTrue(e.getMessage().contains("at least 2 inputs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Dot(1).apply(a, c));
        assertTrue(e.getMessage().contains("size 3") && e.getMessage().contains("size 4"), e.getMessage());
    }

    @Test
    void configsRoundTripThroughTheRegistry() {
        for (Layer l : List.of(new Add(), new Subtract(), new Multiply(), new Average(), new Maximum(), new Minimum(),
                new Concatenate(-2), new Dot(2, true), new Dot(1, 2, false))) {
            Layer back = Registry.get().create(Kind.LAYER, l.className(), Config.of(l.getConfig()), Layer.class);
            assertEquals(l.getConfig(), back.getConfig(), l.className());
        }
        assertEquals(-2, new Concatenate(-2).getConfig().get("axis"));
        assertEquals(List.of(1, 2), new Dot(1, 2, false).getConfig().get("axes"));
        assertEquals(2, new Dot(2, true).getConfig().get("axes"));
    }

    @Test
    void masksAreCombinedWithAnd() {
        Tensor a = Tensor.constant(Nd4j.ones(DataType.FLOAT, 2, 3, 2)).setMask(Nd4j.createFromArray(new boolean[][] {{true, true, false}, {true, false, false}}));
        Tensor b = Tensor.constant(Nd4j.ones(DataType.FLOAT, 2, 3, 2)).setMask(Nd4j.createFromArray(new boolean[][] {{false, true, true}, {true, true, false}}));
        Tensor out = new Add().apply(List.of(a, b), false).get(0);
        assertArrayEquals(new boolean[] {false, true, false, true, false, false},
                new boolean[] {out.mask().getDouble(0, 0) != 0, out.mask().getDouble(0, 1) != 0, out.mask().getDouble(0, 2) != 0,
                        out.mask().getDouble(1, 0) != 0, out.mask().getDouble(1, 1) != 0, out.mask().getDouble(1, 2) != 0});
    }
}
