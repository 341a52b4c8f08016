package org.keras4j.framework.autodiff;

import org.keras4j.framework.backend.HostFloats;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise half of {@link RnnOps#gru} (Keras's reset-after GRU with sigmoid gates and a tanh
 * candidate) as host loops over float32 copies, like {@link HostLstmCell}: every array here is
 * transposed, {@code (rows, batch)}; a step's input part and recurrent part are {@code (3u, B)}
 * blocks in Keras's gate order z, r, h. Forward per element:
 * {@code z = s(xz + rz)}, {@code r = s(xr + rr)}, {@code hh = tanh(xh + r rh)},
 * {@code h = hh + z (hPrev - hh)}, where the recurrent parts carry the recurrent bias.
 * One short loop per formula, so that the JIT vectorises each (see {@link HostLstmCell}).
 */
final class HostGruCell implements HostRecurrentCell {
    private final int n;
    private final int batch;
    private final float[] recurrentBias;
    private final float[][] z;
    private final float[][] r;
    private final float[][] candidate;
    private final float[][] recurrentCandidate;
    private final float[][] outputs;
    private final float[] h0;
    private float[] carry;
    private float[] dh;
    private float[] dhRecurrent;
    private float[] dz;
    private float[] dr;
    private float[] dCandidate;
    private float[] dRecurrentCandidate;

    /**
     * @param h0 the initial state, {@code (u, B)}, dense float32
     * @param recurrentBias {@code (3u)}, or null
     */
    HostGruCell(long steps, INDArray h0, INDArray recurrentBias) {
        n = (int) h0.length();
        batch = (int) h0.size(1);
        this.h0 = HostFloats.read(h0);
        this.recurrentBias = recurrentBias == null ? null : HostFloats.read(recurrentBias.dup('c'));
        int t = (int) steps;
        z = new float[t][];
        r = new float[t][];
        candidate = new float[t][];
        recurrentCandidate = new float[t][];
        outputs = new float[t][];
    }

    /** The recurrent part is {@code U^T h} without the recurrent bias, which this cell adds. */
    @Override
    public void forward(int t, INDArray x, INDArray rec, INDArray out) {
        float[] hPrev = t > 0 ? outputs[t - 1] : h0;
        float[] zt = part(rec, 0);
        float[] rt = part(rec, 1);
        float[] rh = part(rec, 2);
        float[] xz = part(x, 0);
        float[] xr = part(x, 1);
        float[] hh = part(x, 2);
        addRecurrentBias(zt, rt, rh);
        float[] h = new float[n];
        for (int j = 0; j < n; j++) {
            zt[j] = RationalTanh.sigmoid(zt[j] + xz[j]);
        }
        for (int j = 0; j < n; j++) {
            rt[j] = RationalTanh.sigmoid(rt[j] + xr[j]);
        }
        for (int j = 0; j < n; j++) {
            hh[j] = RationalTanh.tanh(hh[j] + rt[j] * rh[j]);
        }
        for (int j = 0; j < n; j++) {
            h[j] = hh[j] + zt[j] * (hPrev[j] - hh[j]);
        }
        z[t] = zt;
        r[t] = rt;
        candidate[t] = hh;
        recurrentCandidate[t] = rh;
        outputs[t] = h;
        HostFloats.write(h, out);
    }

    /** A host copy of gate {@code k} of a {@code (3u, B)} block (whose rows may lie apart). */
    private float[] part(INDArray block, int k) {
        float[] v = new float[n];
        HostFloats.readRows(block, (long) k * (n / block.size(1)), v);
        return v;
    }

    /** Adds the recurrent bias to the three recurrent parts, row by row (a row is one unit over the batch). */
    private void addRecurrentBias(float[] zt, float[] rt, float[] rh) {
        if (recurrentBias == null) {
            return;
        }
        int units = n / batch;
        float[][] parts = {zt, rt, rh};
        for (int k = 0; k < 3; k++) {
            float[] p = parts[k];
            for (int row = 0; row < units; row++) {
                float b = recurrentBias[k * units + row];
                int base = row * batch;
                for (int j = base; j < base + batch; j++) {
                    p[j] += b;
                }
            }
        }
    }

    @Override
    public void startBackward() {
        carry = new float[n];
        dh = new float[n];
        dhRecurrent = new float[n];
        dz = new float[n];
        dr = new float[n];
        dCandidate = new float[n];
        dRecurrentCandidate = new float[n];
    }

    /**
     * Step {@code t} backward: {@code dOut} is the gradient reaching {@code h_t} from outside and
     * {@code dhFromNext} the recurrent product's gradient from step {@code t + 1} (null for the last
     * step); writes the gradients of the input part into {@code dx} and of the recurrent part into
     * {@code drec}, both {@code (3u, B)}, and carries the direct path {@code z dh} to step {@code t - 1}.
     */
    @Override
    public void backward(int t, INDArray dOut, INDArray dhFromNext, INDArray dx, INDArray drec) {
        HostRecurrentCell.readStepGradients(dOut, dhFromNext, dh, dhRecurrent);
        float[] hPrev = t > 0 ? outputs[t - 1] : h0;
        float[] zt = z[t];
        float[] rt = r[t];
        float[] hh = candidate[t];
        float[] rh = recurrentCandidate[t];
        float[] g = dh;
        float[] c = carry;
        for (int j = 0; j < n; j++) {
            g[j] += dhRecurrent[j] + c[j];
        }
        // h = hh + z (hPrev - hh): dz = dh (hPrev - hh), dhh = dh (1 - z), dhPrev (direct) = dh z
        for (int j = 0; j < n; j++) {
            dz[j] = g[j] * (hPrev[j] - hh[j]) * zt[j] * (1f - zt[j]);
        }
        for (int j = 0; j < n; j++) {
            dCandidate[j] = g[j] * (1f - zt[j]) * (1f - hh[j] * hh[j]);
        }
        for (int j = 0; j < n; j++) {
            c[j] = g[j] * zt[j];
        }
        // hh = tanh(xh + r rh): the candidate's pre-activation gradient reaches r through rh and rh through r
        for (int j = 0; j < n; j++) {
            dr[j] = dCandidate[j] * rh[j] * rt[j] * (1f - rt[j]);
        }
        for (int j = 0; j < n; j++) {
            dRecurrentCandidate[j] = dCandidate[j] * rt[j];
        }
        long u = n / dx.size(1);
        HostFloats.writeRows(dz, dx, 0);
        HostFloats.writeRows(dr, dx, u);
        HostFloats.writeRows(dCandidate, dx, 2 * u);
        HostFloats.writeRows(dz, drec, 0);
        HostFloats.writeRows(dr, drec, u);
        HostFloats.writeRows(dRecurrentCandidate, drec, 2 * u);
    }

    /** The direct path {@code z dh} plus {@code dhFromFirst}. */
    @Override
    public INDArray initialStateGradient(INDArray dhFromFirst, long[] shape) {
        float[] total = HostFloats.read(dhFromFirst);
        for (int j = 0; j < n; j++) {
            total[j] += carry[j];
        }
        return HostFloats.toArray(total, shape);
    }
}
