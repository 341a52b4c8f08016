package org.keras4j.framework.autodiff;

import org.keras4j.framework.backend.HostFloats;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@link LstmCellKernel} for float32 on the CPU backend: each step's element-wise work is a few short
 * loops over host copies, which the JIT turns into SIMD code, with {@link RationalTanh} for the
 * activations. The native kernel spends 8 libnd4j calls on a forward step and 17 on a backward
 * step, each 10-30 us of call overhead on these 2-core machines, and its sigmoid and tanh cost
 * 6-9 ns per element; here a step costs a few bulk copies and about 4 ns per element. A deviation
 * from DESIGN.md's "no numeric kernels in Java", like {@code HostAdam}, measured with
 * {@code benchmarks/.../StepProfile --model lstm}; {@code -Dkeras4j.rnn.kernel=native} turns it off
 * (see {@link RnnOps#canRunHostCells}). The activations differ from libnd4j's by at most a few float32 ulps.
 */
final class HostLstmCell implements LstmCellKernel {

    private final int n;
    private final long[] stateShape;
    /** Per step: the activated gates i, f, o, g, each {@code n = u * B} long. */
    private final float[][][] gates;
    private final float[][] cells;
    private final float[][] tanhCells;
    private final float[] c0;
    private final float[] h;
    private float[] dc;
    private float[] dh;
    private float[] dhNext;
    private float[][] dz;

    /** @param c0 the initial cell state, {@code (u, B)}, dense float32 */
    HostLstmCell(long steps, INDArray c0) {
        n = (int) c0.length();
        stateShape = c0.shape();
        gates = new float[(int) steps][][];
        cells = new float[(int) steps][];
        tanhCells = new float[(int) steps][];
        this.c0 = HostFloats.read(c0);
        h = new float[n];
    }

    // The JIT vectorises a loop only when its body is small enough to unroll, and only when it can
    // rule out overlap between what it reads and writes: so one array per gate, and one short loop
    // per formula (one fused loop measured 10x slower here, scalar).
    @Override
    public void forward(long t, INDArray z, INDArray out) {
        int s = (int) t;
        float[] gi = new float[n];
        float[] gf = new float[n];
        float[] go = new float[n];
        float[] gg = new float[n];
        int u = (int) stateShape[0];
        HostFloats.readRows(z, 0, gi);
        HostFloats.readRows(z, u, gf);
        HostFloats.readRows(z, 2L * u, go);
        HostFloats.readRows(z, 3L * u, gg);
        sigmoidInPlace(gi);
        sigmoidInPlace(gf);
        sigmoidInPlace(go);
        tanhInPlace(gg);
        float[] cPrev = s > 0 ? cells[s - 1] : c0;
        float[] c = new float[n];
        float[] tc = new float[n];
        float[] hs = h;
        for (int j = 0; j < n; j++) {
            c[j] = gf[j] * cPrev[j] + gi[j] * gg[j];
        }
        for (int j = 0; j < n; j++) {
            tc[j] = RationalTanh.tanh(c[j]);
        }
        for (int j = 0; j < n; j++) {
            hs[j] = go[j] * tc[j];
        }
        gates[s] = new float[][] {gi, gf, go, gg};
        cells[s] = c;
        tanhCells[s] = tc;
        HostFloats.write(hs, out);
    }

    private static void sigmoidInPlace(float[] a) {
        for (int j = 0; j < a.length; j++) {
            a[j] = RationalTanh.sigmoid(a[j]);
        }
    }

    private static void tanhInPlace(float[] a) {
        for (int j = 0; j < a.length; j++) {
            a[j] = RationalTanh.tanh(a[j]);
        }
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
        dz = new float[4][n];
        HostFloats.read(dLastCell.dup('c'), dc);
    }

    @Override
    public void backward(long t, INDArray dOut, INDArray dhFromNext, INDArray dzOut) {
        int s = (int) t;
        HostRecurrentCell.readStepGradients(dOut, dhFromNext, dh, dhNext);
        float[] gi = gates[s][0];
        float[] gf = gates[s][1];
        float[] go = gates[s][2];
        float[] gg = gates[s][3];
        float[] cPrev = s > 0 ? cells[s - 1] : c0;
        float[] tc = tanhCells[s];
        float[] dzi = dz[0];
        float[] dzf = dz[1];
        float[] dzo = dz[2];
        float[] dzg = dz[3];
        float[] dcs = dc;
        float[] dhs = dh;
        float[] dhn = dhNext;
        // h = o tanh(c), c = f cPrev + i g; the sigmoid slopes are s (1 - s), tanh's 1 - tanh^2
        for (int j = 0; j < n; j++) {
            dhs[j] += dhn[j];
        }
        for (int j = 0; j < n; j++) {
            dcs[j] += dhs[j] * go[j] * (1f - tc[j] * tc[j]);
        }
        for (int j = 0; j < n; j++) {
            dzi[j] = dcs[j] * gg[j] * gi[j] * (1f - gi[j]);
        }
        for (int j = 0; j < n; j++) {
            dzf[j] = dcs[j] * cPrev[j] * gf[j] * (1f - gf[j]);
        }
        for (int j = 0; j < n; j++) {
            dzo[j] = dhs[j] * tc[j] * go[j] * (1f - go[j]);
        }
        for (int j = 0; j < n; j++) {
            dzg[j] = dcs[j] * gi[j] * (1f - gg[j] * gg[j]);
        }
        for (int j = 0; j < n; j++) {
            dcs[j] *= gf[j];
        }
        int u = (int) stateShape[0];
        for (int k = 0; k < 4; k++) {
            HostFloats.writeRows(dz[k], dzOut, (long) k * u);
        }
    }

    @Override
    public INDArray initialCellGradient() {
        return toArray(dc);
    }

    /** A new native array of the state's shape, {@code (u, B)}, holding {@code host}. */
    private INDArray toArray(float[] host) {
        return HostFloats.toArray(host, stateShape);
    }
}
