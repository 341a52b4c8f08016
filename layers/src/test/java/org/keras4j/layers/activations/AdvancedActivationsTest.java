package org.keras4j.layers.activations;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.initializers.Constant;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class AdvancedActivationsTest {

    private static double[] run(Layer layer, double... x) {
        INDArray in = Nd4j.createFromArray(x).reshape(1, x.length);
        return layer.apply(Tensor.constant(in), false).value().reshape(x.length).toDoubleVector();
    }

    @Test
    void passTheLayerContract() {
        LayerTestHarness.of(ReLU::new).inputShape(2, 5).expectOutputShape(2, 5).expectParams(0).run();
        LayerTestHarness.of(() -> new ReLU(0.8, 0.1, 0.2)).inputShape(2, 3, 4).expectParams(0).run();
        LayerTestHarness.of(LeakyReLU::new).inputShape(2, 5).expectOutputShape(2, 5).expectParams(0).run();
        LayerTestHarness.of(() -> new ELU(0.7)).inputShape(2, 3, 4).expectParams(0).run();
        LayerTestHarness.of(Softmax::new).inputShape(2, 5).expectOutputShape(2, 5).expectParams(0).run();
        LayerTestHarness.of(() -> new Softmax(1)).inputShape(2, 3, 4).expectParams(0).run();
        LayerTestHarness.of(() -> new ThresholdedReLU(0.3)).inputShape(2, 5).expectParams(0).run();
        LayerTestHarness.of(() -> new PReLU().alphaInitializer(new Constant(0.25))).inputShape(2, 5)
                .expectOutputShape(2, 5).expectParams(5).run();
        LayerTestHarness.of(() -> new PReLU().alphaInitializer(new Constant(0.25)).sharedAxes(1, 2))
                .inputShape(2, 3, 4, 2).expectOutputShape(2, 3, 4, 2).expectParams(2).run();
    }

    @Test
    void reluHandComputed() {
        assertArrayEquals(new double[] {0, 0, 0, 0.5, 3}, run(new ReLU(), -2, -0.5, 0, 0.5, 3), 1e-7);
        assertArrayEquals(new double[] {0, 3, 6}, run(new ReLU(6.0, 0, 0), -1, 3, 7), 1e-7);
        // max 1.4, slope 0.2, threshold 0.2: below 0.2 the output is 0.2 * (x - 0.2)
        assertArrayEquals(new double[] {-0.24, -0.02, 0.5, 1.4}, run(new ReLU(1.4, 0.2, 0.2), -1, 0.1, 0.5, 2), 1e-6);
        assertArrayEquals(new double[] {-1, -0.1, 2}, run(new ReLU(null, 0.5, 0), -2, -0.2, 2), 1e-7);
        // threshold without slope: x where x > threshold, else 0
        assertArrayEquals(new double[] {0, 0, 1.5}, run(new ReLU(null, 0, 1.0), -3, 1.0, 1.5), 1e-7);
    }

    @Test
    void leakyReluEluThresholdedHandComputed() {
        assertArrayEquals(new double[] {-0.6, 0, 1.5}, run(new LeakyReLU(), -2, 0, 1.5), 1e-7);
        assertArrayEquals(new double[] {-0.5 * (1 - Math.exp(-1)), 0, 2}, run(new ELU(0.5), -1, 0, 2), 1e-7);
        assertArrayEquals(new double[] {Math.exp(-3) - 1, 0.25}, run(new ELU(), -3, 0.25), 1e-7);
        assertArrayEquals(new double[] {0, 0, 0, 1.5}, run(new ThresholdedReLU(), -1, 0.5, 1.0, 1.5), 1e-7);
    }

    @Test
    void preluUsesItsSlopesPerFeatureAndSharedAlongSharedAxes() {
        PReLU p = new PReLU();
        double[] zeroAlpha = run(p, -1, -2, 3);
        assertArrayEquals(new double[] {0, 0, 3}, zeroAlpha, 1e-7); // default alpha is zeros: plain relu
        assertEquals("alpha", p.weights().get(0).name().substring(p.name().length() + 1));
        p.weights().get(0).assign(Nd4j.createFromArray(0.1, 0.2, 0.3));
        assertArrayEquals(new double[] {-0.1, -0.4, 3}, run(p, -1, -2, 3), 1e-7);

        PReLU shared = new PReLU().sharedAxes(1);
        INDArray x = Nd4j.createFromArray(new double[][][] {{{-1, -1}, {-2, 4}}});
        shared.ensureBuilt(org.keras4j.framework.layers.Shape.of(1, 2, 2));
        assertArrayEquals(new long[] {1, 2}, shared.weights().get(0).shape());
        shared.weights().get(0).assign(Nd4j.createFromArray(new double[][] {{0.5, 0.25}}));
        double[] out = shared.apply(Tensor.constant(x), false).value().reshape(4).toDoubleVector();
        assertArrayEquals(new double[] {-0.5, -0.25, -1, 4}, out, 1e-7);
    }

    @Test
    void softmaxHandComputedWithAndWithoutMask() {
        double e1 = Math.exp(1), e2 = Math.exp(2), e3 = Math.exp(3), s = e1 + e2 + e3;
        assertArrayEquals(new double[] {e1 / s, e2 / s, e3 / s}, run(new Softmax(), 1, 2, 3), 1e-7);

        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2, 3}});
        INDArray mask = Nd4j.createFromArray(new boolean[][] {{true, true, false}});
        Tensor out = new Softmax().apply(Tensor.constant(x).setMask(mask), false);
        assertArrayEquals(new double[] {e1 / (e1 + e2), e2 / (e1 + e2), 0}, out.value().reshape(3).toDoubleVector(), 1e-7);
        assertSame(mask, out.mask(), "the mask passes through");

        // a (batch, time) mask on (batch, time, features), softmax over time: masked steps get no weight
        INDArray seq = Nd4j.createFromArray(new double[][][] {{{1, 5}, {2, 6}, {3, 7}}});
        INDArray timeMask = Nd4j.createFromArray(new double[][] {{1, 0, 1}});
        INDArray y = new Softmax(1).call(Tensor.constant(seq), timeMask).value();
        assertArrayEquals(new double[] {e1 / (e1 + e3), 0, e3 / (e1 + e3)},
                y.get(org.nd4j.linalg.indexing.NDArrayIndex.point(0), org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(0)).toDoubleVector(), 1e-7);
        assertEquals(1.0, y.sum(1).getDouble(0, 1), 1e-7);
    }

    @Test
    void maskedSoftmaxGradientsMatchFiniteDifferences() {
        org.keras4j.framework.testing.GradientCheck.inFloat64(() -> {
            INDArray mask = Nd4j.createFromArray(new double[][] {{1, 1, 0, 1}, {0, 1, 1, 1}});
            Softmax sm = new Softmax();
            // weight the outputs so the loss is not constant (softmax rows sum to 1)
            INDArray w = Nd4j.createFromArray(new double[][] {{1, -2, 3, 0.5}, {-1, 2, 0.3, 4}});
            org.keras4j.framework.testing.GradientCheck.check(
                    in -> org.keras4j.framework.autodiff.Ops.multiply(sm.call(in.get(0), mask), Tensor.constant(w)),
                    org.keras4j.framework.testing.GradientCheck.uniform(-1, 1, 2, 4));
        });
    }

    @Test
    void configsReadKeras2AndKeras3Names() {
        Registry r = Registry.get();
        LeakyReLU keras2 = r.create(Kind.LAYER, "LeakyReLU", Config.of(Map.of("alpha", 0.4)), LeakyReLU.class);
        assertArrayEquals(new double[] {-0.4}, run(keras2, -1), 1e-7);
        assertEquals(0.4, keras2.getConfig().get("negative_slope"));
        LeakyReLU keras3 = r.create(Kind.LAYER, "LeakyReLU", Config.of(Map.of()), LeakyReLU.class);
        assertEquals(0.3, keras3.getConfig().get("negative_slope"));
        Softmax sm = r.create(Kind.LAYER, "Softmax", Config.of(Map.of("axis", List.of(1))), Softmax.class);
        assertEquals(1, sm.getConfig().get("axis"));
        PReLU p = r.create(Kind.LAYER, "PReLU", Config.of(Map.of("shared_axes", List.of(1, 2))), PReLU.class);
        assertEquals(List.of(1, 2), p.getConfig().get("shared_axes"));
        Map<String, Object> relu = r.create(Kind.LAYER, "ReLU", Config.of(Map.of("max_value", 6.0)), ReLU.class).getConfig();
        assertEquals(6.0, relu.get("max_value"));
        assertEquals(0.0, relu.get("negative_slope"));
        assertEquals(0.0, relu.get("threshold"));
    }

    @Test
    void badArgumentsNameTheLayerAndTheValue() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ReLU(-1.0, 0, 0)).getMessage().contains("max_value=-1.0"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new LeakyReLU(-0.1)).getMessage().contains("negative_slope=-0.1"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new ThresholdedReLU(-1)).getMessage().contains("theta=-1.0"));
        Softmax sm = new Softmax(2);
        String m = assertThrows(IllegalArgumentException.class, () -> sm.apply(Tensor.constant(Nd4j.zeros(DataType.FLOAT, 2, 3)), false)).getMessage();
        assertTrue(m.contains(sm.describe()) && m.contains("axis 2") && m.contains("(None, 3)"), m);
        PReLU p = new PReLU().sharedAxes(3);
        String pm = assertThrows(IllegalArgumentException.class, () -> p.apply(Tensor.constant(Nd4j.zeros(DataType.FLOAT, 2, 3)), false)).getMessage();
        assertTrue(pm.contains(p.describe()) && pm.contains("shared axis 3") && pm.contains("(None, 3)"), pm);
        INDArray badMask = Nd4j.ones(DataType.FLOAT, 2, 4);
        String mm = assertThrows(IllegalArgumentException.class,
                () -> new Softmax().call(Tensor.constant(Nd4j.zeros(DataType.FLOAT, 2, 3)), badMask)).getMessage();
        assertTrue(mm.contains("(2, 4)") && mm.contains("(2, 3)"), mm);
    }
}
