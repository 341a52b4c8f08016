package org.keras4j.framework.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
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
                    assertTrue(e >= previous && (e % ParallelBlocks.EDGE_ALIGN == 0 || e == length), length + "/" + count + " edge " + i);
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

    @Test
    void backgroundChunksRunOnceAndFinishTakesWhatIsLeft() {
        for (int count : new int[] {0, 1, 7, 64}) {
            AtomicIntegerArray runs = new AtomicIntegerArray(Math.max(count, 1));
            int total = count;
            ParallelBlocks.Background task = ParallelBlocks.inBackground(count, (i, c) -> {
                assertEquals(total, c);
                runs.incrementAndGet(i);
            });
            task.finish();
            for (int i = 0; i < count; i++) {
                assertEquals(1, runs.get(i), "chunk " + i + " of " + count);
            }
            task.finish(); // a second finish has nothing left to do
        }
    }

    @Test
    void idleHelpersTakeBackgroundChunksWhileTheCallerGoesOn() {
        assumeTrue(ParallelBlocks.threads() > 1, "needs a helper thread");
        Thread caller = Thread.currentThread();
        boolean helped = false;
        // a helper that has just finished a job looks for idle-time work; on a busy machine it may be
        // descheduled, so the check is repeated
        for (int attempt = 0; attempt < 50 && !helped; attempt++) {
            ParallelBlocks.run(2, (i, c) -> { });
            AtomicInteger offCaller = new AtomicInteger();
            ParallelBlocks.Background task = ParallelBlocks.inBackground(64, (i, c) -> {
                if (Thread.currentThread() != caller) {
                    offCaller.incrementAndGet();
                }
            });
            long until = System.nanoTime() + 2_000_000;
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            task.finish();
            helped = offCaller.get() > 0;
        }
        assertTrue(helped, "no helper ever took a background chunk");
    }

    @Test
    void aFailingBackgroundChunkReachesFinishAndASecondTaskWaitsItsTurn() {
        IllegalStateException boom = new IllegalStateException("chunk 3 failed");
        ParallelBlocks.Background failing = ParallelBlocks.inBackground(8, (i, c) -> {
            if (i == 3) {
                throw boom;
            }
        });
        // while one task is pending, a second one from this or any thread runs entirely in its own finish
        AtomicIntegerArray runs = new AtomicIntegerArray(5);
        ParallelBlocks.Background second = ParallelBlocks.inBackground(5, (i, c) -> runs.incrementAndGet(i));
        assertSame(boom, assertThrows(IllegalStateException.class, failing::finish));
        second.finish();
        for (int i = 0; i < 5; i++) {
            assertEquals(1, runs.get(i));
        }
        AtomicInteger after = new AtomicInteger();
        ParallelBlocks.inBackground(3, (i, c) -> after.incrementAndGet()).finish();
        assertEquals(3, after.get(), "the helpers are still usable");
    }
}
