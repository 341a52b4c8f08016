package org.keras4j.framework.backend;

import com.sun.jna.Library;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Matrix products through the machine's own OpenBLAS, when it has a recent multi-threaded build
 * (Debian: package {@code libopenblas0-pthread}). nd4j-native 1.0.0-M2.1 bundles OpenBLAS 0.3.19,
 * which runs AVX2 kernels on AVX-512 machines and, called through libnd4j's {@code matmul} op, pays
 * 15-20 us per call; measured on our 2-core machines, the eight products of an MLP training step took
 * 1.1-1.5 ms through it and 0.8 ms through Debian's OpenBLAS 0.3.21 called directly, which is what
 * PyTorch uses on the same machine. Only the products move; every other op stays in ND4J.
 *
 * <p>The library is opened with local symbol binding, so it never interposes on ND4J's own OpenBLAS
 * (which would mix two versions' internals). OpenMP builds are refused: their buffers are not safe
 * for products started from several Java threads at once. Before first use a small product is
 * checked against known values. {@code -Dkeras4j.blas=nd4j} keeps every product in ND4J;
 * {@code -Dkeras4j.blas=/path/libopenblas.so} names another library.
 */
public final class SystemBlas {
    private static final Logger LOG = LoggerFactory.getLogger(SystemBlas.class);
    /** Debian's thread-safe multi-threaded build on x86-64, the only platform it was measured on. */
    private static final List<String> CANDIDATES = List.of("/usr/lib/x86_64-linux-gnu/openblas-pthread/libopenblas.so.0");
    /** The oldest release measured faster than ND4J's bundled one. */
    private static final int[] MIN_VERSION = {0, 3, 21};
    private static final int RTLD_NOW = 2;
    private static final int ROW_MAJOR = 101;
    private static final int NO_TRANS = 111;
    private static final int TRANS = 112;
    private static final int OPENMP = 2;
    /** Products below this many multiply-adds run on one thread: splitting costs more than it saves. */
    private static final long SPLIT_WORK = 1L << 20;
    private static final boolean AVAILABLE = load();

    private SystemBlas() {
    }

    /** The library's functions, bound by JNA's direct mapping (pointers passed as addresses). */
    private static final class Functions {
        static native void cblas_sgemm(int order, int transA, int transB, int m, int n, int k, float alpha, long a, int lda,
                long b, int ldb, float beta, long c, int ldc);

        static native void cblas_dgemm(int order, int transA, int transB, int m, int n, int k, double alpha, long a, int lda,
                long b, int ldb, double beta, long c, int ldc);

        static native Pointer openblas_get_config();

        static native int openblas_get_parallel();

        static native void openblas_set_num_threads(int threads);
    }

    /** True when products run through the system's OpenBLAS. */
    public static boolean available() {
        return AVAILABLE;
    }

    /**
     * {@code c = alpha op(a) op(b) + beta c} for 2-D float32 or float64 host arrays of one type, where
     * op transposes when asked. Returns false, having done nothing, when the system library is not in
     * use or an operand is not a matrix BLAS can read in place (each needs unit stride along one axis);
     * the caller then uses ND4J. {@code c} must not overlap {@code a} or {@code b}.
     */
    public static boolean gemm(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double alpha, double beta) {
        // shape() and stride() hand out ND4J's own arrays: cheap to call, and small for the JIT to inline
        long[] as = a.shape();
        long[] bs = b.shape();
        long[] cs = c.shape();
        if (!AVAILABLE || as.length != 2 || bs.length != 2 || cs.length != 2 || !sameFloatType(a, b, c)) {
            return false;
        }
        long m = cs[0];
        long n = cs[1];
        long k = as[transA ? 0 : 1];
        if (as[transA ? 1 : 0] != m || bs[transB ? 0 : 1] != n || bs[transB ? 1 : 0] != k) {
            throw new IllegalArgumentException("gemm: cannot multiply " + Arrays.toString(as) + (transA ? "^T" : "")
                    + " by " + Arrays.toString(bs) + (transB ? "^T" : "") + " into " + Arrays.toString(cs));
        }
        if (m == 0 || n == 0 || k == 0 || Math.max(m, Math.max(n, k)) > Integer.MAX_VALUE) {
            return false;
        }
        long ldc = leadingDimension(cs, c.stride(), true);
        if (ldc < 0) {
            // a column-major result: compute its transpose, op(b)^T op(a)^T, which is row-major
            return leadingDimension(cs, c.stride(), false) >= 0 && gemm(b, a, c.transpose(), !transB, !transA, alpha, beta);
        }
        long lda = leadingDimension(as, a.stride(), true);
        boolean flipA = lda < 0;
        if (flipA) {
            lda = leadingDimension(as, a.stride(), false);
        }
        long ldb = leadingDimension(bs, b.stride(), true);
        boolean flipB = ldb < 0;
        if (flipB) {
            ldb = leadingDimension(bs, b.stride(), false);
        }
        if (lda < 0 || ldb < 0 || Math.max(ldc, Math.max(lda, ldb)) > Integer.MAX_VALUE) {
            return false;
        }
        Product product = new Product(c.dataType() == DataType.FLOAT, transA != flipA, transB != flipB, (int) m, (int) n,
                (int) k, alpha, address(a), (int) lda, address(b), (int) ldb, beta, address(c), (int) ldc);
        product.run();
        return true;
    }

    /**
     * One call's operands, as BLAS reads them. A large product is cut into blocks of rows (or of
     * columns, when the result is wider than tall) that {@link ParallelBlocks} runs on several
     * threads, each block a single-threaded BLAS call.
     */
    private record Product(boolean single, boolean transA, boolean transB, int m, int n, int k, double alpha,
            long a, int lda, long b, int ldb, double beta, long c, int ldc) {

        void run() {
            int blocks = (long) m * n * k < SPLIT_WORK ? 1 : Math.min(ParallelBlocks.threads(), Math.max(m, n) / ParallelBlocks.EDGE_ALIGN);
            if (blocks <= 1) {
                call(a, b, c, m, n);
                return;
            }
            boolean byRows = m >= n;
            int length = byRows ? m : n;
            ParallelBlocks.run(blocks, (i, count) -> {
                int from = ParallelBlocks.edge(length, i, count);
                int to = ParallelBlocks.edge(length, i + 1, count);
                if (to <= from) {
                    return;
                }
                long bytes = single ? 4 : 8;
                if (byRows) {
                    // rows of op(a): rows of a, or columns when transposed
                    long aAt = a + bytes * (transA ? from : (long) from * lda);
                    call(aAt, b, c + bytes * from * ldc, to - from, n);
                } else {
                    long bAt = b + bytes * (transB ? (long) from * ldb : from);
                    call(a, bAt, c + bytes * from, m, to - from);
                }
            });
        }

        private void call(long aAt, long bAt, long cAt, int rows, int cols) {
            int ta = transA ? TRANS : NO_TRANS;
            int tb = transB ? TRANS : NO_TRANS;
            if (single) {
                Functions.cblas_sgemm(ROW_MAJOR, ta, tb, rows, cols, k, (float) alpha, aAt, lda, bAt, ldb, (float) beta, cAt, ldc);
            } else {
                Functions.cblas_dgemm(ROW_MAJOR, ta, tb, rows, cols, k, alpha, aAt, lda, bAt, ldb, beta, cAt, ldc);
            }
        }
    }

    private static boolean sameFloatType(INDArray a, INDArray b, INDArray c) {
        DataType t = c.dataType();
        return (t == DataType.FLOAT || t == DataType.DOUBLE) && a.dataType() == t && b.dataType() == t
                && !a.isEmpty() && !b.isEmpty() && !c.isEmpty();
    }

    /**
     * The distance between consecutive rows ({@code rowMajor}) or columns of a matrix of {@code shape}
     * and {@code stride} when the other axis has unit stride, else -1. An axis of length 1 may have any stride.
     */
    private static long leadingDimension(long[] shape, long[] stride, boolean rowMajor) {
        long rows = shape[0];
        long cols = shape[1];
        long inner = rowMajor ? cols : rows;
        long outer = rowMajor ? rows : cols;
        if (inner != 1 && stride[rowMajor ? 1 : 0] != 1) {
            return -1;
        }
        long ld = outer == 1 ? inner : stride[rowMajor ? 0 : 1];
        return ld >= inner ? ld : -1;
    }

    /**
     * The address of {@code x}'s first element: its buffer's base pointer plus the view's offset, read
     * from Java fields ({@code addressPointer()} asks the native side twice and makes three objects).
     */
    private static long address(INDArray x) {
        DataBuffer data = x.data();
        return data.pointer().address() + data.offset() * data.getElementSize();
    }

    private static boolean load() {
        String choice = System.getProperty("keras4j.blas", "system");
        if ("nd4j".equals(choice) || !Nd4j.getEnvironment().isCPU()) {
            return false;
        }
        boolean explicit = !"system".equals(choice);
        for (String path : explicit ? List.of(choice) : CANDIDATES) {
            if (!explicit && !Files.exists(Path.of(path))) {
                continue;
            }
            try {
                // RTLD_NOW without RTLD_GLOBAL: this library's symbols stay out of ND4J's OpenBLAS's way
                NativeLibrary lib = NativeLibrary.getInstance(path, Map.of(Library.OPTION_OPEN_FLAGS, RTLD_NOW));
                Native.register(Functions.class, lib);
                String config = Functions.openblas_get_config().getString(0);
                String refusal = refusal(config, Functions.openblas_get_parallel(), explicit);
                if (refusal == null && !productsAreRight()) {
                    refusal = "a test product gave wrong values";
                }
                if (refusal != null) {
                    report(explicit, "Not using " + path + " (" + config + ") for matrix products: " + refusal);
                    return false;
                }
                // the library's own threads stalled inside training steps; ParallelBlocks splits products instead
                Functions.openblas_set_num_threads(1);
                LOG.debug("Matrix products run through {} ({})", path, config);
                return true;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                report(explicit, "Cannot use " + path + " for matrix products: " + e);
                return false;
            }
        }
        return false;
    }

    /** A library the user named is worth a warning when it cannot be used; the default search is not. */
    private static void report(boolean explicit, String message) {
        if (explicit) {
            LOG.warn(message);
        } else {
            LOG.debug(message);
        }
    }

    /** Why a library with this configuration string is not used, or null. */
    static String refusal(String config, int parallel, boolean explicit) {
        if (parallel == OPENMP) {
            return "an OpenMP build, unsafe for products from several threads";
        }
        if (explicit) {
            return null;
        }
        Matcher v = Pattern.compile("OpenBLAS (\\d+)\\.(\\d+)\\.(\\d+)").matcher(config);
        if (!v.find()) {
            return "unknown version";
        }
        for (int i = 0; i < MIN_VERSION.length; i++) {
            int part = Integer.parseInt(v.group(i + 1));
            if (part != MIN_VERSION[i]) {
                return part > MIN_VERSION[i] ? null : "older than OpenBLAS 0.3.21";
            }
        }
        return null;
    }

    /** A 2x3 by 3x2 product in both precisions, with and without transposes, against known values. */
    private static boolean productsAreRight() {
        float[] a = {1, 2, 3, 4, 5, 6};
        float[] b = {7, 8, 9, 10, 11, 12};
        float[] expected = {58, 64, 139, 154};
        float[] expectedAtBt = {39, 49, 59, 54, 68, 82, 69, 87, 105};
        Memory ma = new Memory(8L * 6);
        Memory mb = new Memory(8L * 6);
        Memory mc = new Memory(8L * 9);
        ma.write(0, a, 0, 6);
        mb.write(0, b, 0, 6);
        Functions.cblas_sgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, 2, 2, 3, 1f, Pointer.nativeValue(ma), 3,
                Pointer.nativeValue(mb), 2, 0f, Pointer.nativeValue(mc), 2);
        boolean ok = Arrays.equals(mc.getFloatArray(0, 4), expected);
        // a^T (3x2) b^T (2x3), both read transposed from the same memory
        Functions.cblas_sgemm(ROW_MAJOR, TRANS, TRANS, 3, 3, 2, 1f, Pointer.nativeValue(ma), 3,
                Pointer.nativeValue(mb), 2, 0f, Pointer.nativeValue(mc), 3);
        ok &= Arrays.equals(mc.getFloatArray(0, 9), expectedAtBt);
        double[] ad = new double[6];
        double[] bd = new double[6];
        for (int i = 0; i < 6; i++) {
            ad[i] = a[i];
            bd[i] = b[i];
        }
        ma.write(0, ad, 0, 6);
        mb.write(0, bd, 0, 6);
        Functions.cblas_dgemm(ROW_MAJOR, NO_TRANS, NO_TRANS, 2, 2, 3, 1.0, Pointer.nativeValue(ma), 3,
                Pointer.nativeValue(mb), 2, 0.0, Pointer.nativeValue(mc), 2);
        double[] got = mc.getDoubleArray(0, 4);
        for (int i = 0; i < 4; i++) {
            ok &= got[i] == expected[i];
        }
        return ok;
    }
}
