package org.keras4j.framework.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The system OpenBLAS's products against ND4J's own, on every layout the ops hand it: transposes,
 * views with offsets and padded rows, column-major operands and results, accumulation into the output.
 * Needs Debian's {@code libopenblas0-pthread} (installed by {@code .ci/run}); skipped without it.
 */
class SystemBlasTest {
    static {
        Backend.init();
    }

    @Test
    void takesOnlyRecentThreadSafeBuilds() {
        assertNull(SystemBlas.refusal("OpenBLAS 0.3.21 NO_AFFINITY COOPERLAKE MAX_THREADS=64", 1, false));
        assertNull(SystemBlas.refusal("OpenBLAS 0.4.0 DYNAMIC_ARCH", 1, false));
        assertNull(SystemBlas.refusal("OpenBLAS 1.0.0", 0, false));
        assertNotNull(SystemBlas.refusal("OpenBLAS 0.3.19 DYNAMIC_ARCH", 1, false));
        assertNotNull(SystemBlas.refusal("OpenBLAS 0.2.30", 1, false));
        assertNotNull(SystemBlas.refusal("some BLAS", 1, false));
        assertNotNull(SystemBlas.refusal("OpenBLAS 0.3.21 USE_OPENMP", 2, false), "OpenMP builds are refused");
        assertNotNull(SystemBlas.refusal("OpenBLAS 0.3.26", 2, true), "even when named by the user");
        assertNull(SystemBlas.refusal("OpenBLAS 0.3.10", 1, true), "a library the user names is taken at any version");
    }

