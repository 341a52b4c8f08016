package org.keras4j.framework.backend;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the independent blocks of one job on the calling thread and a few helper threads, for work
 * that takes tens to hundreds of microseconds (a training step's matrix products). Thread pools
 * that sleep between tasks pay a wake-up of 20-100 us per task on our 2-core machines, and
 * OpenBLAS's own threads stalled for milliseconds when the JVM's threads shared their core; here
 * each helper spins briefly after a task, and blocks are claimed, not assigned: a helper that is
 * late (descheduled, or still asleep) finds its block already done by the caller, so a job never
 * waits for a thread that has not started on it. Between jobs, helpers take chunks of one
 * background task ({@link #inBackground}): work whose result the caller collects later.
 *
 * <p>One job runs at a time. A caller that finds the helpers busy with another thread's job, or
 * that calls from inside a block, runs all of its blocks itself, so calls from many threads are
 * safe. The number of threads (caller included) is {@code -Dkeras4j.threads}, else
 * {@code OMP_NUM_THREADS}, else the number of processors.
 */
public final class ParallelBlocks {
    /** How long an idle helper spins before it parks: longer than the gaps between a step's products. */
    private static final long SPIN_NANOS = 200_000;
    private static final int THREADS = threadCount();
    private static final AtomicBoolean BUSY = new AtomicBoolean();
    private static final Helper[] HELPERS = startHelpers();
    private static volatile Job current;
    /** Chunks of work for helpers that have no job ({@link #inBackground}); at most one such task at a time. */
    private static final AtomicReference<Job> BACKGROUND = new AtomicReference<>();

    private ParallelBlocks() {
    }

    /** Block {@code i} of {@code count}; blocks may run in any order, on any thread. */
    @FunctionalInterface
    public interface Body {
        void run(int block, int count);
    }

    /** Threads that may work on one job, the caller included. */
    public static int threads() {
        return THREADS;
    }

    /** Block edges fall on multiples of this: whole cache lines of floats, whole unrolls of BLAS kernels. */
    public static final int EDGE_ALIGN = 16;

    /**
     * Where block {@code i} of {@code count} starts when {@code length} items are cut into nearly
     * equal blocks: on a multiple of {@link #EDGE_ALIGN}, and {@code length} for {@code i == count}.
     * A block may be empty.
     */
    public static int edge(int length, int i, int count) {
        return i == count ? length : (int) ((long) length * i / count) & -EDGE_ALIGN;
    }

    /** Runs blocks {@code 0..count-1} of {@code body} and returns when all are done. */
    public static void run(int count, Body body) {
        if (count <= 1 || HELPERS.length == 0 || !BUSY.compareAndSet(false, true)) {
            for (int i = 0; i < count; i++) {
                body.run(i, count);
            }
            return;
        }
        try {
            Job job = new Job(body, count);
            current = job;
            for (Helper h : HELPERS) {
                if (h.parked) {
                    LockSupport.unpark(h.thread);
                }
            }
            job.work();
            job.awaitDone();
        } finally {
            BUSY.set(false);
        }
    }

    /**
     * Starts {@code count} chunks of {@code body} as work for helpers that have no job, for a result
     * needed later (the next batch's rows while this step trains); {@link Background#finish} collects
     * it. A helper runs one chunk at a time and looks for a job between chunks, so a job waits at most
     * one chunk for it: keep chunks to a few microseconds. Without helpers, or while another thread's
     * task is pending, every chunk runs in {@code finish}.
     */
    public static Background inBackground(int count, Body body) {
        Job chunks = new Job(body, count);
        if (HELPERS.length > 0 && count > 0) {
            BACKGROUND.compareAndSet(null, chunks);
        }
        return new Background(chunks);
    }

    /** Idle-time work started by {@link #inBackground}. */
    public static final class Background {
        private final Job chunks;

        private Background(Job chunks) {
            this.chunks = chunks;
        }

        /** Runs the chunks no helper has taken on this thread, waits for those under way, and rethrows a chunk's failure. */
        public void finish() {
            BACKGROUND.compareAndSet(chunks, null);
            chunks.work();
            chunks.awaitDone();
        }
    }

    /** One call's blocks, claimed one at a time by whichever thread comes first. */
    private static final class Job {
        final Body body;
        final int count;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger unfinished;
        volatile Throwable failure;

        Job(Body body, int count) {
            this.body = body;
            this.count = count;
            this.unfinished = new AtomicInteger(count);
        }

        /** Claims and runs blocks until none is left. */
        void work() {
            while (runOne()) {
                // claim the next one
            }
        }

        /** Claims and runs one block; false when none was left. */
        boolean runOne() {
            if (next.get() >= count) {
                return false; // no claim: an idle helper polls a finished task without counting on
            }
            int i = next.getAndIncrement();
            if (i >= count) {
                return false;
            }
            try {
                body.run(i, count);
            } catch (Throwable t) {
                failure = t;
            } finally {
                unfinished.decrementAndGet();
            }
            return true;
        }

        /** Blocks still running have been claimed by a thread that is on them: spinning is short. */
        void awaitDone() {
            while (unfinished.get() > 0) {
                Thread.onSpinWait();
            }
            Throwable t = failure;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }

    private static final class Helper implements Runnable {
        final Thread thread;
        volatile boolean parked;

        Helper(int index) {
            thread = new Thread(this, "keras4j-compute-" + index);
            thread.setDaemon(true);
        }

        @Override
        public void run() {
            Job seen = null;
            long idleSince = System.nanoTime();
            while (true) {
                Job job = current;
                Job chunks;
                if (job != seen) {
                    seen = job;
                    job.work();
                    idleSince = System.nanoTime();
                } else if ((chunks = BACKGROUND.get()) != null && chunks.runOne()) {
                    idleSince = System.nanoTime();
                } else if (System.nanoTime() - idleSince < SPIN_NANOS) {
                    // yield, not just pause: the JIT compiler and GC threads need this core too
                    Thread.yield();
                } else {
                    parked = true;
                    if (current == seen) { // a job published before the flag was set would be missed
                        LockSupport.park(this);
                    }
                    parked = false;
                    idleSince = System.nanoTime();
                }
            }
        }
    }

    private static Helper[] startHelpers() {
        Helper[] helpers = new Helper[THREADS - 1];
        for (int i = 0; i < helpers.length; i++) {
            helpers[i] = new Helper(i + 1);
            helpers[i].thread.start();
        }
        return helpers;
    }

    private static int threadCount() {
        Integer chosen = Integer.getInteger("keras4j.threads");
        if (chosen == null) {
            try {
                String omp = System.getenv("OMP_NUM_THREADS");
                chosen = omp == null ? null : Integer.valueOf(omp.trim());
            } catch (NumberFormatException e) {
                chosen = null;
            }
        }
        int processors = Runtime.getRuntime().availableProcessors();
        return Math.max(1, Math.min(chosen == null ? processors : chosen, 64));
    }
}
