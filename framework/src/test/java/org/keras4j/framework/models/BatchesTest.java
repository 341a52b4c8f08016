package org.keras4j.framework.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BatchesTest {
    // 10 samples of shape (2, 3) holding their own index; labels = 2 * index; weights = index / 10
    private final INDArray x = Nd4j.arange(10).castTo(DataType.FLOAT).reshape(10, 1, 1).broadcast(10, 2, 3).dup();
    private final INDArray y = Nd4j.arange(10).castTo(DataType.INT64).muli(2);
    private final INDArray w = Nd4j.arange(10).castTo(DataType.FLOAT).divi(10);

    @Test
    void naturalOrderGivesConsecutiveViewsAndAShortLastBatch() {
        try (Batches b = new Batches(4, x, y, null)) {
            assertEquals(3, b.steps());
            INDArray[] last = b.batch(2);
            assertArrayEquals(new long[] {2, 2, 3}, last[0].shape());
            assertArrayEquals(new long[] {16, 18}, last[1].toLongVector());
            assertEquals(null, last[2]);
        }
    }

    @Test
    void shuffledEpochsVisitEverySampleOnceWithAlignedArrays() {
        checkShuffledEpochs(x, y, w);
    }

    @Test
    void shuffledBatchesOfViewsStartAtTheViewsOwnRows() {
        // the samples as the tail of bigger arrays (a view with an offset), int32 labels, float64 weights
        INDArray index = Nd4j.arange(13).subi(3); // -3, -2, -1, then the ten samples
        INDArray bigX = index.castTo(DataType.FLOAT).reshape(13, 1, 1).broadcast(13, 2, 3).dup();
        INDArray bigY = index.castTo(DataType.INT32).muli(2);
        INDArray bigW = index.castTo(DataType.DOUBLE).divi(10);
        checkShuffledEpochs(Batches.rows(bigX, 3, 13), Batches.rows(bigY, 3, 13), Batches.rows(bigW, 3, 13));
    }

    private static void checkShuffledEpochs(INDArray x, INDArray y, INDArray w) {
        try (Batches b = new Batches(4, x, y, w)) {
            long[] firstEpoch = null;
            for (int epoch = 0; epoch < 3; epoch++) {
                b.shuffle(new Random(epoch));
                long[] seen = new long[10];
                int at = 0;
                for (int s = 0; s < b.steps(); s++) {
                    INDArray[] batch = b.batch(s);
                    for (int i = 0; i < batch[0].size(0); i++) {
                        long index = (long) batch[0].getFloat(i, 1, 2);
                        assertEquals(2 * index, batch[1].getLong(i), "labels follow their sample");
                        assertEquals(index / 10.0, batch[2].getDouble(i), 1e-6, "weights follow their sample");
                        assertEquals(index, (long) batch[0].getFloat(i, 0, 0), "the whole sample is gathered");
                        seen[at++] = index;
                    }
                }
                long[] sorted = seen.clone();
                Arrays.sort(sorted);
                assertArrayEquals(new long[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9}, sorted, "each sample exactly once");
                if (firstEpoch == null) {
                    firstEpoch = seen;
                } else {
                    assertFalse(Arrays.equals(firstEpoch, seen), "a new order each epoch");
                }
            }
        }
    }

    @Test
    void batchesGatheredInTheBackgroundHoldTheirSamplesAndStayIntactUntilTheNextCall() {
        // 1000 samples of 784 floats, x[i, j] = i * 1000 + j, and labels i: big enough for background gathers,
        // with a short last batch (1000 = 7 * 128 + 104)
        int n = 1000;
        int width = 784;
        INDArray big = Nd4j.arange(n).castTo(DataType.FLOAT).muli(1000).reshape(n, 1).broadcast(n, width).dup()
                .addi(Nd4j.arange(width).castTo(DataType.FLOAT).reshape(1, width));
        INDArray labels = Nd4j.arange(n).castTo(DataType.INT64);
        try (Batches b = new Batches(128, big, labels)) {
            for (int epoch = 0; epoch < 3; epoch++) {
                b.shuffle(new Random(100 + epoch));
                boolean[] seen = new boolean[n];
                for (int s = 0; s < b.steps(); s++) {
                    INDArray[] batch = b.batch(s);
                    long[] before = checkRows(batch, width, seen);
                    // meanwhile the helpers fill the next batch: this one must not change
                    long until = System.nanoTime() + 300_000;
                    while (System.nanoTime() < until) {
                        Thread.onSpinWait();
                    }
                    assertArrayEquals(before, checkRows(batch, width, new boolean[n]), "step " + s + " changed under its user");
                }
                for (int i = 0; i < n; i++) {
                    assertTrue(seen[i], "sample " + i + " in epoch " + epoch);
                }
            }
            // a resumed epoch starts at a later step; then the next step is the one prefetched
            b.shuffle(new Random(7));
            checkRows(b.batch(5), width, new boolean[n]);
            checkRows(b.batch(6), width, new boolean[n]);
            checkRows(b.batch(2), width, new boolean[n]);
        }
    }

    /** Checks every row of a gathered batch against its label, marks the samples seen, and returns the labels. */
    private static long[] checkRows(INDArray[] batch, int width, boolean[] seen) {
        long[] index = batch[1].toLongVector();
        float[] rows = batch[0].dup().data().asFloat();
        for (int r = 0; r < index.length; r++) {
            assertFalse(seen[(int) index[r]], "sample " + index[r] + " twice");
            seen[(int) index[r]] = true;
            for (int j = 0; j < width; j += 97) {
                assertEquals(index[r] * 1000f + j, rows[r * width + j], "row " + r + ", column " + j);
            }
            assertEquals(index[r] * 1000f + width - 1, rows[r * width + width - 1]);
        }
        return index;
    }
}
