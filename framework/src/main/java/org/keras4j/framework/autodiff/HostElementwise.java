package org.keras4j.framework.autodiff;

import org.keras4j.framework.backend.HostFloats;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A dense layer's small element-wise steps (bias add, relu and its gradient, the bias gradient) as
 * passes over host copies, for float32 arrays of at most {@link HostFloats#SMALL} elements. At that
 * size a libnd4j call is mostly overhead (an MLP step spent 0.6 ms of its 4 ms in four relu calls);
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

    /** {@code m += row} for every row of the matrix {@code m}, in place. */
    static void addToRows(INDArray m, INDArray row) {
        float[] v = HostFloats.read(m);
        float[] b = HostFloats.read(row);
        int cols = b.length;
        for (int base = 0; base < v.length; base += cols) {
            for (int k = 0; k < cols; k++) {
                v[base + k] += b[k];
            }
        }
        HostFloats.write(v, m);
    }

    /** {@code max(x, 0)} as a new array (NaN stays NaN, as in libnd4j). */
    static INDArray relu(INDArray x) {
        float[] v = HostFloats.read(x);
        for (int j = 0; j < v.length; j++) {
            v[j] = Math.max(v[j], 0f);
        }
        return HostFloats.toArray(v, x.shape());
    }

    /** {@code g} where relu's output is positive, else 0, as a new array. */
    static INDArray reluGradient(INDArray out, INDArray g) {
        float[] o = HostFloats.read(out);
        float[] d = HostFloats.read(g);
        for (int j = 0; j < d.length; j++) {
            d[j] = o[j] > 0f ? d[j] : 0f;
        }
        return HostFloats.toArray(d, out.shape());
    }

    /** The column sums of the matrix {@code g}, {@code (n, m) -> (m,)}. */
    static INDArray columnSums(INDArray g) {
        float[] v = HostFloats.read(g);
        int cols = (int) g.size(1);
        float[] sums = new float[cols];
        for (int base = 0; base < v.length; base += cols) {
            for (int k = 0; k < cols; k++) {
                sums[k] += v[base + k];
            }
        }
        return HostFloats.toArray(sums, cols);
    }
}
