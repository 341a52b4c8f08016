package org.keras4j.framework.optimizers;

import java.nio.FloatBuffer;
import java.util.IdentityHashMap;
import java.util.Map;
import org.keras4j.framework.backend.HostFloats;
import org.keras4j.framework.backend.ParallelBlocks;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Adam's per-element rule as one loop over host copies of the gradient, weight and both moments,
 * for dense float32 arrays on the CPU backend. libnd4j's {@code adam_updater} computes the same
 * formula at about 5 ns per element on our 2-core machines (1 ms for a 784x256 kernel, a third of an
 * MLP training step), because its square root does not vectorise; this loop, which the JIT turns
 * into SIMD code, runs on several threads ({@link ParallelBlocks}). A deviation from DESIGN.md's
 * "no numeric kernels in Java", kept to this one rule and measured with
 * {@code benchmarks/.../StepProfile}. {@code -Dkeras4j.optimizer.kernel=native} turns it off.
 *
 * <p>Between steps the moments stay on the Java heap (8 bytes per weight), so a step copies only the
 * gradient in and the weights in and out; {@link #writeBack} puts them into their slot arrays
 * whenever the optimizer's state is read or replaced.
 */
final class HostAdam {
    static final boolean ENABLED = !"native".equals(System.getProperty("keras4j.optimizer.kernel"));
    /** Larger weights stay with the native updater: their moments would cost too much heap. */
    private static final long MAX_ELEMENTS = 1L << 24;
    /** Smaller arrays are updated on the calling thread alone: handing over costs more than it saves. */
    private static final int PARALLEL_MIN = 1 << 15;

    /**
     * A variable's moments on the heap, the slot arrays they were read from and go back to, and the
     * gradient and value arrays of its last update with views of their memory (a training step hands
     * the same ones every time, so {@link #supports} checks their layout and {@link #update} makes
     * their views once).
     */
    private static final class Moments {
        final float[] m;
        final float[] v;
        final INDArray mSlot;
        final INDArray vSlot;
        INDArray grad;
        FloatBuffer gradView;
        INDArray var;
        FloatBuffer varView;

        Moments(float[] m, float[] v, INDArray mSlot, INDArray vSlot) {
            this.m = m;
            this.v = v;
            this.mSlot = mSlot;
            this.vSlot = vSlot;
        }

        /** Makes {@code grad} and {@code var} the arrays of this variable's updates, with views of their memory. */
        void use(INDArray grad, INDArray var) {
            if (this.grad != grad) {
                this.grad = grad;
                this.gradView = HostFloats.view(grad);
            }
            if (this.var != var) {
                this.var = var;
                this.varView = HostFloats.view(var);
            }
        }
    }

    private final Map<Object, Moments> moments = new IdentityHashMap<>();
    private float[] g = new float[0];
    private float[] w = new float[0];

    /** True when this kernel can update {@code key}'s arrays (else the caller uses the native updater). */
    boolean supports(Object key, INDArray grad, INDArray var, INDArray mSlot, INDArray vSlot) {
        Moments state = moments.get(key);
        if (state != null && state.grad == grad && state.var == var && state.mSlot == mSlot && state.vSlot == vSlot) {
            return true;
        }
        return supports(grad, var, mSlot, vSlot);
    }

    static boolean supports(INDArray grad, INDArray var, INDArray mSlot, INDArray vSlot) {
        long n = var.length();
        return ENABLED && n <= MAX_ELEMENTS && grad.length() == n && mSlot.length() == n && vSlot.length() == n
                && HostFloats.isDense(grad) && HostFloats.isDense(var) && HostFloats.isDense(mSlot) && HostFloats.isDense(vSlot);
    }

    /**
     * {@code m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g^2;  var -= stepSize m / (sqrt(v) + eps)}, in place,
     * where {@code stepSize} already holds the bias correction {@code lr sqrt(1 - b2^t) / (1 - b1^t)}.
     * The moments of {@code key} are read from {@code mSlot} and {@code vSlot} on its first update
     * after a {@link #writeBack}, and kept on the heap until the next one.
     */
    void update(Object key, INDArray grad, INDArray var, INDArray mSlot, INDArray vSlot, double stepSize, double beta1,
            double beta2, double epsilon) {
        int n = (int) var.length();
        Moments state = moments.get(key);
        if (state == null || state.mSlot != mSlot || state.vSlot != vSlot) {
            state = new Moments(HostFloats.read(mSlot), HostFloats.read(vSlot), mSlot, vSlot);
            moments.put(key, state);
        }
        if (g.length < n) {
            g = new float[n];
            w = new float[n];
        }
        float[] m = state.m;
        float[] v = state.v;
        float s = (float) stepSize;
        float b1 = (float) beta1;
        float b2 = (float) beta2;
        float c1 = (float) (1 - beta1); // in double: 1f - 0.999f is not 0.001f
        float c2 = (float) (1 - beta2);
        float eps = (float) epsilon;
        state.use(grad, var);
        FloatBuffer gradView = state.gradView;
        FloatBuffer varView = state.varView;
        // blocks of whole cache lines, copied and updated by several threads: each touches its own range
        // through absolute reads and writes, which leave the shared views' positions alone
        int blocks = n < PARALLEL_MIN ? 1 : ParallelBlocks.threads();
        ParallelBlocks.run(blocks, (i, count) -> {
            int from = ParallelBlocks.edge(n, i, count);
            int len = ParallelBlocks.edge(n, i + 1, count) - from;
            gradView.get(from, g, from, len);
            varView.get(from, w, from, len);
            step(g, w, m, v, from, from + len, s, b1, c1, b2, c2, eps);
            varView.put(from, w, from, len);
        });
    }

    /** Copies every variable's heap moments into its slot arrays and forgets them. */
    void writeBack() {
        for (Moments state : moments.values()) {
            HostFloats.write(state.m, state.mSlot);
            HostFloats.write(state.v, state.vSlot);
        }
        moments.clear();
    }

    /** True when {@code key}'s moments are on the heap, newer than its slots. */
    boolean holds(Object key) {
        return moments.containsKey(key);
    }

    /** The loop itself: kept free of calls and branches so that C2 vectorises it. */
    private static void step(float[] g, float[] w, float[] m, float[] v, int from, int to, float stepSize, float b1, float c1,
            float b2, float c2, float eps) {
        for (int i = from; i < to; i++) {
            float gi = g[i];
            float mi = b1 * m[i] + c1 * gi;
            float vi = b2 * v[i] + c2 * gi * gi;
            m[i] = mi;
            v[i] = vi;
            w[i] -= stepSize * mi / ((float) Math.sqrt(vi) + eps);
        }
    }
}