    @Test
    void matchesNd4jForEveryTransposeInBothPrecisions() {
        assumeTrue(SystemBlas.available(), "no system OpenBLAS");
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (boolean ta : new boolean[] {false, true}) {
                for (boolean tb : new boolean[] {false, true}) {
                    INDArray a = random(type, ta ? 37 : 5, ta ? 5 : 37);
                    INDArray b = random(type, tb ? 3 : 37, tb ? 37 : 3);
                    INDArray c = Nd4j.createUninitialized(type, 5, 3);
                    assertTrue(SystemBlas.gemm(a, b, c, ta, tb, 1.0, 0.0));
                    assertClose(reference(a, b, ta, tb), c, type + " ta=" + ta + " tb=" + tb);
                }
            }
        }
    }

    @Test
    void splitsLargeProductsByRowsOrColumnsWithTheSameResult() {
        assumeTrue(SystemBlas.available(), "no system OpenBLAS");
        // over 2^20 multiply-adds each, so cut into blocks; sizes not multiples of the block alignment
        long[][] mnk = {{203, 37, 150}, {45, 301, 97}, {128, 256, 784}};
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            for (long[] size : mnk) {
                for (boolean ta : new boolean[] {false, true}) {
                    for (boolean tb : new boolean[] {false, true}) {
                        INDArray a = ta ? random(type, size[2], size[0]) : random(type, size[0], size[2]);
                        INDArray b = tb ? random(type, size[1], size[2]) : random(type, size[2], size[1]);
                        INDArray padded = Nd4j.ones(type, size[0], size[1] + 5);
                        INDArray c = padded.get(NDArrayIndex.all(), NDArrayIndex.interval(2, 2 + size[1]));
                        assertTrue(SystemBlas.gemm(a, b, c, ta, tb, 1.0, 1.0));
                        String what = type + " " + Arrays.toString(size) + " ta=" + ta + " tb=" + tb;
                        assertClose(reference(a, b, ta, tb).add(1), c, what);
                        INDArray left = padded.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2));
                        INDArray right = padded.get(NDArrayIndex.all(), NDArrayIndex.interval(2 + size[1], 5 + size[1]));
                        for (INDArray edge : new INDArray[] {left, right}) {
                            assertEquals(1.0, edge.minNumber().doubleValue(), what + ": the padding columns are untouched");
                            assertEquals(1.0, edge.maxNumber().doubleValue(), what + ": the padding columns are untouched");
                        }
                    }
                }
            }
        }
    }

    @Test
    void readsViewsWithOffsetsPaddedRowsAndColumnMajorLayouts() {
        assumeTrue(SystemBlas.available(), "no system OpenBLAS");
        INDArray stack = random(DataType.FLOAT, 4, 6, 9);
        INDArray slice = stack.slice(2);                                          // offset view, (6, 9)
        INDArray block = stack.slice(1).get(NDArrayIndex.interval(1, 5), NDArrayIndex.interval(2, 8)); // (4, 6), rows 9 apart
        INDArray fOrder = random(DataType.FLOAT, 9, 4).dup('f');                 // column-major
        INDArray transposed = random(DataType.FLOAT, 6, 9).transpose();          // column-major view, (9, 6)

        check(slice, fOrder, false, false);         // (6, 9) x (9, 4)
        check(block, fOrder.transpose(), true, false); // (4, 6)^T x (4, 9), a row-major view of column-major memory
        check(transposed, block, false, true);      // (9, 6) x (4, 6)^T
        check(fOrder, transposed, true, false);     // (9, 4)^T x (9, 6)
        check(slice.getRow(3).reshape(1, 9), fOrder, false, false); // a single row
    }

    @Test
    void writesIntoViewsAndColumnMajorResultsAndAccumulates() {
        assumeTrue(SystemBlas.available(), "no system OpenBLAS");
        INDArray a = random(DataType.DOUBLE, 4, 7);
        INDArray b = random(DataType.DOUBLE, 7, 5);
        INDArray expected = a.mmul(b);

        INDArray big = Nd4j.zeros(DataType.DOUBLE, 3, 6, 8);
        INDArray into = big.slice(1).get(NDArrayIndex.interval(1, 5), NDArrayIndex.interval(2, 7));
        assertTrue(SystemBlas.gemm(a, b, into, false, false, 1.0, 0.0));
        assertClose(expected, into, "into a view");
        assertEquals(expected.sumNumber().doubleValue(), big.sumNumber().doubleValue(), 1e-9, "nothing outside the view is written");

        INDArray colMajor = Nd4j.create(DataType.DOUBLE, new long[] {4, 5}, 'f');
        assertTrue(SystemBlas.gemm(a, b, colMajor, false, false, 1.0, 0.0));
        assertClose(expected, colMajor, "into a column-major result");

        INDArray acc = Nd4j.ones(DataType.DOUBLE, 4, 5);
        assertTrue(SystemBlas.gemm(a, b, acc, false, false, 2.0, 1.0));
        assertClose(expected.mul(2).add(1), acc, "alpha and beta");
    }

    @Test
    void declinesWhatBlasCannotReadAndRejectsMismatchedShapes() {
        assumeTrue(SystemBlas.available(), "no system OpenBLAS");
        INDArray a = random(DataType.FLOAT, 4, 6);
        INDArray b = random(DataType.FLOAT, 6, 3);
        assertFalse(SystemBlas.gemm(a.castTo(DataType.INT), b.castTo(DataType.INT), Nd4j.zeros(DataType.INT, 4, 3), false, false, 1, 0));
        assertFalse(SystemBlas.gemm(a, b.castTo(DataType.DOUBLE), Nd4j.zeros(DataType.FLOAT, 4, 3), false, false, 1, 0));
        INDArray everyOther = random(DataType.FLOAT, 8, 12).get(NDArrayIndex.interval(0, 2, 8), NDArrayIndex.interval(0, 2, 12));
        assertFalse(SystemBlas.gemm(everyOther, b, Nd4j.zeros(DataType.FLOAT, 4, 3), false, false, 1, 0),
                "no unit stride on either axis");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SystemBlas.gemm(a, b, Nd4j.zeros(DataType.FLOAT, 4, 4), false, false, 1, 0));
        assertTrue(e.getMessage().contains("[4, 6]") && e.getMessage().contains("[4, 4]"), e.getMessage());
    }

    private static void check(INDArray a, INDArray b, boolean ta, boolean tb) {
        long m = ta ? a.size(1) : a.size(0);
        long n = tb ? b.size(0) : b.size(1);
        for (char order : new char[] {'c', 'f'}) {
            INDArray c = Nd4j.create(a.dataType(), new long[] {m, n}, order);
            assertTrue(SystemBlas.gemm(a, b, c, ta, tb, 1.0, 0.0));
            assertClose(reference(a, b, ta, tb), c, a.shapeInfoToString() + " x " + b.shapeInfoToString());
        }
    }

    private static INDArray reference(INDArray a, INDArray b, boolean ta, boolean tb) {
        INDArray left = (ta ? a.transpose() : a).castTo(DataType.DOUBLE).dup('c');
        INDArray right = (tb ? b.transpose() : b).castTo(DataType.DOUBLE).dup('c');
        return left.mmul(right);
    }

    private static INDArray random(DataType type, long... shape) {
        return Nd4j.rand(DataType.DOUBLE, shape).subi(0.5).castTo(type);
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        double tolerance = actual.dataType() == DataType.FLOAT ? 1e-5 : 1e-12;
        INDArray e = expected.castTo(DataType.DOUBLE);
        INDArray a = actual.castTo(DataType.DOUBLE);
        assertEquals(Arrays.toString(e.shape()), Arrays.toString(a.shape()), what);
        double worst = e.sub(a).amaxNumber().doubleValue();
        assertTrue(worst <= tolerance * Math.max(1, e.amaxNumber().doubleValue()), what + ": off by " + worst);
    }
}
