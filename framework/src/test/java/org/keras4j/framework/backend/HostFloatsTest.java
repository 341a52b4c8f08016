package org.keras4j.framework.backend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class HostFloatsTest {
    static {
        Backend.init();
    }

    @Test
    void readsAndWritesAWholeArray() {
        INDArray a = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
        float[] host = new float[6];
        HostFloats.read(a, host);
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6}, host);
        HostFloats.write(new float[] {6, 5, 4, 3, 2, 1}, a);
        assertArrayEquals(new float[] {6, 5, 4, 3, 2, 1}, a.data().asFloat());
    }

    @Test
    void aContiguousViewIsReadAndWrittenAtItsOwnOffset() {
        INDArray a = Nd4j.createFromArray(new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}});
        INDArray row = a.getRow(1);
        assertTrue(HostFloats.isDense(row));
        float[] host = new float[4];
        HostFloats.read(row, host);
        assertArrayEquals(new float[] {5, 6, 7, 8}, host);
        HostFloats.write(new float[] {-1, -2, -3, -4}, row);
        assertArrayEquals(new float[] {1, 2, 3, 4, -1, -2, -3, -4, 9, 10, 11, 12}, a.data().asFloat());
    }

    @Test
    void aColumnShapedSliceIsDenseWhateverOrderNd4jGivesIt() {
        // a slice of (2, 3, 1) is (3, 1) with strides (1, 1), which ND4J labels Fortran order
        INDArray a = Nd4j.createFromArray(new float[] {1, 2, 3, 4, 5, 6}).reshape(2, 3, 1);
        INDArray slice = a.slice(1);
        assertTrue(HostFloats.isDense(slice), slice.shapeInfoToString());
        float[] host = new float[3];
        HostFloats.read(slice, host);
        assertArrayEquals(new float[] {4, 5, 6}, host);
    }

    @Test
    void stridedFortranOrderAndDoubleArraysDoNotQualify() {
        INDArray a = Nd4j.createFromArray(new float[][] {{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}});
        assertFalse(HostFloats.isDense(a.get(NDArrayIndex.all(), NDArrayIndex.interval(0, 2))));
        assertFalse(HostFloats.isDense(a.getColumn(1)));
        assertFalse(HostFloats.isDense(Nd4j.create(DataType.FLOAT, new long[] {3, 4}, 'f')));
        assertFalse(HostFloats.isDense(a.castTo(DataType.DOUBLE)));
        assertThrows(IllegalArgumentException.class, () -> HostFloats.read(a.getColumn(1), new float[3]));
    }

    @Test
    void readsLabelsOfEveryTypeAsDoublesIncludingViews() {
        INDArray ints = Nd4j.createFromArray(new int[][] {{1, 2, 3}, {4, 5, 6}});
        assertArrayEquals(new double[] {4, 5, 6}, HostFloats.toDoubles(ints.getRow(1)));
        assertArrayEquals(new double[] {1, 2, 3, 4, 5, 6}, HostFloats.toDoubles(ints.castTo(DataType.INT64)));
        assertArrayEquals(new double[] {2.5, -1}, HostFloats.toDoubles(Nd4j.createFromArray(new float[] {7, 2.5f, -1}).get(NDArrayIndex.interval(1, 3))));
        assertArrayEquals(new double[] {4, 5, 6}, HostFloats.toDoubles(ints.castTo(DataType.DOUBLE).getRow(1)));
        assertArrayEquals(new double[] {1, 4}, HostFloats.toDoubles(ints.getColumn(0)), "a strided view goes through ND4J");
        assertArrayEquals(new double[] {1, 0}, HostFloats.toDoubles(Nd4j.createFromArray(true, false)), "other types too");
    }

    @Test
    void writesAndReadsRowsOfAViewWhoseRowsAreApart() {
        INDArray a = Nd4j.zeros(DataType.FLOAT, 4, 3, 2);                 // (G, T, B)
        INDArray step = a.get(NDArrayIndex.all(), NDArrayIndex.point(1), NDArrayIndex.all()); // (4, 2), rows 6 apart
        assertFalse(HostFloats.isDense(step));
        HostFloats.writeRows(new float[] {1, 2, 3, 4}, step, 1);
        HostFloats.writeRows(new float[] {9, 8}, step, 3);
        assertArrayEquals(new float[] {0, 0, 1, 2, 3, 4, 9, 8}, step.dup().data().asFloat());
        assertEquals(1 + 2 + 3 + 4 + 9 + 8, a.sumNumber().doubleValue(), 0, "nothing else written");
        assertThrows(IllegalArgumentException.class, () -> HostFloats.writeRows(new float[] {1, 2, 3, 4}, step, 3));
        float[] back = new float[6];
        HostFloats.readRows(step, 1, back);
        assertArrayEquals(new float[] {1, 2, 3, 4, 9, 8}, back);
        float[] dense = new float[2];
        HostFloats.readRows(a.slice(0), 1, dense);
        assertArrayEquals(new float[] {0, 0}, dense);
        assertThrows(IllegalArgumentException.class, () -> HostFloats.readRows(step, 0, new float[3]));
    }
}
