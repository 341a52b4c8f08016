package org.keras4j.framework.autodiff;

import static org.keras4j.framework.autodiff.Nodes.make;

import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Whole-sequence recurrent ops. {@link #lstm} runs a tanh/sigmoid LSTM over every timestep as one
 * tape node with Keras's weight layout: kernel {@code (features, 4u)}, recurrent kernel
 * {@code (u, 4u)}, bias {@code (4u)}, gate blocks in the order i, f, c, o.
 * <ul>
 *   <li>forward: the input product of every timestep in one GEMM ({@code (T*B, F) @ (F, 4u)}), then
 *       per step one GEMM {@code h @ U} accumulated in place and the gate activations; the activated
 *       gates, cell states and outputs of every step are kept (time-major, so each step's block is
 *       contiguous);</li>
 *   <li>backward: per step the gate gradients and one GEMM {@code dz @ U^T}; then the kernel,
 *       recurrent-kernel, bias and input gradients as single GEMMs/reductions over all timesteps.</li>
 * </ul>
 *
 * <p>Why not libnd4j's {@code lstmLayer}/{@code lstmLayer_bp}: in nd4j-native 1.0.0-M2.1 they share
 * this gate order and give the same numbers, but leak native memory (measured: about 22 MB per
 * forward+backward call at batch 128, 28 steps, 128 units, about 2 MB per forward call), which
 * killed a 5-epoch Fashion-MNIST run; the backward also recomputes the forward pass.
 *
 * <pre>{@code
 * RnnOps.LstmResult r = RnnOps.lstm(x, kernel, recurrentKernel, bias, null, null);
 * Tensor last = r.lastOutput();   // (batch, units)
 * }</pre>
 */
public final class RnnOps {
    private RnnOps() {
    }

    /** The outputs of an LSTM over a sequence: every step's output, the last output and the last cell state. */
    public record LstmResult(Tensor sequence, Tensor lastOutput, Tensor lastCell) {
    }

    /**
     * An LSTM over {@code x} {@code (batch, timesteps, features)}:
     * {@code z = x_t W + h U + b}, split into {@code i, f, g, o};
     * {@code c' = sigmoid(f) c + sigmoid(i) tanh(g)}, {@code h' = sigmoid(o) tanh(c')}.
     *
     * @param bias null for no bias
     * @param h0 initial output {@code (batch, u)}, or null for zeros
     * @param c0 initial cell state {@code (batch, u)}, or null for zeros
     */
    public static LstmResult lstm(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor h0, Tensor c0) {
        if (x.rank() != 3) {
            throw new IllegalArgumentException("lstm: expected input (batch, timesteps, features), received shape " + Shape.format(x.shape()));
        }
        long batch = x.size(0);
        long units = recurrentKernel.size(0);
        if (kernel.size(0) != x.size(2) || kernel.size(1) != 4 * units || recurrentKernel.size(1) != 4 * units
                || (bias != null && bias.value().length() != 4 * units)) {
            throw new IllegalArgumentException("lstm: weights " + Shape.format(kernel.shape()) + ", " + Shape.format(recurrentKernel.shape())
                    + (bias == null ? "" : ", " + Shape.format(bias.shape())) + " do not fit input " + Shape.format(x.shape())
                    + " with " + units + " units");
        }
        Tensor hInit = h0 != null ? h0 : Tensor.constant(Nd4j.zeros(x.dataType(), batch, units));
        Tensor cInit = c0 != null ? c0 : Tensor.constant(Nd4j.zeros(x.dataType(), batch, units));
        return run(x, kernel, recurrentKernel, bias, hInit, cInit);
    }

    private static LstmResult run(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor hInit, Tensor cInit) {
        long b = x.size(0);
        long steps = x.size(1);
        long f = x.size(2);
        long u = recurrentKernel.size(0);
        INDArray w = kernel.value();
        INDArray rk = recurrentKernel.value();
        INDArray h0 = hInit.value();
        INDArray c0 = cInit.value();

        // time-major input (T*B, F), and every step's gate pre-activations from the input in one product
        INDArray xTm = x.value().permute(1, 0, 2).dup('c').reshape('c', steps * b, f);
        INDArray gates = Ops.product(xTm, w, false, false);
        if (bias != null) {
            Nodes.exec("biasadd", new INDArray[] {gates, bias.value()}, new INDArray[] {gates}, null, null);
        }
        gates = gates.reshape('c', steps, b, 4 * u);
        INDArray cells = Nd4j.createUninitialized(x.dataType(), steps, b, u);
        INDArray tanhCells = Nd4j.createUninitialized(x.dataType(), steps, b, u);
        INDArray outputs = Nd4j.createUninitialized(x.dataType(), steps, b, u);
        INDArray h = h0;
        INDArray c = c0;
        for (long t = 0; t < steps; t++) {
            INDArray z = gates.slice(t);
            Nd4j.gemm(h, rk, z, false, false, 1.0, 1.0);
            INDArray gi = cols(z, 0, u);
            INDArray gf = cols(z, u, 2 * u);
            INDArray gg = cols(z, 2 * u, 3 * u);
            INDArray go = cols(z, 3 * u, 4 * u);
            Transforms.tanh(gg, false);
            Transforms.sigmoid(cols(z, 0, 2 * u), false);
            Transforms.sigmoid(go, false);
            INDArray ct = cells.slice(t);
            gf.mul(c, ct).addi(gi.mul(gg));
            INDArray tc = tanhCells.slice(t);
            tc.assign(ct);
            Transforms.tanh(tc, false);
            INDArray ht = outputs.slice(t);
            go.mul(tc, ht);
            h = ht;
            c = ct;
        }
        // One node holds both results, (batch, steps + 1, units): steps 0..T-1 are h, step T is the last
        // cell state, so one backward pass receives the gradients of the sequence, last h and last c.
        INDArray packed = Nd4j.createUninitialized(x.dataType(), b, steps + 1, u);
        packed.get(NDArrayIndex.all(), NDArrayIndex.interval(0, steps), NDArrayIndex.all()).assign(outputs.permute(1, 0, 2));
        packed.get(NDArrayIndex.all(), NDArrayIndex.point(steps), NDArrayIndex.all()).assign(c);

        final INDArray gatesF = gates;
        Tensor[] inputs = bias != null ? new Tensor[] {x, kernel, recurrentKernel, bias, hInit, cInit}
                : new Tensor[] {x, kernel, recurrentKernel, hInit, cInit};
        Tensor node = make(packed, g -> {
            INDArray dOut = g.get(NDArrayIndex.all(), NDArrayIndex.interval(0, steps), NDArrayIndex.all())
                    .permute(1, 0, 2).dup('c');
            INDArray dc = g.get(NDArrayIndex.all(), NDArrayIndex.point(steps), NDArrayIndex.all()).dup('c');
            INDArray dGates = Nd4j.createUninitialized(x.dataType(), steps, b, 4 * u);
            INDArray dhNext = null;
            for (long t = steps - 1; t >= 0; t--) {
                INDArray dh = dOut.slice(t);
                if (dhNext != null) {
                    dh.addi(dhNext);
                }
                INDArray z = gatesF.slice(t);
                INDArray gi = cols(z, 0, u);
                INDArray gf = cols(z, u, 2 * u);
                INDArray gg = cols(z, 2 * u, 3 * u);
                INDArray go = cols(z, 3 * u, 4 * u);
                INDArray tc = tanhCells.slice(t);
                INDArray cPrev = t > 0 ? cells.slice(t - 1) : c0;
                INDArray dz = dGates.slice(t);
                // h = o * tanh(c): dc += dh * o * (1 - tanh(c)^2); do = dh * tanh(c)
                dc.addi(tc.mul(tc).rsubi(1.0).muli(go).muli(dh));
                cols(dz, 3 * u, 4 * u).assign(dh.mul(tc).muli(sigmoidSlope(go)));
                // c = f * cPrev + i * g
                cols(dz, 0, u).assign(dc.mul(gg).muli(sigmoidSlope(gi)));
                cols(dz, u, 2 * u).assign(dc.mul(cPrev).muli(sigmoidSlope(gf)));
                cols(dz, 2 * u, 3 * u).assign(dc.mul(gi).muli(gg.mul(gg).rsubi(1.0)));
                dc.muli(gf);
                dhNext = Ops.product(dz, rk, false, true);
            }
            INDArray dzFlat = dGates.reshape('c', steps * b, 4 * u);
            INDArray dW = kernel.requiresGrad ? Ops.product(xTm, dzFlat, true, false) : null;
            INDArray dU = null;
            if (recurrentKernel.requiresGrad) {
                // previous outputs of every step: h0, then the outputs of steps 0..T-2
                INDArray prev = Nd4j.createUninitialized(x.dataType(), steps, b, u);
                prev.slice(0).assign(h0);
                if (steps > 1) {
                    prev.get(NDArrayIndex.interval(1, steps), NDArrayIndex.all(), NDArrayIndex.all())
                            .assign(outputs.get(NDArrayIndex.interval(0, steps - 1), NDArrayIndex.all(), NDArrayIndex.all()));
                }
                dU = Ops.product(prev.reshape('c', steps * b, u), dzFlat, true, false);
            }
            INDArray dX = null;
            if (x.requiresGrad) {
                dX = Ops.product(dzFlat, w, false, true).reshape('c', steps, b, f).permute(1, 0, 2).dup('c');
            }
            INDArray dh0 = hInit.requiresGrad ? dhNext : null;
            INDArray dc0 = cInit.requiresGrad ? dc : null;
            if (bias == null) {
                return new INDArray[] {dX, dW, dU, dh0, dc0};
            }
            INDArray db = bias.requiresGrad ? dzFlat.sum(0).reshape(bias.shape()) : null;
            return new INDArray[] {dX, dW, dU, db, dh0, dc0};
        }, inputs);
        Tensor sequence = SequenceOps.slice(node, 1, 0, steps);
        Tensor lastOutput = SequenceOps.timestep(node, steps - 1);
        Tensor lastCell = SequenceOps.timestep(node, steps);
        return new LstmResult(sequence, lastOutput, lastCell);
    }

    /** {@code s * (1 - s)}: the sigmoid's derivative from its output. */
    private static INDArray sigmoidSlope(INDArray s) {
        return s.rsub(1.0).muli(s);
    }

    /** Columns {@code [from, to)} of a matrix, as a view. */
    private static INDArray cols(INDArray m, long from, long to) {
        return m.get(new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.interval(from, to)});
    }
}
