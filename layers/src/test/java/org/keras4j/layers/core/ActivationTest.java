package org.keras4j.layers.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.factory.Nd4j;

class ActivationTest {

    @Test
    void passesTheLayerContract() {
        LayerTestHarness.of(() -> new Activation("tanh")).inputShape(3, 4).expectOutputShape(3, 4).expectParams(0).run();
        LayerTestHarness.of(() -> new Activation("softmax")).inputShape(2, 3, 4).expectOutputShape(2, 3, 4).run();
    }

    @Test
    void appliesTheNamedFunction() {
        var x = Nd4j.create(new float[][] {{-1, 0, 2}});
        var relu = new Activation("relu").apply(Tensor.constant(x), false).value();
        assertArrayEquals(new float[] {0, 0, 2}, relu.reshape(3).toFloatVector(), 0f);
        // softmax of [-1, 0, 2]: exp / (e^-1 + 1 + e^2)
        double z = Math.exp(-1) + 1 + Math.exp(2);
        var soft = new Activation("softmax").apply(Tensor.constant(x), false).value();
        assertArrayEquals(new float[] {(float) (Math.exp(-1) / z), (float) (1 / z), (float) (Math.exp(2) / z)},
                soft.reshape(3).toFloatVector(), 1e-6f);
    }
}
