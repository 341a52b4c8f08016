package org.keras4j.framework.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.backend.Backend;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link DataUtils} against hand-computed values. */
class DataUtilsTest {

    private static void assertMessage(Runnable call, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message should contain '" + f + "': " + e.getMessage());
        }
    }

    // ---- toCategorical ----

    @Test
    void toCategoricalOneHot() {
        INDArray y = Nd4j.createFromArray(0L, 2L, 1L, 2L);
        INDArray oneHot = DataUtils.toCategorical(y, 4);
        assertEquals(Backend.floatx(), oneHot.dataType());
        assertEquals(Nd4j.createFromArray(new float[][] {
                {1, 0, 0, 0},
                {0, 0, 1, 0},
                {0, 1, 0, 0},
                {0, 0, 1, 0}}), oneHot);
        // numClasses inferred as max + 1 = 3
        assertEquals(Nd4j.createFromArray(new float[][] {{1, 0, 0}, {0, 0, 1}, {0, 1, 0}, {0, 0, 1}}),
                DataUtils.toCategorical(y));
    }

    @Test
    void toCategoricalShapes() {
        // (n, 1) -> (n, classes): the trailing 1 is dropped, as in Keras
        INDArray column = Nd4j.createFromArray(new int[][] {{1}, {0}});
        assertEquals(Nd4j.createFromArray(new float[][] {{0, 1}, {1, 0}}), DataUtils.toCategorical(column, 2));
        // (2, 2) -> (2, 2, 3)
        INDArray grid = Nd4j.createFromArray(new int[][] {{0, 2}, {1, 1}});
        INDArray out = DataUtils.toCategorical(grid, 3);
        assertArrayEquals(new long[] {2, 2, 3}, out.shape());
        assertEquals(Nd4j.createFromArray(0f, 0f, 1f), out.slice(0).slice(1));
        // whole-number floats and unsigned bytes are accepted
        assertEquals(Nd4j.createFromArray(new float[][] {{0, 1}}), DataUtils.toCategorical(Nd4j.createFromArray(1.0), 2));
        assertEquals(Nd4j.createFromArray(new float[][] {{0, 1}, {1, 0}}),
                DataUtils.toCategorical(Nd4j.createFromArray(new byte[] {1, 0}).castTo(DataType.UINT8), 2));
        // empty labels with numClasses: an empty (0, classes) array
        assertArrayEquals(new long[] {0, 5}, DataUtils.toCategorical(Nd4j.create(DataType.INT64, 0), 5).shape());
    }

    @Test
    void toCategoricalErrors() {
        INDArray y = Nd4j.createFromArray(0, 3, 1);
        assertMessage(() -> DataUtils.toCategorical(y, 3), "[0, 3)", "numClasses=3", "from 0 to 3");
        assertMessage(() -> DataUtils.toCategorical(Nd4j.createFromArray(-1, 0), 2), "from -1 to 0");
        assertMessage(() -> DataUtils.toCategorical(Nd4j.createFromArray(-1, -2)), ">= 0");
        assertMessage(() -> DataUtils.toCategorical(Nd4j.createFromArray(0.5, 1.0), 2), "whole class indices");
        assertMessage(() -> DataUtils.toCategorical(Nd4j.createFromArray(Double.NaN), 2), "whole class indices");
        assertMessage(() -> DataUtils.toCategorical(y, 0), "numClasses must be a positive integer", "numClasses=0");
        assertMessage(() -> DataUtils.toCategorical(Nd4j.create(DataType.INT32, 0)), "empty labels");
    }

    // ---- normalize ----

    @Test
    void normalizeRowsToUnitL2() {
        INDArray x = Nd4j.createFromArray(new double[][] {{3, 4}, {0, 0}, {1, 1}, {-5, 12}});
        INDArray n = DataUtils.normalize(x);
        double r = 1 / Math.sqrt(2);
        // (3,4)/5, zeros stay zeros, (1,1)/sqrt(2), (-5,12)/13
        assertEquals(Nd4j.createFromArray(new double[][] {{0.6, 0.8}, {0, 0}, {r, r}, {-5 / 13.0, 12 / 13.0}}), n);
        assertEquals(Nd4j.createFromArray(new double[][] {{3, 4}, {0, 0}, {1, 1}, {-5, 12}}), x, "x is untouched");
        INDArray norms = n.norm2(1);
        assertEquals(1.0, norms.getDouble(0), 1e-12);
        assertEquals(0.0, norms.getDouble(1), 1e-12);
        assertEquals(1.0, norms.getDouble(3), 1e-12);
    }

    @Test
    void normalizeAxisAndOrder() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, -3}, {2, 0}});
        // axis 0, L2: columns (1,2)/sqrt(5) and (-3,0)/3
        double s5 = Math.sqrt(5);
        assertEquals(Nd4j.createFromArray(new double[][] {{1 / s5, -1}, {2 / s5, 0}}), DataUtils.normalize(x, 0));
        // L1 over rows: (1,-3)/4 and (2,0)/2
        assertEquals(Nd4j.createFromArray(new double[][] {{0.25, -0.75}, {1, 0}}), DataUtils.normalize(x, -1, 1));
        // order 3: ||(1,-3)||_3 = (1 + 27)^(1/3) = 28^(1/3)
        double n3 = Math.cbrt(28);
        INDArray o3 = DataUtils.normalize(x, 1, 3);
        assertEquals(1 / n3, o3.getDouble(0, 0), 1e-12);
        assertEquals(-3 / n3, o3.getDouble(0, 1), 1e-12);
        assertEquals(1.0, o3.getDouble(1, 0), 1e-12);
        // integer input becomes floatx
        INDArray fromInts = DataUtils.normalize(Nd4j.createFromArray(new int[][] {{3, 4}}));
        assertEquals(Backend.floatx(), fromInts.dataType());
        assertArrayEquals(new float[] {0.6f, 0.8f}, fromInts.reshape(2).toFloatVector(), 1e-7f);
    }

    @Test
    void normalizeErrors() {
        INDArray x = Nd4j.createFromArray(new double[][] {{1, 2}});
        assertMessage(() -> DataUtils.normalize(x, -1, 0), "order must be an integer >= 1", "order=0");
        assertMessage(() -> DataUtils.normalize(x, 2), "axis 2 is out of range", "(1, 2)");
        assertMessage(() -> DataUtils.normalize(x, -3), "axis -3 is out of range");
    }

    // ---- shuffle ----

    /** x row i = (i, i + 0.5); y[i] = 10 i. */
    private static INDArray xs(int n) {
        INDArray i = Nd4j.arange(n).castTo(DataType.DOUBLE).reshape(n, 1);
        return Nd4j.hstack(i, i.add(0.5));
    }

    private static INDArray ys(int n) {
        return Nd4j.arange(n).castTo(DataType.INT64).muli(10);
    }

    private static long[] sorted(long[] v) {
        long[] s = v.clone();
        Arrays.sort(s);
        return s;
    }

    @Test
    void shuffleKeepsPairsAligned() {
        INDArray x = xs(20);
        INDArray y = ys(20);
        INDArray[] s = DataUtils.shuffle(7, x, y);
        long[] order = s[0].getColumn(0).castTo(DataType.INT64).toLongVector();
        assertArrayEquals(sorted(order), Nd4j.arange(20).castTo(DataType.INT64).toLongVector(), "a permutation");
        assertNotEquals(Arrays.toString(order), Arrays.toString(sorted(order)), "rows were moved");
        for (int k = 0; k < 20; k++) {
            assertEquals(order[k] + 0.5, s[0].getDouble(k, 1), "x row stays whole");
            assertEquals(order[k] * 10, s[1].getLong(k), "y follows x");
        }
        assertEquals(DataType.INT64, s[1].dataType());
        assertEquals(ys(20), y, "inputs are untouched");
    }

    @Test
    void shuffleIsDeterministicPerSeed() {
        INDArray x = xs(50);
        INDArray a = DataUtils.shuffle(123, x)[0];
        INDArray b = DataUtils.shuffle(123, x)[0];
        INDArray c = DataUtils.shuffle(124, x)[0];
        assertEquals(a, b);
        assertNotEquals(a, c);
        Backend.setRandomSeed(5);
        INDArray d = DataUtils.shuffle(x)[0];
        Backend.setRandomSeed(5);
        assertEquals(d, DataUtils.shuffle(x)[0], "Backend.setRandomSeed makes the unseeded overload repeatable");
    }

    @Test
    void shuffleRank3() {
        INDArray images = Nd4j.arange(24).castTo(DataType.FLOAT).reshape(4, 2, 3); // image i holds 6i..6i+5
        INDArray[] s = DataUtils.shuffle(1, images, ys(4));
        assertArrayEquals(new long[] {4, 2, 3}, s[0].shape());
        for (int k = 0; k < 4; k++) {
            long i = s[1].getLong(k) / 10;
            assertEquals(Nd4j.arange(6 * i, 6 * i + 6).castTo(DataType.FLOAT).reshape(2, 3),
                    s[0].slice(k), "image " + k + " is original image " + i);
        }
    }

    @Test
    void shuffleErrors() {
        assertMessage(() -> DataUtils.shuffle(1, xs(5), ys(4)), "same number of samples", "(5, 2), (4,)");
        assertMessage(() -> DataUtils.shuffle(1), "at least one array");
    }

    // ---- trainTestSplit ----

    @Test
    void splitSizesAndPermutation() {
        INDArray x = xs(10);
        INDArray y = ys(10);
        TrainTestData split = DataUtils.trainTestSplit(x, y, 0.25, 42);
        // test = ceil(10 * 0.25) = 3, train = 7
        assertArrayEquals(new long[] {7, 2}, split.xTrain().shape());
        assertArrayEquals(new long[] {7}, split.yTrain().shape());
        assertArrayEquals(new long[] {3, 2}, split.xTest().shape());
        assertArrayEquals(new long[] {3}, split.yTest().shape());
        long[] train = split.xTrain().getColumn(0).castTo(DataType.INT64).toLongVector();
        long[] test = split.xTest().getColumn(0).castTo(DataType.INT64).toLongVector();
        long[] all = new long[10];
        System.arraycopy(train, 0, all, 0, 7);
        System.arraycopy(test, 0, all, 7, 3);
        // every sample exactly once: no duplicates, none lost
        assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted(all));
        for (int k = 0; k < 7; k++) {
            assertEquals(train[k] * 10, split.yTrain().getLong(k));
        }
        for (int k = 0; k < 3; k++) {
            assertEquals(test[k] * 10, split.yTest().getLong(k));
        }
        TrainTestData again = DataUtils.trainTestSplit(x, y, 0.25, 42);
        assertEquals(split.xTrain(), again.xTrain(), "same seed, same split");
        assertEquals(split.yTest(), again.yTest());
    }

    @Test
    void splitRounding() {
        // ceil(10 * 0.01) = 1 test sample; ceil(3 * 0.5) = 2
        assertEquals(1, DataUtils.trainTestSplit(xs(10), ys(10), 0.01, 0).xTest().size(0));
        assertEquals(2, DataUtils.trainTestSplit(xs(3), ys(3), 0.5, 0).xTest().size(0));
    }

    @Test
    void splitErrors() {
        assertMessage(() -> DataUtils.trainTestSplit(xs(10), ys(9), 0.2, 0),
                "same number of samples", "(10, 2), (9,)");
        assertMessage(() -> DataUtils.trainTestSplit(xs(10), ys(10), 0.0, 0), "strictly between 0 and 1",
                "testFraction=0.0");
        assertMessage(() -> DataUtils.trainTestSplit(xs(10), ys(10), 1.0, 0), "testFraction=1.0");
        // ceil(10 * 0.95) = 10 leaves nothing to train on
        assertMessage(() -> DataUtils.trainTestSplit(xs(10), ys(10), 0.95, 0), "leaves 0 for training");
    }
}
