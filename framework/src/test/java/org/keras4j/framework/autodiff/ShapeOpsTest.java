package org.keras4j.framework.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.framework.testing.GradientCheck.check;
import static org.keras4j.framework.testing.GradientCheck.inFloat64;
import static org.keras4j.framework.testing.GradientCheck.uniform;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link ShapeOps}, {@link Ops#max} and {@link Ops#batchMatmul}: hand-computed values and float64 gradients. */
class ShapeOpsTest {

    private static Tensor c(INDArray a) {
        return Tensor.constant(a);
    }

    @Test
    void padSliceAndPermuteMoveValuesWhereExpected() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}, {3, 4}});
        INDArray padded = ShapeOps.pad(c(x), new long[][] {{1, 0}, {0, 2}}).value();
        assertEquals(Nd4j.createFromArray(new double[][] {{0, 0, 0, 0}, {1, 2, 0, 0}, {3, 4, 0, 0}}), padded);
        INDArray block = ShapeOps.slice(c(padded), new long[] {1, 1}, new long[] {2, 2}).value();
        assertEquals(Nd4j.createFromArray(new double[][] {{2, 0}, {4, 0}}), block);
        INDArray y = Nd4j.arange(6).castTo(DataType.DOUBLE).reshape(1, 2, 3);
        INDArray p = ShapeOps.permute(c(y), 0, 2, 1).value();
        assertArrayEquals(new long[] {1, 3, 2}, p.shape());
        assertEquals(y.getDouble(0, 1, 2), p.getDouble(0, 2, 1));
        INDArray t = ShapeOps.tile(c(x), 1, 2).value();
        assertEquals(Nd4j.createFromArray(new double[][] {{1, 2, 1, 2}, {3, 4, 3, 4}}), t);
        assertThrows(IllegalArgumentException.class, () -> ShapeOps.slice(c(x), new long[] {1, 1}, new long[] {2, 1}));
        assertThrows(IllegalArgumentException.class, () -> ShapeOps.permute(c(y), 0, 1, 1));
    }

    @Test
    void upsamplingRepeatsAndBilinearUsesHalfPixelCentres() {
        INDArray x = Nd4j.createFromArray(new double[] {1, 2, 3, 4}).reshape(1, 2, 2, 1);
        INDArray up = ShapeOps.upsample2d(c(x), 2, 1, false).value();
        assertEquals(Nd4j.createFromArray(new double[] {1, 2, 1, 2, 3, 4, 3, 4}).reshape(1, 4, 2, 1), up);
        // one row [0, 2] resized to 4 columns: sources at -0.25, 0.25, 0.75, 1.25 (clamped) -> 0, 0.5, 1.5, 2
        INDArray row = Nd4j.createFromArray(new double[] {0, 2}).reshape(1, 1, 2, 1);
        INDArray r = ShapeOps.resizeBilinear(c(row), 1, 4).value();
        assertEquals(Nd4j.createFromArray(new double[] {0, 0.5, 1.5, 2}).reshape(1, 1, 4, 1), r);
    }

    @Test
    void maxAndBatchMatmulValues() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 5, 2}, {7, 0, 3}});
        assertEquals(Nd4j.createFromArray(5.0, 7.0), Ops.max(c(x), false, 1).value());
        assertArrayEquals(new long[] {1, 3}, Ops.max(c(x), true, 0).shape());
        INDArray a = Nd4j.createFromArray(new double[] {1, 2, 3, 4, 5, 6, 7, 8}).reshape(2, 2, 2);
        INDArray b = Nd4j.createFromArray(new double[] {1, 0, 0, 1, 2, 1, 1, 2}).reshape(2, 2, 2);
        INDArray p = Ops.batchMatmul(c(a), c(b), false, true).value();
        // batch 1: [[5,6],[7,8]] @ [[2,1],[1,2]]^T = [[16,17],[22,23]]
        assertEquals(Nd4j.createFromArray(new double[][] {{16, 17}, {22, 23}}), p.slice(1));
        assertEquals(a.slice(0), p.slice(0));
        assertThrows(IllegalArgumentException.class, () -> Ops.batchMatmul(c(a), c(Nd4j.ones(2, 3, 2)), false, false));
    }

    @Test
    void gradients() {
        inFloat64(() -> {
            check(t -> ShapeOps.pad(t.get(0), new long[][] {{0, 0}, {1, 2}, {2, 0}}), uniform(-1, 1, 2, 3, 2));
            check(t -> ShapeOps.slice(t.get(0), new long[] {0, 1, 0}, new long[] {2, 2, 1}), uniform(-1, 1, 2, 4, 2));
            check(t -> ShapeOps.permute(t.get(0), 2, 0, 1), uniform(-1, 1, 2, 3, 4));
            check(t -> ShapeOps.tile(t.get(0), 1, 3, 2), uniform(-1, 1, 2, 1, 3));
            check(t -> ShapeOps.upsample2d(t.get(0), 2, 3, false), uniform(-1, 1, 2, 2, 3, 2));
            check(t -> ShapeOps.upsample2d(t.get(0), 3, 2, true), uniform(-1, 1, 1, 2, 2, 3));
            check(t -> ShapeOps.upsample3d(t.get(0), 2, 1, 2, false), uniform(-1, 1, 1, 2, 2, 2, 2));
            check(t -> ShapeOps.upsample3d(t.get(0), 1, 2, 2, true), uniform(-1, 1, 1, 2, 2, 1, 2));
            check(t -> ShapeOps.resizeBilinear(t.get(0), 5, 4), uniform(-1, 1, 2, 3, 2, 2));
            check(t -> ShapeOps.resizeBilinear(t.get(0), 2, 3), uniform(-1, 1, 1, 4, 5, 1));
            check(t -> Ops.max(t.get(0), false, 1, 2), uniform(-1, 1, 2, 3, 4, 2));
            check(t -> Ops.max(t.get(0), true, -1), uniform(-1, 1, 3, 5));
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    long[] sa = ta ? new long[] {2, 3, 4, 2} : new long[] {2, 3, 2, 4};
                    long[] sb = tb ? new long[] {2, 3, 5, 4} : new long[] {2, 3, 4, 5};
                    check(t -> Ops.batchMatmul(t.get(0), t.get(1), ta, tb), uniform(-1, 1, sa), uniform(-1, 1, sb));
                }
            }
        });
    }
}
