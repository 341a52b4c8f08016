package org.keras4j.framework.layers;

import java.util.Arrays;

/**
 * An immutable tensor shape in Keras's sense: one entry per axis, {@code -1} (printed {@code None})
 * for an axis whose size is not known until a batch arrives, usually the batch axis.
 *
 * <pre>{@code Shape s = Shape.of(-1, 28, 28, 1);  // (None, 28, 28, 1)}</pre>
 */
public final class Shape {
    /** Marks an axis of unknown size (Keras's {@code None}). */
    public static final long NONE = -1;

    private final long[] dims;

    private Shape(long[] dims) {
        for (long d : dims) {
            if (d < NONE) {
                throw new IllegalArgumentException("Shape: dimensions must be >= 0 or None, received " + Arrays.toString(dims));
            }
        }
        this.dims = dims;
    }

    public static Shape of(long... dims) {
        return new Shape(dims.clone());
    }

    /** The shape of a batch whose per-sample shape is {@code sampleDims}: {@code (None, ...sampleDims)}. */
    public static Shape batchOf(long... sampleDims) {
        long[] d = new long[sampleDims.length + 1];
        d[0] = NONE;
        System.arraycopy(sampleDims, 0, d, 1, sampleDims.length);
        return new Shape(d);
    }

    public int rank() {
        return dims.length;
    }

    /** Size of {@code axis}; negative axes count from the end as in Python. */
    public long get(int axis) {
        return dims[normalizeAxis(axis)];
    }

    public long last() {
        return dims[dims.length - 1];
    }

    public long[] toArray() {
        return dims.clone();
    }

    /** The per-sample shape (every axis but the first). */
    public long[] sampleDims() {
        return Arrays.copyOfRange(dims, 1, dims.length);
    }

    public Shape withBatch(long batch) {
        long[] d = dims.clone();
        d[0] = batch;
        return new Shape(d);
    }

    public Shape withLast(long size) {
        long[] d = dims.clone();
        d[d.length - 1] = size;
        return new Shape(d);
    }

    public boolean isFullyDefined() {
        for (long d : dims) {
            if (d == NONE) {
                return false;
            }
        }
        return true;
    }

    /** Number of elements of one sample, or -1 when some non-batch axis is unknown. */
    public long sampleSize() {
        long n = 1;
        for (int i = 1; i < dims.length; i++) {
            if (dims[i] == NONE) {
                return NONE;
            }
            n *= dims[i];
        }
        return n;
    }

    public int normalizeAxis(int axis) {
        int a = axis < 0 ? axis + dims.length : axis;
        if (a < 0 || a >= dims.length) {
            throw new IllegalArgumentException("axis " + axis + " is out of range for shape " + this);
        }
        return a;
    }

    /** True when {@code concrete} fits this shape, treating None axes as wildcards. */
    public boolean isCompatibleWith(long[] concrete) {
        if (concrete.length != dims.length) {
            return false;
        }
        for (int i = 0; i < dims.length; i++) {
            if (dims[i] != NONE && concrete[i] != NONE && dims[i] != concrete[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Shape s && Arrays.equals(dims, s.dims);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(dims);
    }

    /** Python tuple notation, as Keras prints shapes: {@code (None, 64)}, {@code (3,)}. */
    @Override
    public String toString() {
        return format(dims);
    }

    /** Formats any dimension array in Keras's notation, {@code -1} as {@code None}. */
    public static String format(long[] dims) {
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < dims.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            b.append(dims[i] == NONE ? "None" : Long.toString(dims[i]));
        }
        if (dims.length == 1) {
            b.append(',');
        }
        return b.append(')').toString();
    }

    /** A concrete batch shape shown with its batch axis as None, as in error messages. */
    public static String formatBatch(long[] dims) {
        long[] d = dims.clone();
        if (d.length > 0) {
            d[0] = NONE;
        }
        return format(d);
    }
}
