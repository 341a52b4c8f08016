package org.keras4j.framework.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
}
