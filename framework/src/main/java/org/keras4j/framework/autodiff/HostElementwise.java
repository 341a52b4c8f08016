package org.keras4j.framework.autodiff;

import org.keras4j.framework.backend.HostFloats;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense layer's small element-wise steps (bias add, relu and its gradient, the bias gradient,
 * softmax over the last axis) as passes over host copies, for float32 arrays of at most
 * {@link HostFloats#SMALL} elements. At that size a libnd4j call is mostly overhead (an MLP step spent 0.6 ms of its 4 ms in four relu calls);
 * a copy in, one loop the JIT vectorises and a copy out cost a few microseconds. Callers check
 * {@link HostFloats#isSmallDense} and keep the native op otherwise.
 * {@code -Dkeras4j.elementwise.kernel=native} turns these passes off.
 */
final class HostElementwise {
    static final boolean ENABLED = !"native".equals(System.getProperty("keras4j.elementwise.kernel"));

    private HostElementwise() {
    }

    /** True when these passes may handle every one of {@code arrays}. */
    static boolean handles(INDArray... arrays) {
        if (!ENABLED) {
            return false;
        }
        for (INDArray a : arrays) {
            if (!HostFloats.isSmallDense(a)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Two scratch arrays per thread, reused from call to call: these passes allocate nothing on the
     * heap. Fresh arrays made about 1 MB of garbage per MLP training step, and the young-generation
     * pauses that followed (15-35 ms every 0.7 s) stalled training.
     */
    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[][] {new float[0], new float[0]});

    /** This thread's scratch array {@code slot}, at least {@code n} long, holding {@code a}'s elements when given. */
    private static float[] scratch(int slot, int n, INDArray a) {
        float[][] arrays = SCRATCH.get();
        if (arrays[slot].length < n) {
            arrays[slot] = new float[n];
        }
        if (a != null) {
            HostFloats.read(a, arrays[slot]);
        }
        return arrays[slot];
    }

    // Each pass reads into scratch, calls a loop-only kernel and writes back. The kernels are methods
    // of their own so that the JIT compiles each once, quickly, instead of compiling (and on-stack
    // replacing) the ND4J calls around them several times during warm-up.

    /**
     * {@code m += row} for every row of the matrix {@code m}, then {@code max(m, 0)} when {@code relu},
     * in place; {@code row} may be null (relu alone, or nothing).
     */
    static void addToRows(INDArray m, INDArray row, boolean relu) {
        if (row == null && !relu) {
            return;
        }
        int n = (int) m.length();
        float[] v = scratch(0, n, m);
        if (row == null) {
            relu(v, n);
        } else {
            int cols = (int) row.length();
            addToRows(v, n, scratch(1, cols, row), cols, relu ? 0f : Float.NEGATIVE_INFINITY);
        }
        HostFloats.write(v, m);
    }

    /** {@code v = max(v + b, floor)} row by row: the floor is 0 for relu, minus infinity for a plain bias add. */
    private static void addToRows(float[] v, int n, float[] b, int cols, float floor) {
        for (int base = 0; base < n; base += cols) {
            for (int k = 0; k < cols; k++) {
                v[base + k] = Math.max(v[base + k] + b[k], floor);
            }
        }
    }

    /** {@code max(x, 0)} as a new array (NaN stays NaN, as in libnd4j). */
    static INDArray relu(INDArray x) {
        int n = (int) x.length();
        float[] v = scratch(0, n, x);
        relu(v, n);
        return HostFloats.toArray(v, x.shape());
    }

    private static void relu(float[] v, int n) {
        for (int j = 0; j < n; j++) {
            v[j] = Math.max(v[j], 0f);
        }
    }

    /** {@code g} where relu's output is positive, else 0, as a new array. */
    static INDArray reluGradient(INDArray out, INDArray g) {
        int n = (int) out.length();
        float[] d = scratch(1, n, g);
        maskByPositive(scratch(0, n, out), d, n);
        return HostFloats.toArray(d, out.shape());
    }

    private static void maskByPositive(float[] o, float[] d, int n) {
        for (int j = 0; j < n; j++) {
            d[j] = o[j] > 0f ? d[j] : 0f;
        }
    }

    /** The column sums of the matrix {@code g}, {@code (n, m) -> (m,)}. */
    static INDArray columnSums(INDArray g) {
        int n = (int) g.length();
        int cols = (int) g.size(1);
        float[] sums = scratch(1, cols, null);
        columnSums(scratch(0, n, g), n, sums, cols);
        return HostFloats.toArray(sums, cols);
    }

    private static void columnSums(float[] v, int n, float[] sums, int cols) {
        java.util.Arrays.fill(sums, 0, cols, 0f);
        for (int base = 0; base < n; base += cols) {
            for (int k = 0; k < cols; k++) {
                sums[k] += v[base + k];
            }
        }
    }

    /**
     * Softmax over the last axis as a new array: per row {@code exp(x - max) / sum}, with the sum in
     * double. libnd4j's softmax took 60-95 us on a 128 x 10 batch of logits (it wakes a second thread
     * for anything over 1,024 elements); this takes a few.
     */
    static INDArray softmaxLastAxis(INDArray x) {
        int n = (int) x.length();
        float[] v = scratch(0, n, x);
        softmaxRows(v, n, (int) x.size(-1));
        return HostFloats.toArray(v, x.shape());
    }

    private static void softmaxRows(float[] v, int n, int cols) {
        for (int base = 0; base < n; base += cols) {
            float max = Float.NEGATIVE_INFINITY;
            for (int k = base; k < base + cols; k++) {
                max = Math.max(max, v[k]);
            }
            double sum = 0;
            for (int k = base; k < base + cols; k++) {
                float e = (float) Math.exp(v[k] - max);
                v[k] = e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int k = base; k < base + cols; k++) {
                v[k] *= inv;
            }
        }
    }
}
