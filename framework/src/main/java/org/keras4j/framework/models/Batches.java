package org.keras4j.framework.models;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Cuts aligned arrays (inputs, labels, sample weights) into batches along axis 0. Shuffling makes
 * one gathered copy per epoch (a native row gather), so every batch is a contiguous view and the
 * training step itself copies nothing.
 */
final class Batches {
    private final INDArray[] arrays;
    private final long n;
    private final int batchSize;
    /** Gathered copies this instance made (the buffers under {@link #arrays}), freed by {@link #release()}. */
    private final List<INDArray> owned;

    /** @param arrays arrays with equal first dimension; null entries stay null */
    Batches(int batchSize, INDArray... arrays) {
        this(batchSize, List.of(), arrays);
    }

    private Batches(int batchSize, List<INDArray> owned, INDArray[] arrays) {
        this.batchSize = batchSize;
        this.owned = owned;
        this.arrays = arrays;
        this.n = arrays[0].size(0);
    }

    int steps() {
        return (int) ((n + batchSize - 1) / batchSize);
    }

    long size() {
        return n;
    }

    /** A copy of the data with rows in a random order from {@code random}; close it when done. */
    Batches shuffled(Random random) {
        int[] perm = new int[(int) n];
        for (int i = 0; i < perm.length; i++) {
            perm[i] = i;
        }
        for (int i = perm.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        INDArray[] out = new INDArray[arrays.length];
        List<INDArray> copies = new ArrayList<>();
        for (int k = 0; k < arrays.length; k++) {
            if (arrays[k] != null) {
                long[] shape = arrays[k].shape();
                INDArray flat = arrays[k].rank() == 1 ? arrays[k].reshape(shape[0], 1)
                        : arrays[k].reshape('c', shape[0], arrays[k].length() / shape[0]);
                INDArray gathered = Nd4j.pullRows(flat, 1, perm);
                copies.add(gathered); // the reshaped view below cannot be closed, its buffer can
                out[k] = gathered.reshape('c', shape);
            }
        }
        return new Batches(batchSize, copies, out);
    }

    /** The {@code step}-th batch: views of rows {@code [step*batchSize, min(n, (step+1)*batchSize))}. */
    INDArray[] batch(int step) {
        long from = (long) step * batchSize;
        long to = Math.min(n, from + batchSize);
        INDArray[] out = new INDArray[arrays.length];
        for (int k = 0; k < arrays.length; k++) {
            out[k] = arrays[k] == null ? null : rows(arrays[k], from, to);
        }
        return out;
    }

    static INDArray rows(INDArray a, long from, long to) {
        if (from == 0 && to == a.size(0)) {
            return a;
        }
        return a.get(indexFor(a.rank(), from, to));
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex[] indexFor(int rank, long from, long to) {
        org.nd4j.linalg.indexing.INDArrayIndex[] idx = new org.nd4j.linalg.indexing.INDArrayIndex[rank];
        idx[0] = NDArrayIndex.interval(from, to);
        for (int i = 1; i < rank; i++) {
            idx[i] = NDArrayIndex.all();
        }
        return idx;
    }

    /** Releases the native memory of gathered copies (never of the caller's arrays). */
    void release() {
        for (INDArray a : owned) {
            if (a.closeable()) {
                a.close();
            }
        }
    }
}
