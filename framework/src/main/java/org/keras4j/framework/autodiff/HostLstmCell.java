package org.keras4j.framework.autodiff;

import org.keras4j.framework.backend.HostFloats;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link LstmCellKernel} for float32 on the CPU backend: each step's element-wise work is one loop
 * over host copies, which the JIT turns into SIMD code, with {@link RationalTanh} for the
 * activations. The native kernel spends 8 libnd4j calls on a forward step and 17 on a backward
 * step, each 10-30 us of call overhead on these 2-core machines, and its sigmoid and tanh cost
 * 6-9 ns per element; here a step costs two bulk copies and one pass. A deviation from DESIGN.md's
 * "no numeric kernels in Java", like {@code HostAdam}, measured with
 * {@code benchmarks/.../StepProfile --model lstm}; {@code -Dkeras4j.rnn.kernel=native} turns it off.
 * The activations differ from libnd4j's by at most a few float32 ulps.
 */
final class HostLstmCell implements LstmCellKernel {
    static final boolean ENABLED = !"native".equals(System.getProperty("keras4j.rnn.kernel"));

    private final int n;
    private final long[] stateShape;
    /** Per step: the activated gates i, f, o, g, each {@code n = u * B} long. */
    private final float[][] gates;
    private final float[][] cells;
    private final float[][] tanhCells;
    private final float[] c0;
    private final float[] h;
    private float[] dc;
    private float[] dh;
    private float[] dhNext;
    private float[] dz;

    /** True when this kernel can run an LSTM over {@code x} (else the caller uses {@link NativeLstmCell}). */
    static boolean supports(INDArray x, long u, long batch) {
        return ENABLED && x.dataType() == DataType.FLOAT && Nd4j.getEnvironment().isCPU() && 4 * u * batch <= Integer.MAX_VALUE;
    }

    /** @param c0 the initial cell state, {@code (u, B)}, dense float32 */
    HostLstmCell(long steps, INDArray c0) {
        n = (int) c0.length();
        stateShape = c0.shape();
        gates = new float[(int) steps][];
        cells = new float[(int) steps][];
        tanhCells = new float[(int) steps][];
        this.c0 = new float[n];
        HostFloats.read(c0, this.c0);
        h = new float[n];
    }

    @Override
    public void forward(long t, INDArray z, INDArray out) {
        int s = (int) t;
        float[] a = new float[4 * n];
        HostFloats.read(z, a);
        float[] cPrev = s > 0 ? cells[s - 1] : c0;
        float[] c = new float[n];
        float[] tc = new float[n];
        int n2 = 2 * n;
        int n3 = 3 * n;
        for (int j = 0; j < n; j++) {
            float si = RationalTanh.sigmoid(a[j]);
            float sf = RationalTanh.sigmoid(a[n + j]);
            float so = RationalTanh.sigmoid(a[n2 + j]);
            float g = RationalTanh.tanh(a[n3 + j]);
            float cj = sf * cPrev[j] + si * g;
            float tcj = RationalTanh.tanh(cj);
            a[j] = si;
            a[n + j] = sf;
            a[n2 + j] = so;
            a[n3 + j] = g;
            c[j] = cj;
            tc[j] = tcj;
            h[j] = so * tcj;
        }
        gates[s] = a;
        cells[s] = c;
        tanhCells[s] = tc;
        HostFloats.write(h, out);
    }

    @Override
    public INDArray lastCell() {
        return toArray(cells[cells.length - 1]);
    }

    @Override
    public void startBackward(INDArray dLastCell) {
        dc = new float[n];
        dh = new float[n];
        dhNext = new float[n];
        dz = new float[4 * n];
        HostFloats.read(dLastCell.dup('c'), dc);
    }

    @Override
    public void backward(long t, INDArray dOut, INDArray dhFromNext, INDArray dzOut) {
        int s = (int) t;
        HostFloats.read(dOut, dh);
        if (dhFromNext != null) {
            HostFloats.read(dhFromNext, dhNext); // else still zeros: the last step
        }
        float[] a = gates[s];
        float[] cPrev = s > 0 ? cells[s - 1] : c0;
        float[] tc = tanhCells[s];
        int n2 = 2 * n;
        int n3 = 3 * n;
        for (int j = 0; j < n; j++) {
            float dhj = dh[j] + dhNext[j];
            float si = a[j];
            float sf = a[n + j];
            float so = a[n2 + j];
            float g = a[n3 + j];
            float tcj = tc[j];
            // h = o tanh(c), c = f cPrev + i g; the sigmoid slopes are s (1 - s), tanh's 1 - tanh^2
            float dcj = dc[j] + dhj * so * (1f - tcj * tcj);
            dz[j] = dcj * g * si * (1f - si);
            dz[n + j] = dcj * cPrev[j] * sf * (1f - sf);
            dz[n2 + j] = dhj * tcj * so * (1f - so);
            dz[n3 + j] = dcj * si * (1f - g * g);
            dc[j] = dcj * sf;
        }
        HostFloats.write(dz, dzOut);
    }

    @Override
    public INDArray initialCellGradient() {
        return toArray(dc);
    }

    /** A new native array of the state's shape, {@code (u, B)}, holding {@code host}. */
    private INDArray toArray(float[] host) {
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, stateShape);
        HostFloats.write(host, out);
        return out;
    }
}
