package org.keras4j.framework.optimizers;

import org.keras4j.framework.backend.HostFloats;
import org.keras4j.framework.backend.ParallelBlocks;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam's per-element rule as one loop over host copies of the gradient, weight and both moments,
 * for dense float32 arrays on the CPU backend. libnd4j's {@code adam_updater} computes the same
 * formula at about 5 ns per element on our 2-core machines (1 ms for a 784x256 kernel, a third of an
 * MLP training step), because its square root does not vectorise; this loop, which the JIT turns
 * into SIMD code, plus the bulk copies in and out, takes about a sixth of that. A deviation from
 * DESIGN.md's "no numeric kernels in Java", kept to this one rule and measured with
 * {@code benchmarks/.../StepProfile}. {@code -Dkeras4j.optimizer.kernel=native} turns it off.
 */
final class HostAdam {
    static final boolean ENABLED = !"native".equals(System.getProperty("keras4j.optimizer.kernel"));
    /** Smaller arrays are updated on the calling thread alone: handing over costs more than it saves. */
    private static final int PARALLEL_MIN = 1 << 15;

    private float[] g = new float[0];
    private float[] w = new float[0];
    private float[] m = new float[0];
    private float[] v = new float[0];

    /** True when this kernel can update these arrays (else the caller uses the native updater). */
    static boolean supports(INDArray grad, INDArray var, INDArray mSlot, INDArray vSlot) {
        long n = var.length();
        return ENABLED && n <= Integer.MAX_VALUE && grad.length() == n
                && HostFloats.isDense(grad) && HostFloats.isDense(var) && HostFloats.isDense(mSlot) && HostFloats.isDense(vSlot);
    }

    /**
     * {@code m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  var -= stepSize m / (sqrt(v) + eps)}, in place,
     * where {@code stepSize} already holds the bias correction {@code lr sqrt(1 - b2^t) / (1 - b1^t)}.
     */
    void update(INDArray grad, INDArray var, INDArray mSlot, INDArray vSlot, double stepSize, double beta1, double beta2,
            double epsilon) {
        int n = (int) var.length();
        ensureCapacity(n);
        float s = (float) stepSize;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1); // in double: 1f - 0.999f is not 0.001f
        float c2 = (float) (1 - beta2);
        float eps = (float) epsilon;
        // blocks of whole cache lines, copied and updated by several threads: each touches its own range
        int blocks = n < PARALLEL_MIN ? 1 : ParallelBlocks.threads();
        ParallelBlocks.run(blocks, (i, count) -> {
            int from = edge(n, i, count);
            int len = edge(n, i + 1, count) - from;
            HostFloats.read(grad, from, g, from, len);
            HostFloats.read(var, from, w, from, len);
            HostFloats.read(mSlot, from, m, from, len);
            HostFloats.read(vSlot, from, v, from, len);
            step(from, from + len, s, b1, c1, b2, c2, eps);
            HostFloats.write(w, from, var, from, len);
            HostFloats.write(m, from, mSlot, from, len);
            HostFloats.write(v, from, vSlot, from, len);
        });
    }

    private static int edge(int n, int i, int count) {
        return i == count ? n : (int) ((long) n * i / count) & ~15;
    }

    /** The loop itself: kept free of calls and branches so that C2 vectorises it. */
    private void step(int from, int to, float stepSize, float b1, float c1, float b2, float c2, float eps) {
        float[] g = this.g;
        float[] w = this.w;
        float[] m = this.m;
        float[] v = this.v;
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            w[i] -= stepSize * mi / ((float) Math.sqrt(vi) + eps);
        }
    }

    private void ensureCapacity(int n) {
        if (g.length < n) {
            g = new float[n];
            w = new float[n];
            m = new float[n];
            v = new float[n];
        }
    }
}
