package org.keras4j.layers.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.testing.LayerTestHarness;

class SeparableConv2DTest {

    @Test
    void passesTheLayerContract() {
        LayerTestHarness.of(() -> new SeparableConv2D(3, 3, "tanh")).inputShape(2, 5, 5, 2).expectOutputShape(2, 3, 3, 3)
                .expectParams(3 * 3 * 2 + 2 * 3 + 3).run();
        LayerTestHarness.of(() -> new SeparableConv2D(2, 3).depthMultiplier(2).strides(2).padding("same")).inputShape(2, 4, 5, 2)
                .expectOutputShape(2, 2, 3, 2).run();
        LayerTestHarness.of(() -> new SeparableConv2D(2, 2).dilationRate(2).dataFormat("channels_first").pointwiseRegularizer("l1"))
                .inputShape(1, 2, 4, 5).expectOutputShape(1, 2, 2, 3).run();
    }

    @Test
    void weightsAreNamedAndOrderedAsKeras() {
        SeparableConv2D s = new SeparableConv2D(4, 3).depthMultiplier(2);
        s.ensureBuilt(org.keras4j.framework.layers.Shape.of(-1, 5, 5, 3));
        assertEquals(List.of(s.name() + "/depthwise_kernel", s.name() + "/pointwise_kernel", s.name() + "/bias"),
                s.weights().stream().map(v -> v.name()).toList());
        assertEquals(List.of(3L, 3L, 3L, 2L), java.util.Arrays.stream(s.depthwiseKernel().shape()).boxed().toList());
        assertEquals(List.of(1L, 1L, 6L, 4L), java.util.Arrays.stream(s.pointwiseKernel().shape()).boxed().toList());
    }
}
