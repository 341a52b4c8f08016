package org.keras4j.layers.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.GradientTape;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class DenseTest {

    @Test
    void passesTheLayerContract() {
        LayerTestHarness.of(() -> new Dense(3, "tanh")).inputShape(2, 4).expectOutputShape(2, 3).expectParams(15).run();
        LayerTestHarness.of(() -> new Dense(2).useBias(false)).inputShape(2, 3, 4).expectOutputShape(2, 3, 2).expectParams(8).run();
        LayerTestHarness.of(() -> new Dense(3, "softmax").kernelRegularizer("l2").activityRegularizer("l1"))
                .inputShape(4, 5).expectOutputShape(4, 3).expectParams(18).run();
    }

    @Test
    void computesActivationOfInputsTimesKernelPlusBias() {
        Dense d = new Dense(2, "relu");
        d.ensureBuilt(Shape.of(-1, 3));
        d.kernel().assign(Nd4j.create(new float[][] {{1, -1}, {2, 0}, {0, 3}}));
        d.bias().assign(Nd4j.create(new float[] {0.5f, -10f}));
        INDArray x = Nd4j.create(new float[][] {{1, 2, 3}, {-1, 0, 1}});
        // row 0: [1+4+0+0.5, -1+0+9-10] = [5.5, -2] -> relu [5.5, 0]
        // row 1: [-1+0+0+0.5, 1+0+3-10] = [-0.5, -6] -> relu [0, 0]
        INDArray out = d.apply(Tensor.constant(x), false).value();
        assertArrayEquals(new float[] {5.5f, 0f, 0f, 0f}, out.reshape(4).toFloatVector(), 1e-6f);
    }

    @Test
    void kernelRegularizerAddsItsPenalty() {
        Dense d = new Dense(1).kernelRegularizer(new org.keras4j.framework.regularizers.L2(0.5));
        d.ensureBuilt(Shape.of(-1, 2));
        d.kernel().assign(Nd4j.create(new float[][] {{3}, {4}}));
        try (GradientTape tape = new GradientTape()) {
            var losses = d.collectRegularizationLosses();
            assertEquals(1, losses.size());
            assertEquals(0.5 * (9 + 16), losses.get(0).scalar(), 1e-6);
        }
    }

    @Test
    void rejectsBadArgumentsWithKerasStyleMessages() {
        var e = assertThrows(IllegalArgumentException.class, () -> new Dense(0));
        assertEquals("Dense: units must be a positive integer, received units=0", e.getMessage());
        var unknown = assertThrows(IllegalArgumentException.class, () -> new Dense(3, "rleu"));
        assertTrue(unknown.getMessage().contains("rleu") && unknown.getMessage().contains("relu"), unknown.getMessage());
    }

    @Test
    void wrongInputWidthNamesTheLayerAndIndex() {
        Sequential model = new Sequential(new Dense(4, "relu"), new Dense(2));
        model.build(Shape.of(-1, 784));
        INDArray bad = Nd4j.zeros(DataType.FLOAT, 5, 100);
        var e = assertThrows(IllegalArgumentException.class, () -> model.getLayer(1).apply(Tensor.constant(bad), false));
        assertEquals("Layer \"" + model.getLayer(1).name() + "\" (index 1) expects input with last axis 4, but received shape (None, 100).",
                e.getMessage());
    }

    @Test
    void sequentialWithInputReportsAShapeMismatchBeforeAnyNativeCall() {
        Sequential model = new Sequential(new Input(784), new Dense(10, "softmax"));
        model.compile("sgd", "mse");
        var e = assertThrows(IllegalArgumentException.class, () -> model.predict(Nd4j.zeros(DataType.FLOAT, 3, 100)));
        assertTrue(e.getMessage().contains("expects input of shape (None, 784), but received shape (None, 100)"), e.getMessage());
    }

    @Test
    void biasIsAbsentWithoutUseBias() {
        Dense d = new Dense(3).useBias(false);
        d.ensureBuilt(Shape.of(-1, 2));
        assertNull(d.bias());
        assertEquals(1, d.weights().size());
    }
}
