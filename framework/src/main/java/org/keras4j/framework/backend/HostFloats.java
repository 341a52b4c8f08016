package org.keras4j.framework.backend;

import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bulk copies between dense float32 ND4J arrays and Java {@code float[]}, for the few places where a
 * pass over host memory beats a native call (see {@code HostAdam}). Only arrays whose elements are
 * one gap-free run in row-major order qualify, and only on the CPU backend, where an array's memory is
 * the host memory itself.
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
        return CPU && a.dataType() == DataType.FLOAT && !a.isEmpty() && rowMajorRun(a.shape(), a.stride());
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

    /** A new float32 array of {@code shape} holding the first elements of {@code src} (which may be longer). */
    public static INDArray toArray(float[] src, long... shape) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, shape);
        write(src, out);
        return out;
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
        view(a).position((int) from).get(dst);
    }

    /** Copies {@code src} into elements {@code [from, from + src.length)} of dense {@code a}. */
    public static void write(float[] src, INDArray a, long from) {
        checkRange(a, from, src.length);
        view(a).position((int) from).put(src);
    }

    private static void checkRange(INDArray a, long from, int count) {
        if (from < 0 || from + count > a.length()) {
            throw new IndexOutOfBoundsException("HostFloats: elements [" + from + ", " + (from + count) + ") of an array of "
                    + a.length());
        }
    }

    private static FloatBuffer view(INDArray a) {
        if (!isDense(a)) {
            throw new IllegalArgumentException("HostFloats: expected a dense float32 array on the CPU backend, received "
                    + a.dataType() + " " + a.shapeInfoToString().replace('\n', ' '));
        }
        FloatBuffer all = a.data().asNioFloat();
        all.position((int) a.offset());
        return all.slice();
    }
}
