package org.keras4j.layers.conv;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.testing.LayerTestHarness;

class Conv3DTest {

    @Test
    void passesTheLayerContract() {
        LayerTestHarness.of(() -> new Conv3D(2, 2, "tanh")).inputShape(2, 3, 4, 3, 2).expectOutputShape(2, 2, 3, 2, 2).expectParams(34).run();
        LayerTestHarness.of(() -> new Conv3D(2, 3).strides(2, 1, 2).padding("same")).inputShape(1, 3, 4, 4, 1).expectOutputShape(1, 2, 4, 2, 2).run();
        LayerTestHarness.of(() -> new Conv3D(2, 2).dilationRate(1, 2, 1).dataFormat("channels_first")).inputShape(1, 2, 3, 4, 3)
                .expectOutputShape(1, 2, 2, 2, 2).run();
        LayerTestHarness.of(() -> new Conv3D(2, 2).groups(2)).inputShape(1, 3, 3, 3, 2).expectOutputShape(1, 2, 2, 2, 2).expectParams(18).run();
    }
}
