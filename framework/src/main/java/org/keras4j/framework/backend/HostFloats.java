package org.keras4j.framework.backend;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between dense float32 ND4J arrays and Java {@code float[]}, for the few places where a
 * pass over host memory beats a native call (see {@code HostAdam}). Only arrays whose elements are
 * one gap-free run in row-major order qualify, and only on the CPU backend, where an array's memory is
 * the host memory itself; {@link #readRows}/{@link #writeRows} also take matrices whose rows lie apart,
 * and {@link #toDoubles} reads labels of any numeric type.
 */
public final class HostFloats {
    /**
     * Up to this many elements (a batch's activations: 128 x 256 is 32,768) a pass over host copies
     * beats a libnd4j call, whose overhead (10-100 us here) dwarfs its per-element cost; above it,
     * libnd4j's multi-threaded kernels win.
     */
    public static final long SMALL = 1 << 16;
    private static final boolean CPU = Nd4j.getEnvironment().isCPU();

    private HostFloats() {
    }

    /** True when {@code a} is float32 host memory laid out as one contiguous row-major run. */
    public static boolean isDense(INDArray a) {
        return a.dataType() == DataType.FLOAT && isRowMajorRun(a);
    }

    /** True when {@code a}, of any data type, is host memory laid out as one contiguous row-major run. */
    public static boolean isRowMajorRun(INDArray a) {
        return CPU && !a.isEmpty() && rowMajorRun(a.shape(), a.stride());
    }

    /** Row-major strides, where axes of length 1 (whose stride never matters) may have any. */
    private static boolean rowMajorRun(long[] shape, long[] stride) {
        long expected = 1;
        for (int d = shape.length - 1; d >= 0; d--) {
            if (shape[d] != 1 && stride[d] != expected) {
                return false;
            }
            expected *= shape[d];
        }
        return true;
    }

    /** True when {@code a} is dense float32 host memory of at most {@link #SMALL} elements. */
    public static boolean isSmallDense(INDArray a) {
        return a.length() <= SMALL && isDense(a);
    }

    /** A new float array holding the elements of dense {@code a}. */
    public static float[] read(INDArray a) {
        float[] out = new float[(int) a.length()];
        read(a, out);
        return out;
    }

    /**
     * Copies {@code src}, read as rows of {@code m}'s width, into the rows of float32 matrix {@code m}
     * from row {@code firstRow} on. {@code m} may be a view whose rows are not adjacent (a gate-major
     * block of a larger array); each row must be contiguous.
     */
    public static void writeRows(float[] src, INDArray m, long firstRow) {
        long rows = checkRows(m, firstRow, src.length);
        int cols = (int) m.size(1);
        if (isDense(m)) {
            write(src, m, firstRow * cols);
            return;
        }
        FloatBuffer all = m.data().asNioFloat();
        for (int r = 0; r < rows; r++) {
            all.position((int) (m.offset() + (firstRow + r) * m.stride(0)));
            all.put(src, r * cols, cols);
        }
    }

    /** Fills {@code dst} with the rows of float32 matrix {@code m} from row {@code firstRow} on; the counterpart of {@link #writeRows}. */
    public static void readRows(INDArray m, long firstRow, float[] dst) {
        long rows = checkRows(m, firstRow, dst.length);
        int cols = (int) m.size(1);
        if (isDense(m)) {
            read(m, firstRow * cols, dst);
            return;
        }
        FloatBuffer all = m.data().asNioFloat();
        for (int r = 0; r < rows; r++) {
            all.position((int) (m.offset() + (firstRow + r) * m.stride(0)));
            all.get(dst, r * cols, cols);
        }
    }

    /** The number of whole rows {@code count} floats make in matrix {@code m}, checked to fit from {@code firstRow}. */
    private static long checkRows(INDArray m, long firstRow, int count) {
        long cols = m.rank() == 2 ? m.size(1) : 0;
        long rows = cols == 0 ? 0 : count / cols;
        if (!CPU || m.dataType() != DataType.FLOAT || m.rank() != 2 || (cols > 1 && m.stride(1) != 1)
                || firstRow < 0 || firstRow + rows > m.size(0) || rows * cols != count) {
            throw new IllegalArgumentException("HostFloats: cannot move " + count + " floats as rows from row " + firstRow
                    + " of " + m.dataType() + " " + m.shapeInfoToString().replace('\n', ' '));
        }
        return rows;
    }

    /**
     * The elements of {@code a} in row-major order as doubles. A dense int32, int64, float32 or float64
     * host array (a batch's labels) is read straight from its memory; {@code toDoubleVector} would
     * spend a libnd4j cast on it (10 us, three times per training step for the labels). Other arrays
     * go through ND4J.
     */
    public static double[] toDoubles(INDArray a) {
        if (!isRowMajorRun(a) || a.length() > Integer.MAX_VALUE) {
            return a.reshape(a.length()).toDoubleVector();
        }
        int n = (int) a.length();
        int from = (int) a.offset();
        double[] out = new double[n];
        // loops in methods of their own, which the JIT compiles once instead of with this whole switch
        switch (a.dataType()) {
            case INT -> copy(a.data().asNioInt(), from, out);
            case LONG -> copy(a.data().asNioLong(), from, out);
            case FLOAT -> copy(a.data().asNioFloat(), from, out);
            case DOUBLE -> a.data().asNioDouble().position(from).get(out);
            default -> {
                return a.reshape(a.length()).toDoubleVector();
            }
        }
        return out;
    }

    private static void copy(java.nio.IntBuffer b, int from, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(from + i);
        }
    }

    private static void copy(java.nio.LongBuffer b, int from, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(from + i);
        }
    }

    private static void copy(FloatBuffer b, int from, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = b.get(from + i);
        }
    }

    /**
     * A float32 array of {@code shape} holding the first elements of {@code src} (which may be
     * longer): new, or inside a {@link ReusedArrays} scope one reused from the previous scope.
     */
    public static INDArray toArray(float[] src, long... shape) {
        INDArray out = ReusedArrays.uninitialized(DataType.FLOAT, shape);
        write(src, out);
        return out;
    }

    /** The sum of the elements of dense {@code a}, accumulated in double. */
    public static double sum(INDArray a) {
        return sum(view(a), (int) a.length());
    }

    private static double sum(FloatBuffer b, int n) {
        double total = 0;
        for (int i = 0; i < n; i++) {
            total += b.get(i);
        }
        return total;
    }

    /** Sets every element of dense {@code a} to {@code value}. */
    public static void fill(INDArray a, float value) {
        FloatBuffer b = view(a);
        for (int i = 0, n = (int) a.length(); i < n; i++) {
            b.put(i, value);
        }
    }

    /** Copies the {@code a.length()} elements of dense {@code a} into {@code dst[0..length)}. */
    public static void read(INDArray a, float[] dst) {
        view(a).get(dst, 0, (int) a.length());
    }

    /** Copies {@code src[0..length)} into the elements of dense {@code a}. */
    public static void write(float[] src, INDArray a) {
        view(a).put(src, 0, (int) a.length());
    }

    /** Copies elements {@code [from, from + dst.length)} of dense {@code a} (in row-major order) into {@code dst}. */
    public static void read(INDArray a, long from, float[] dst) {
        checkRange(a, from, dst.length);
        view(a).get((int) from, dst, 0, dst.length);
    }

    /** Copies {@code src} into elements {@code [from, from + src.length)} of dense {@code a}. */
    public static void write(float[] src, INDArray a, long from) {
        checkRange(a, from, src.length);
        view(a).put((int) from, src, 0, src.length);
    }

    private static void checkRange(INDArray a, long from, int count) {
        if (from < 0 || from + count > a.length()) {
            throw new IndexOutOfBoundsException("HostFloats: elements [" + from + ", " + (from + count) + ") of an array of "
                    + a.length());
        }
    }

    /**
     * A view of dense float32 {@code a}'s memory, its element 0 at index 0. Callers that share one view
     * (between threads, or from call to call) use only its absolute, indexed methods.
     */
    public static FloatBuffer view(INDArray a) {
        if (!isDense(a)) {
            throw new IllegalArgumentException("HostFloats: expected a dense float32 array on the CPU backend, received "
                    + a.dataType() + " " + a.shapeInfoToString().replace('\n', ' '));
        }
        FloatBuffer all = a.data().asNioFloat();
        all.position((int) a.offset());
        return all.slice();
    }
}
