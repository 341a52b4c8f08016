package org.keras4j.layers.normalization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

class GroupNormalizationTest {

    @Test
    void passesTheLayerContract() {
        LayerTestHarness.of(() -> new GroupNormalization(2).gammaInitializer("random_uniform").betaInitializer("random_normal"))
                .inputShape(2, 3, 3, 4).expectOutputShape(2, 3, 3, 4).expectParams(8).run();
        LayerTestHarness.of(() -> new GroupNormalization(3).gammaInitializer("random_uniform")).inputShape(3, 6).expectParams(12).run();
        LayerTestHarness.of(() -> new GroupNormalization(2, 1).gammaInitializer("random_uniform"))
                .inputShape(2, 4, 3).expectOutputShape(2, 4, 3).expectParams(8).run();
        LayerTestHarness.of(() -> new GroupNormalization(-1).center(false)).inputShape(2, 4, 3).expectParams(3).run();
    }

    @Test
    void normalizesEachGroupOfChannelsByHand() {
        GroupNormalization gn = new GroupNormalization(2);
        gn.ensureBuilt(Shape.of(-1, 2, 4));
        gn.gamma().assign(Nd4j.createFromArray(1f, 2f, 3f, 4f));
        gn.beta().assign(Nd4j.createFromArray(0f, 0f, 1f, 1f));
        // group 0 = channels 0,1 at both positions: {1, 3, 5, 7}, mean 4, variance 5
        // group 1 = channels 2,3: {10, 20, 30, 40}, mean 25, variance 125
        INDArray x = Nd4j.createFromArray(new float[][][] {{{1, 3, 10, 20}, {5, 7, 30, 40}}});
        float[] out = gn.apply(Tensor.constant(x), false).value().reshape(8).toFloatVector();
        double s0 = Math.sqrt(5 + 1e-3);
        double s1 = Math.sqrt(125 + 1e-3);
        double[] expected = {-3 / s0, 2 * (-1 / s0), 3 * (-15 / s1) + 1, 4 * (-5 / s1) + 1,
                1 / s0, 2 * (3 / s0), 3 * (5 / s1) + 1, 4 * (15 / s1) + 1};
        for (int i = 0; i < 8; i++) {
            assertEquals(expected[i], out[i], 1e-5, "element " + i);
        }
    }

    @Test
    void oneGroupIsLayerNormalizationOverAllFeatureAxes() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 3, 4, 2, 6).muli(4).subi(1);
        GroupNormalization gn = new GroupNormalization(1);
        LayerNormalization ln = new LayerNormalization(1, 2, 3);
        INDArray a = gn.apply(Tensor.constant(x), false).value();
        INDArray b = ln.apply(Tensor.constant(x), false).value();
        assertTrue(a.equalsWithEps(b, 1e-5));
    }

    @Test
    void channelsFirstGroupsFollowAxisOne() {
        INDArray x = Nd4j.rand(DataType.FLOAT, 2, 4, 5).muli(3);
        GroupNormalization first = new GroupNormalization(2, 1);
        GroupNormalization last = new GroupNormalization(2);
        INDArray a = first.apply(Tensor.constant(x), false).value();
        INDArray b = last.apply(Tensor.constant(x.permute(0, 2, 1).dup()), false).value().permute(0, 2, 1);
        assertTrue(a.equalsWithEps(b, 1e-5));
    }

    @Test
    void rejectsGroupCountsThatDoNotDivideTheChannels() {
        GroupNormalization gn = new GroupNormalization(4);
        var e = assertThrows(IllegalArgumentException.class, () -> gn.ensureBuilt(Shape.of(-1, 6)));
        assertTrue(e.getMessage().contains("number of channels (6)") && e.getMessage().contains("multiple of the number of groups (4)"),
                e.getMessage());
        GroupNormalization tooMany = new GroupNormalization(8);
        e = assertThrows(IllegalArgumentException.class, () -> tooMany.ensureBuilt(Shape.of(-1, 6)));
        assertTrue(e.getMessage().contains("cannot be more than the number of channels (6)"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new GroupNormalization(0));
        GroupNormalization fromKeras = (GroupNormalization) Registry.get().create(Kind.LAYER, "GroupNormalization",
                Config.of(Map.of("groups", 4, "axis", -1, "epsilon", 1e-5)), Layer.class);
        assertEquals(4, fromKeras.groups());
        assertEquals(1e-5, fromKeras.getConfig().get("epsilon"));
    }
}
