package org.keras4j.framework.models;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.keras4j.framework.backend.HostFloats;
import org.keras4j.framework.backend.ParallelBlocks;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Cuts aligned arrays (inputs, labels, sample weights) into batches along axis 0. In natural order
 * a batch is a view; after {@link #shuffle} each batch is gathered (row by row) into one of two
 * buffers used in turn, so an epoch copies each sample once and allocates nothing. While the caller
 * trains on batch {@code k}, idle helper threads gather batch {@code k + 1} into the other buffer
 * ({@link ParallelBlocks#inBackground}); the training thread then finds its next batch ready
 * instead of waiting on memory for it. A batch is only valid until the next call of {@link #batch}.
 */
final class Batches implements AutoCloseable {
    /** Gathers smaller than this run on the calling thread alone. */
    private static final long PARALLEL_BYTES = 1 << 16;
    /** Rows per background chunk: a few microseconds of copying, the longest a product then waits for a helper. */
    private static final int PREFETCH_ROWS = 8;
    private final INDArray[] arrays;
    private final long n;
    private final int batchSize;
    private int[] order;
    /** Each array as a matrix {@code (n, width)}, made on first use. */
    private INDArray[] sources;
    /** Full batches alternate between two sets of buffers: one in use, one being filled. */
    private Gather[][] fullGathers;
    private Gather[] lastGathers;
    /** The next batch, being gathered in the background; null when none is. */
    private Prefetch pending;
    /** Whether batches may be gathered in the background ({@link #copiesEveryArrayByRow}); null until known. */
    private Boolean byRows;

    /** A gather buffer {@code (count, width)} and the same memory in the batch's own shape. */
    private record Gather(INDArray rows, INDArray batch) {
    }

    /** Batch {@code step} of the current order, its arrays, and the background task filling them. */
    private record Prefetch(int step, INDArray[] batch, ParallelBlocks.Background task) {
    }

    /** @param arrays arrays with equal first dimension; null entries stay null */
    Batches(int batchSize, INDArray... arrays) {
        this.batchSize = batchSize;
        this.arrays = arrays;
        this.n = arrays[0].size(0);
    }

    int steps() {
        return (int) ((n + batchSize - 1) / batchSize);
    }

    long size() {
        return n;
    }

    /** Draws a new random order of the samples for the following batches. */
    void shuffle(Random random) {
        awaitPrefetch();
        if (order == null) {
            order = new int[(int) n];
        }
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        for (int i = order.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
    }

    /** The {@code step}-th batch: samples {@code [step*batchSize, min(n, (step+1)*batchSize))} of the current order. */
    INDArray[] batch(int step) {
        INDArray[] out = new INDArray[arrays.length];
        if (order == null) {
            long from = (long) step * batchSize;
            long to = Math.min(n, from + batchSize);
            for (int k = 0; k < arrays.length; k++) {
                out[k] = arrays[k] == null ? null : rows(arrays[k], from, to);
            }
            return out;
        }
        if (pending != null && pending.step() == step) {
            Prefetch ready = pending;
            pending = null;
            ready.task().finish();
            out = ready.batch();
        } else {
            awaitPrefetch();
            gatherNow(step, out);
        }
        if (step + 1 < steps() && copiesEveryArrayByRow()) {
            pending = prefetch(step + 1);
        }
        return out;
    }

    /** Gathers batch {@code step} into {@code out} on this thread (and the helpers, for large batches). */
    private void gatherNow(int step, INDArray[] out) {
        int[] picked = picked(step);
        for (int k = 0; k < arrays.length; k++) {
            if (arrays[k] == null) {
                continue;
            }
            Gather gather = gather(k, step);
            INDArray source = source(k);
            if (copiesByRow(source, gather.rows())) {
                copyRows(source, gather.rows(), picked);
            } else {
                Nd4j.pullRows(source, gather.rows(), 1, picked);
            }
            out[k] = gather.batch();
        }
    }

    /** Starts gathering batch {@code step} in the background, {@link #PREFETCH_ROWS} rows of every array per chunk. */
    private Prefetch prefetch(int step) {
        int[] picked = picked(step);
        INDArray[] out = new INDArray[arrays.length];
        List<RowCopy> copies = new ArrayList<>(arrays.length);
        for (int k = 0; k < arrays.length; k++) {
            if (arrays[k] != null) {
                Gather gather = gather(k, step);
                copies.add(new RowCopy(source(k), gather.rows()));
                out[k] = gather.batch();
            }
        }
        int chunks = (picked.length + PREFETCH_ROWS - 1) / PREFETCH_ROWS;
        ParallelBlocks.Background task = ParallelBlocks.inBackground(chunks, (c, count) -> {
            int first = c * PREFETCH_ROWS;
            int end = Math.min(picked.length, first + PREFETCH_ROWS);
            for (RowCopy copy : copies) {
                copy.rows(picked, first, end);
            }
        });
        return new Prefetch(step, out, task);
    }

    /** Waits for (or finishes) a background gather, whose buffers are about to be reused or freed. */
    private void awaitPrefetch() {
        Prefetch started = pending;
        pending = null;
        if (started != null) {
            started.task().finish();
        }
    }

    /** The sample indices of batch {@code step} in the current order. */
    private int[] picked(int step) {
        int from = step * batchSize;
        return Arrays.copyOfRange(order, from, (int) Math.min(n, (long) from + batchSize));
    }

    /** True when every array's rows are plain byte runs, which background chunks copy; else batches are gathered on demand. */
    private boolean copiesEveryArrayByRow() {
        if (byRows == null) {
            byRows = true;
            for (int k = 0; k < arrays.length; k++) {
                byRows &= arrays[k] == null || copiesByRow(source(k), gather(k, 0).rows());
            }
        }
        return byRows;
    }

    /**
     * The gather buffer of array {@code k} for batch {@code step}, made once (outside any workspace)
     * with its batch-shaped view: a step then makes no ND4J array for its batch. Full batches use the
     * two sets in turn, so the next one can be filled while this one is in use.
     */
    private Gather gather(int k, int step) {
        int count = (int) (Math.min(n, (long) (step + 1) * batchSize) - (long) step * batchSize);
        if (fullGathers == null) {
            fullGathers = new Gather[2][arrays.length];
            lastGathers = new Gather[arrays.length];
        }
        Gather[] pool = count == batchSize ? fullGathers[step % 2] : lastGathers;
        if (pool[k] == null || pool[k].rows().size(0) != count) {
            long[] shape = arrays[k].shape().clone();
            shape[0] = count;
            try (var outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                INDArray rows = Nd4j.createUninitialized(arrays[k].dataType(), count, arrays[k].length() / n);
                pool[k] = new Gather(rows, rows.reshape('c', shape));
            }
        }
        return pool[k];
    }

    private INDArray source(int k) {
        if (sources == null) {
            sources = new INDArray[arrays.length];
        }
        if (sources[k] == null) {
            try (var outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                sources[k] = asMatrix(arrays[k]);
            }
        }
        return sources[k];
    }

    /**
     * True when both matrices are row-major runs in CPU memory addressable by int: then a row is a
     * run of bytes. libnd4j's {@code pullRows} took about 0.5 ms for a batch of 128 Fashion-MNIST
     * images here (a tenth of a training step of the MLP example); copying the rows' bytes with
     * {@link #copyRows} takes a few microseconds.
     */
    private static boolean copiesByRow(INDArray source, INDArray target) {
        return HostFloats.isRowMajorRun(source) && HostFloats.isRowMajorRun(target)
                && source.dataType() == target.dataType() && source.data().length() * source.dataType().width() <= Integer.MAX_VALUE
                && target.data().length() * target.dataType().width() <= Integer.MAX_VALUE;
    }

    /**
     * {@code target[i] = source[picked[i]]} for every row, as byte copies within the arrays' NIO views.
     * Shuffled rows are scattered over the whole data set, so the copy waits on memory; two threads
     * wait in parallel.
     */
    private static void copyRows(INDArray source, INDArray target, int[] picked) {
        RowCopy copy = new RowCopy(source, target);
        int blocks = (long) picked.length * copy.rowBytes() < PARALLEL_BYTES ? 1 : ParallelBlocks.threads();
        ParallelBlocks.run(blocks, (b, count) -> copy.rows(picked, picked.length * b / count, picked.length * (b + 1) / count));
    }

    /**
     * Row copies from a source matrix to a target matrix through views of their memory, made once and
     * shared by the threads that copy (absolute puts leave the views' positions alone).
     */
    private record RowCopy(ByteBuffer from, int fromBase, ByteBuffer to, int toBase, int rowBytes) {
        RowCopy(INDArray source, INDArray target) {
            this(source.data().asNio(), (int) (source.offset() * source.dataType().width()), target.data().asNio(),
                    (int) (target.offset() * target.dataType().width()), (int) (source.size(1) * source.dataType().width()));
        }

        /** {@code target[i] = source[picked[i]]} for rows {@code first <= i < end}. */
        void rows(int[] picked, int first, int end) {
            for (int i = first; i < end; i++) {
                to.put(toBase + i * rowBytes, from, fromBase + picked[i] * rowBytes, rowBytes);
            }
        }
    }

    private INDArray asMatrix(INDArray a) {
        return a.rank() == 2 ? a : a.reshape('c', n, a.length() / n);
    }

    static INDArray rows(INDArray a, long from, long to) {
        if (from == 0 && to == a.size(0)) {
            return a;
        }
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        idx[0] = NDArrayIndex.interval(from, to);
        for (int i = 1; i < idx.length; i++) {
            idx[i] = NDArrayIndex.all();
        }
        return a.get(idx);
    }

    /** Frees the gather buffers (never the caller's arrays), once no helper is writing into them. */
    @Override
    public void close() {
        awaitPrefetch();
        if (fullGathers == null) {
            return;
        }
        for (Gather[] pool : new Gather[][] {fullGathers[0], fullGathers[1], lastGathers}) {
            if (pool != null) {
                for (Gather g : pool) {
                    if (g != null && g.rows().closeable()) {
                        g.rows().close();
                    }
                }
            }
        }
    }
}
