package org.keras4j.framework.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.keras4j.framework.backend.Backend;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.updaters.AdamUpdater;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The host loop against libnd4j's adam_updater, which it replaces for dense float32 arrays. They differ
 * in the last bits: the native op forms 1 - beta in float32, the host loop in float64 as Keras does.
 */
class HostAdamTest {
    static {
        Backend.init();
    }

    @Test
    void matchesTheNativeUpdaterOverSeveralSteps() {
        matchesTheNativeUpdater(new long[] {37, 29});
    }

    @Test
    void matchesTheNativeUpdaterWhenSplitAcrossThreads() {
        matchesTheNativeUpdater(new long[] {301, 129}); // over the parallel threshold, not a multiple of the block alignment
    }

    private static void matchesTheNativeUpdater(long[] shape) {
        Nd4j.getRandom().setSeed(7);
        INDArray w = Nd4j.randn(DataType.FLOAT, shape);
        INDArray wNative = w.dup();
        INDArray m = Nd4j.zeros(DataType.FLOAT, shape);
        INDArray v = Nd4j.zeros(DataType.FLOAT, shape);
        INDArray mNative = m.dup();
        INDArray vNative = v.dup();
        INDArray delta = Nd4j.zeros(DataType.FLOAT, shape);
        HostAdam kernel = new HostAdam();
        double lr = 0.01;
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-7;
        for (int t = 1; t <= 6; t++) {
            // Mixed magnitudes, exact zeros included (sqrt(v) + eps then decides the step).
            INDArray g = Nd4j.randn(DataType.FLOAT, shape).muli(Math.pow(10, t % 3 - 1));
            g.getRow(t).assign(0);
            assertTrue(HostAdam.supports(g, w, m, v));
            double stepSize = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            kernel.update(w, g, w, m, v, stepSize, b1, b2, eps);
            Nd4j.exec(new AdamUpdater(g, vNative, mNative, delta, vNative, mNative, lr, b1, b2, eps, t - 1));
            wNative.subi(delta);
            assertClose(wNative, w, "weights after step " + t);
            if (t % 2 == 0) { // the moments stay on the heap between the other steps
                kernel.writeBack();
                assertClose(mNative, m, "momentum after step " + t);
                assertClose(vNative, v, "velocity after step " + t);
            }
        }
    }

    @Test
    void updatesARowViewInPlaceAndLeavesTheRestAlone() {
        INDArray w = Nd4j.createFromArray(new float[][] {{1, 2}, {3, 4}, {5, 6}});
        INDArray row = w.getRow(1);
        INDArray m = Nd4j.zeros(DataType.FLOAT, 2);
        INDArray v = Nd4j.zeros(DataType.FLOAT, 2);
        INDArray g = Nd4j.createFromArray(0.5f, -2f);
        HostAdam kernel = new HostAdam();
        kernel.update(row, g, row, m, v, 0.1 * Math.sqrt(0.001) / 0.1, 0.9, 0.999, 1e-7);
        assertEquals(0f, m.getFloat(0), "the slots are written back only when asked");
        kernel.writeBack();
        // First step: the move is ~0.1 * sign(g).
        assertEquals(2.9f, w.getFloat(1, 0), 1e-5f);
        assertEquals(4.1f, w.getFloat(1, 1), 1e-5f);
        assertEquals(1f, w.getFloat(0, 0));
        assertEquals(6f, w.getFloat(2, 1));
        assertEquals(0.05f, m.getFloat(0), 1e-7f);
        assertEquals(0.004f, v.getFloat(1), 1e-9f);
    }

    @Test
    void declinesArraysItCannotRead() {
        INDArray w = Nd4j.zeros(DataType.FLOAT, 3, 4);
        INDArray fOrder = Nd4j.create(DataType.FLOAT, new long[] {3, 4}, 'f');
        assertFalse(HostAdam.supports(fOrder, w, w.dup(), w.dup()));
        assertFalse(HostAdam.supports(w.castTo(DataType.DOUBLE), w, w.dup(), w.dup()));
        assertFalse(HostAdam.supports(Nd4j.zeros(DataType.FLOAT, 5), w, w.dup(), w.dup()));
    }

    @Test
    void checksTheLayoutOfEveryNewGradientArrayOnceForAVariableItHolds() {
        INDArray w = Nd4j.zeros(DataType.FLOAT, 3, 4);
        INDArray m = w.dup();
        INDArray v = w.dup();
        INDArray g = Nd4j.ones(DataType.FLOAT, 3, 4);
        Object key = new Object();
        HostAdam kernel = new HostAdam();
        assertTrue(kernel.supports(key, g, w, m, v));
        kernel.update(key, g, w, m, v, 0.001, 0.9, 0.999, 1e-7);
        assertTrue(kernel.supports(key, g, w, m, v), "the arrays it accepted, remembered");
        assertFalse(kernel.supports(key, Nd4j.create(DataType.FLOAT, new long[] {3, 4}, 'f'), w, m, v),
                "a different gradient array is checked again");
        assertFalse(kernel.supports(key, g, w.castTo(DataType.DOUBLE), m, v), "so is a different weight array");
        assertTrue(kernel.supports(key, g, w, m, v));
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        float[] e = expected.data().asFloat();
        float[] a = actual.dup().data().asFloat();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], 1e-6 + 5e-5 * Math.abs(e[i]), what + ", element " + i);
        }
    }
}
