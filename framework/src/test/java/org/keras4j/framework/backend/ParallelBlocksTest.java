package org.keras4j.framework.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class ParallelBlocksTest {

    @Test
    void runsEveryBlockExactlyOnce() {
        for (int count = 0; count <= 9; count++) {
            AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(count, 1));
            int total = count;
            ParallelBlocks.run(count, (i, c) -> {
                assertEquals(total, c);
                runs.incrementAndGet(i);
            });
            for (int i = 0; i < count; i++) {
                assertEquals(1, runs.get(i), "block " + i + " of " + count);
            }
        }
    }

    @Test
    void edgesCutALengthIntoAlignedBlocksThatCoverItOnce() {
        assertEquals(0, ParallelBlocks.edge(784, 0, 2));
        assertEquals(384, ParallelBlocks.edge(784, 1, 2)); // 392 rounded down to a multiple of 16
        assertEquals(784, ParallelBlocks.edge(784, 2, 2));
        for (int length : new int[] {0, 5, 16, 100, 200_000}) {
            for (int count = 1; count <= 4; count++) {
                int previous = ParallelBlocks.edge(length, 0, count);
                assertEquals(0, previous);
                for (int i = 1; i <= count; i++) {
                    int e = ParallelBlocks.edge(length, i, count);
                    assertEquals(true, e >= previous && (e % 16 == 0 || e == length), length + "/" + count + " edge " + i);
                    previous = e;
                }
                assertEquals(length, previous);
            }
        }
    }

    @Test
    void aFailingBlockReachesTheCallerAndLeavesTheHelpersUsable() {
        IllegalStateException boom = new IllegalStateException("block 1 failed");
        IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> ParallelBlocks.run(4, (i, c) -> {
            if (i == 1) {
                throw boom;
            }
        }));
        assertSame(boom, thrown);
        AtomicIntegerArray runs = new AtomicIntegerArray(4);
        ParallelBlocks.run(4, (i, c) -> runs.incrementAndGet(i));
        for (int i = 0; i < 4; i++) {
            assertEquals(1, runs.get(i));
        }
    }

    @Test
    void aJobStartedInsideABlockRunsOnThatThread() {
        AtomicIntegerArray runs = new AtomicIntegerArray(3 * 5);
        ParallelBlocks.run(3, (outer, c) -> ParallelBlocks.run(5, (inner, d) -> runs.incrementAndGet(outer * 5 + inner)));
        for (int i = 0; i < 15; i++) {
            assertEquals(1, runs.get(i), "inner block " + i);
        }
    }

    @Test
    void callersOnManyThreadsEachGetAllTheirBlocks() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<AtomicIntegerArray>> results = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                results.add(pool.submit(() -> {
                    AtomicIntegerArray runs = new AtomicIntegerArray(6);
                    for (int rep = 0; rep < 2000; rep++) {
                        ParallelBlocks.run(6, (i, c) -> runs.incrementAndGet(i));
                    }
                    return runs;
                }));
            }
            for (Future<AtomicIntegerArray> f : results) {
                AtomicIntegerArray runs = f.get();
                for (int i = 0; i < 6; i++) {
                    assertEquals(2000, runs.get(i), "block " + i);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
