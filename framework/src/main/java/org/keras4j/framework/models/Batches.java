package org.keras4j.framework.models;

import java.util.Random;
import org.keras4j.framework.layers.Shape;
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
    private final boolean ownsArrays;

    /** @param arrays arrays with equal first dimension; null entries stay null */
    Batches(int batchSize, INDArray... arrays) {
        this(batchSize, false, arrays);
    }

    private Batches(int batchSize, boolean ownsArrays, INDArray[] arrays) {
        this.batchSize = batchSize;
        this.ownsArrays = ownsArrays;
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
        for (int k = 0; k < arrays.length; k++) {
            out[k] = arrays[k] == null ? null : gatherRows(arrays[k], perm);
        }
        return new Batches(batchSize, true, out);
    }

    private static INDArray gatherRows(INDArray a, int[] rows) {
        long[] shape = a.shape();
        INDArray flat = a.rank() == 1 ? a.reshape(a.length(), 1) : a.reshape('c', shape[0], a.length() / shape[0]);
        INDArray gathered = Nd4j.pullRows(flat, 1, rows);
        return gathered.reshape('c', shape);
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
        if (!ownsArrays) {
            return;
        }
        for (INDArray a : arrays) {
            if (a != null && a.closeable()) {
                a.close();
            }
        }
    }

    static String describe(INDArray a) {
        return Shape.format(a.shape());
    }
}
