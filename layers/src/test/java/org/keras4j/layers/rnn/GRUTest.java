package org.keras4j.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class GRUTest {

    @Test
    void passesTheLayerContractBothResetModes() {
        // reset_after: 3*(3*2 + 2*2) + 2*6 = 42; Keras 2 layout: 30 + 6 = 36
        LayerTestHarness.of(() -> new GRU(2)).inputShape(2, 4, 3).expectOutputShape(2, 2).expectParams(42).run();
        LayerTestHarness.of(() -> new GRU(2).resetAfter(false).returnSequences(true).goBackwards(true))
                .inputShape(2, 4, 3).expectOutputShape(2, 4, 2).expectParams(36).run();
    }

    @Test
    void resetAfterAppliesTheResetGateToTheRecurrentProductPlusItsBias() {
        // one unit, one feature, one step from h0 = 0: z = sig(xWz + bz + bRz), r = sig(xWr + br + bRr),
        // hh = tanh(xWh + bh + r * bRh) with reset_after; h = (1 - z) * hh
        GRU layer = new GRU(1);
        layer.ensureBuilt(Shape.of(-1, 1, 1));
        layer.weights().get(0).assign(Nd4j.create(new float[][] {{0.5f, -1f, 2f}}));
        layer.weights().get(1).assign(Nd4j.create(new float[][] {{0.3f, 0.2f, 0.1f}}));
        layer.weights().get(2).assign(Nd4j.create(new float[][] {{0.1f, 0.2f, 0.3f}, {0.4f, 0.5f, 0.6f}}));
        INDArray out = layer.apply(Tensor.constant(Nd4j.create(new float[] {1}, new long[] {1, 1, 1})), false).value();
        double z = sig(0.5 + 0.1 + 0.4);
        double r = sig(-1 + 0.2 + 0.5);
        double hh = Math.tanh(2 + 0.3 + r * 0.6);
        assertArrayEquals(new float[] {(float) ((1 - z) * hh)}, out.reshape(1).toFloatVector(), 1e-6f);
        // Keras 2 (reset before the product): with h0 = 0 the recurrent bias does not exist and r*h0 = 0
        GRU k2 = new GRU(1).resetAfter(false);
        k2.ensureBuilt(Shape.of(-1, 1, 1));
        k2.weights().get(0).assign(Nd4j.create(new float[][] {{0.5f, -1f, 2f}}));
        k2.weights().get(1).assign(Nd4j.create(new float[][] {{0.3f, 0.2f, 0.1f}}));
        k2.weights().get(2).assign(Nd4j.create(new float[] {0.1f, 0.2f, 0.3f}));
        out = k2.apply(Tensor.constant(Nd4j.create(new float[] {1}, new long[] {1, 1, 1})), false).value();
        assertArrayEquals(new float[] {(float) ((1 - sig(0.6)) * Math.tanh(2.3))}, out.reshape(1).toFloatVector(), 1e-6f);
    }

    private static double sig(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** Keras's default GRU in float32 runs the fused op (host cell); in float64 the step loop. */
    @Test
    void fusedFloat32GruMatchesTheStepLoop() {
        RnnTestSupport.checkFusedMatchesStepLoop(() -> new GRU(4).returnSequences(true).returnState(true).goBackwards(true));
    }

    @Test
    void masksCarryStateThrough() {
        RnnTestSupport.checkMaskSkipsSteps(() -> new GRU(3));
        RnnTestSupport.checkMaskedGradients(() -> new GRU(2).returnSequences(true));
    }
}
