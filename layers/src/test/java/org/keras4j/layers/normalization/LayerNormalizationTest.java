package org.keras4j.layers.normalization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class LayerNormalizationTest {

    @Test
    void passesTheLayerContract() {
        LayerTestHarness.of(() -> new LayerNormalization().gammaInitializer("random_uniform").betaInitializer("random_normal"))
                .inputShape(4, 5).expectOutputShape(4, 5).expectParams(10).run();
        LayerTestHarness.of(() -> new LayerNormalization(1, 2).gammaInitializer("random_uniform"))
                .inputShape(2, 3, 4, 2).expectOutputShape(2, 3, 4, 2).expectParams(24).run();
        LayerTestHarness.of(() -> new LayerNormalization(-2).center(false).gammaRegularizer("l2"))
                .inputShape(3, 5, 2).expectParams(5).run();
    }

    @Test
    void normalizesEachSampleOverTheLastAxisByHand() {
        LayerNormalization ln = new LayerNormalization();
        ln.ensureBuilt(Shape.of(-1, 4));
        ln.gamma().assign(Nd4j.createFromArray(1f, 2f, 0.5f, -1f));
        ln.beta().assign(Nd4j.createFromArray(0f, 1f, 0f, 3f));
        INDArray x = Nd4j.createFromArray(new float[][] {{1, 2, 3, 6}, {-1, -1, -1, -1}});
        float[] out = ln.apply(Tensor.constant(x), true).value().reshape(8).toFloatVector();
        // row 0: mean 3, biased variance (4 + 1 + 0 + 9) / 4 = 3.5; row 1 is constant, so it normalizes to 0
        double s = Math.sqrt(3.5 + 1e-3);
        double[] expected = {-2 / s, 2 * (-1 / s) + 1, 0, -(3 / s) + 3, 0, 1, 0, 3};
        for (int i = 0; i < 8; i++) {
            assertEquals(expected[i], out[i], 1e-5, "element " + i);
        }
    }

    @Test
    void severalAxesShareOneMeanAndVariancePerSample() {
        LayerNormalization ln = new LayerNormalization(1, 2);
        ln.ensureBuilt(Shape.of(-1, 2, 3, 4));
        assertArrayEquals(new long[] {2, 3}, ln.gamma().shape());
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 2, 3, 4).muli(5);
        INDArray out = ln.apply(Tensor.constant(x), false).value();
        // for every (sample, last-axis index) the 6 values over axes 1, 2 have mean 0 and variance var/(var+eps)
        for (int n = 0; n < 2; n++) {
            for (int k = 0; k < 4; k++) {
                double[] in = new double[6];
                double[] o = new double[6];
                for (int i = 0; i < 2; i++) {
                    for (int j = 0; j < 3; j++) {
                        in[i * 3 + j] = x.getDouble(n, i, j, k);
                        o[i * 3 + j] = out.getDouble(n, i, j, k);
                    }
                }
                double m = java.util.Arrays.stream(in).average().orElseThrow();
                double v = java.util.Arrays.stream(in).map(a -> (a - m) * (a - m)).average().orElseThrow();
                for (int i = 0; i < 6; i++) {
                    assertEquals((in[i] - m) / Math.sqrt(v + 1e-3), o[i], 1e-5);
                }
            }
        }
    }

    @Test
    void configRoundTripKeepsTheAxisForm() {
        Map<String, Object> keras = Map.of("name", "ln", "axis", List.of(1, 2), "epsilon", 1e-6, "center", true, "scale", true,
                "rms_scaling", false);
        LayerNormalization ln = (LayerNormalization) Registry.get().create(Kind.LAYER, "LayerNormalization", Config.of(keras), Layer.class);
        assertEquals(List.of(1, 2), ln.getConfig().get("axis"));
        assertEquals(1e-6, ln.getConfig().get("epsilon"));
        assertEquals(-1, new LayerNormalization().getConfig().get("axis"));
        var e = assertThrows(IllegalArgumentException.class, () -> Registry.get().create(Kind.LAYER, "LayerNormalization",
                Config.of(Map.of("rms_scaling", true)), Layer.class));
        assertTrue(e.getMessage().contains("rms_scaling"), e.getMessage());
    }

    @Test
    void rejectsTheBatchAxisAndWrongFeatureSizes() {
        LayerNormalization batch = new LayerNormalization(0);
        var e = assertThrows(IllegalArgumentException.class, () -> batch.ensureBuilt(Shape.of(-1, 3)));
        assertTrue(e.getMessage().contains("batch axis"), e.getMessage());
        LayerNormalization ln = new LayerNormalization();
        ln.ensureBuilt(Shape.of(-1, 3));
        e = assertThrows(IllegalArgumentException.class, () -> ln.apply(Tensor.constant(Nd4j.zeros(DataType.FLOAT, 2, 4)), false));
        assertEquals(ln.describe() + " expects input with axis 1 3, but received shape (None, 4).", e.getMessage());
    }

    @Test
    void everyNormalizationLayerPassesASequenceMaskOn() {
        INDArray mask = Nd4j.createFromArray(new boolean[][] {{true, true, false}, {true, false, false}});
        for (Layer layer : List.of(new LayerNormalization(), new BatchNormalization(), new GroupNormalization(2), new UnitNormalization())) {
            Tensor x = Tensor.constant(Nd4j.rand(DataType.FLOAT, 2, 3, 4)).setMask(mask);
            assertEquals(mask, layer.apply(x, false).mask(), layer + " should keep the mask");
        }
    }
}
