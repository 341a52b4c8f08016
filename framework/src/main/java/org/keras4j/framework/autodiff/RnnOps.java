package org.keras4j.framework.autodiff;

import static org.keras4j.framework.autodiff.Nodes.make;

import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Whole-sequence recurrent ops. {@link #lstm} runs a tanh/sigmoid LSTM over every timestep as one
 * tape node with Keras's weight layout: kernel {@code (features, 4u)}, recurrent kernel
 * {@code (u, 4u)}, bias {@code (4u)}, gate blocks in the order i, f, c, o.
 * <ul>
 *   <li>forward: one GEMM {@code W^T X^T} for every step's input part (the bias is one more row of W,
 *       against a column of ones in x) into gate-major gates {@code (4u, T, B)}; then per step
 *       {@code U^T h} added into the step's {@code (4u, B)} block and the element-wise rest of the step,
 *       a {@link LstmCellKernel} (host loops for float32 on the CPU, {@link HostLstmCell}; libnd4j ops
 *       otherwise, {@link NativeLstmCell}). The state is kept transposed ({@code (u, B)}) so that every
 *       gate row is contiguous;</li>
 *   <li>backward: per step the gate gradients (gate-major too) and one GEMM {@code U dz}; then one
 *       GEMM each for the kernel (with bias), recurrent-kernel and input gradients over all steps.</li>
 * </ul>
 * {@link #gru} runs Keras's reset-after GRU and {@link #simpleRnn} a tanh SimpleRNN the same way, float32 on the
 * CPU only ({@link HostGruCell}, {@link HostSimpleRnnCell}).
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
    private static final boolean HOST_CELLS = !"native".equals(System.getProperty("keras4j.rnn.kernel"));

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
        // Gate rows in the order i, f, o, g: the three sigmoid gates form one block. The bias is one
        // more kernel row, fed by a column of ones in the input: it rides along every input product
        // and its gradient falls out of the kernel's.
        long fb = bias != null ? f + 1 : f;
        INDArray w = Nd4j.createUninitialized(x.dataType(), fb, 4 * u);
        toInternalOrder(kernel.value(), u, w.get(NDArrayIndex.interval(0, f), NDArrayIndex.all()));
        if (bias != null) {
            toInternalOrder(bias.value().reshape(1, 4 * u), u, biasRow(w, f));
        }
        INDArray rk = toInternalOrder(recurrentKernel.value(), u, Nd4j.createUninitialized(x.dataType(), u, 4 * u));
        INDArray h0 = hInit.value();
        INDArray c0 = cInit.value();

        // The input time-major, (T, B, F [+ 1]); the gates gate-major, (4u, T, B), so that every step's
        // input product W^T x_t^T is one product for all steps, W^T X^T. Step t's gates are then a
        // (4u, B) view with rows T*B apart, to which U^T h is added; each row is contiguous, which is
        // all the cells need.
        INDArray xSteps = timeMajor(x.value(), bias != null);
        INDArray gates = Nd4j.createUninitialized(x.dataType(), 4 * u, steps, b);
        Gemm.into(w, xSteps.reshape('c', steps * b, fb), gates.reshape('c', 4 * u, steps * b), true, true, 0.0);
        INDArray outputs = Nd4j.createUninitialized(x.dataType(), steps, u, b);
        INDArray h0T = h0.transpose().dup('c');
        INDArray c0T = c0.transpose().dup('c');
        LstmCellKernel cell = canRunHostCells(x) && 4 * u * b <= Integer.MAX_VALUE ? new HostLstmCell(steps, c0T)
                : new NativeLstmCell(steps, c0T);
        INDArray h = h0T;
        for (long t = 0; t < steps; t++) {
            INDArray z = step(gates, t);
            Gemm.into(rk, h, z, true, false, 1.0);
            h = outputs.slice(t);
            cell.forward(t, z, h);
        }
        // One node holds both results, (batch, steps + 1, units): steps 0..T-1 are h, step T is the last
        // cell state, so one backward pass receives the gradients of the sequence, last h and last c.
        INDArray packed = Nd4j.createUninitialized(x.dataType(), b, steps + 1, u);
        packed.get(NDArrayIndex.all(), NDArrayIndex.interval(0, steps), NDArrayIndex.all()).assign(outputs.permute(2, 0, 1));
        packed.get(NDArrayIndex.all(), NDArrayIndex.point(steps), NDArrayIndex.all()).assign(cell.lastCell().transpose());

        Tensor[] inputs = bias != null ? new Tensor[] {x, kernel, recurrentKernel, bias, hInit, cInit}
                : new Tensor[] {x, kernel, recurrentKernel, hInit, cInit};
        Tensor node = make(packed, g -> {
            INDArray dOut = Nd4j.createUninitialized(x.dataType(), steps, u, b);
            dOut.assign(g.get(NDArrayIndex.all(), NDArrayIndex.interval(0, steps), NDArrayIndex.all()).permute(1, 2, 0));
            cell.startBackward(g.get(NDArrayIndex.all(), NDArrayIndex.point(steps), NDArrayIndex.all()).transpose());
            // Gate gradients gate-major, (4u, T, B): the recurrence needs one step's (4u, B) block at a
            // time (a view with rows T*B apart), and the weight and input gradients are then one product
            // each over all steps instead of one per step (fewer, larger products: 3 calls, not 3T).
            INDArray dGates = Nd4j.createUninitialized(x.dataType(), 4 * u, steps, b);
            INDArray dhNext = null;
            for (long t = steps - 1; t >= 0; t--) {
                INDArray dz = step(dGates, t);
                cell.backward(t, dOut.slice(t), dhNext, dz);
                dhNext = Gemm.of(rk, dz);
            }
            INDArray dZ = dGates.reshape('c', 4 * u, steps * b);
            boolean biasGrad = bias != null && bias.requiresGrad;
            // kernel (with the bias row) and recurrent-kernel gradients, transposed: (4u, F [+ 1]) and (4u, u)
            INDArray dWt = kernel.requiresGrad || biasGrad ? Gemm.of(dZ, xSteps.reshape('c', steps * b, fb)) : null;
            INDArray dUt = recurrentKernel.requiresGrad ? recurrentKernelGradient(dZ, h0T, outputs) : null;
            INDArray dW = kernel.requiresGrad ? fromInternalOrder(cols(dWt, 0, f).transpose(), u) : null;
            INDArray dU = dUt == null ? null : fromInternalOrder(dUt.transpose(), u);
            INDArray dX = x.requiresGrad ? inputGradientAllSteps(w, f, dZ, steps, b) : null;
            INDArray dh0 = hInit.requiresGrad ? dhNext.transpose().dup('c') : null;
            INDArray dc0 = cInit.requiresGrad ? cell.initialCellGradient().transpose().dup('c') : null;
            if (bias == null) {
                return new INDArray[] {dX, dW, dU, dh0, dc0};
            }
            INDArray db = biasGrad ? fromInternalOrder(cols(dWt, f, fb).transpose(), u).reshape(bias.shape()) : null;
            return new INDArray[] {dX, dW, dU, db, dh0, dc0};
        }, inputs);
        Tensor sequence = SequenceOps.slice(node, 1, 0, steps);
        Tensor lastOutput = SequenceOps.timestep(node, steps - 1);
        Tensor lastCell = SequenceOps.timestep(node, steps);
        return new LstmResult(sequence, lastOutput, lastCell);
    }

    /**
     * True when the recurrent cells over {@code x} can run as host loops ({@link HostLstmCell},
     * {@link HostGruCell}, {@link HostSimpleRnnCell}): float32 on the CPU, unless
     * {@code -Dkeras4j.rnn.kernel=native}. {@link #gru} and {@link #simpleRnn} exist only that way.
     */
    public static boolean canRunHostCells(Tensor x) {
        return HOST_CELLS && x.dataType() == DataType.FLOAT && Nd4j.getEnvironment().isCPU();
    }

    /**
     * Keras's GRU with {@code reset_after=True} (the Keras 3 and cuDNN form) over {@code x}
     * {@code (batch, timesteps, features)}, with sigmoid gates and a tanh candidate, as one tape node:
     * kernel {@code (features, 3u)}, recurrent kernel {@code (u, 3u)}, gate blocks z, r, h;
     * {@code z = s(x Wz + bz + h Uz + cz)}, {@code r = s(x Wr + br + h Ur + cr)},
     * {@code hh = tanh(x Wh + bh + r (h Uh + ch))}, {@code h' = z h + (1 - z) hh}. Per step two GEMMs
     * (input and recurrent parts, transposed as in {@link #lstm}) and a {@link HostGruCell} pass;
     * backward three GEMMs. Requires {@link #canRunHostCells}.
     *
     * @param inputBias {@code b} {@code (3u)}, or null
     * @param recurrentBias {@code c} {@code (3u)}, or null
     * @param h0 initial state {@code (batch, u)}, or null for zeros
     * @return every step's output, {@code (batch, timesteps, u)}
     */
    public static Tensor gru(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor inputBias, Tensor recurrentBias, Tensor h0) {
        return hostRecurrence("gru", 3, x, kernel, recurrentKernel, inputBias, recurrentBias, h0,
                (steps, h0T) -> new HostGruCell(steps, h0T, recurrentBias == null ? null : recurrentBias.value()));
    }

    /**
     * Keras's SimpleRNN with tanh over {@code x} {@code (batch, timesteps, features)} as one tape node:
     * {@code h' = tanh(x W + b + h U)}, kernel {@code (features, u)}, recurrent kernel {@code (u, u)}.
     * Per step two GEMMs and a {@link HostSimpleRnnCell} pass, backward three GEMMs, as
     * {@link #gru}. Requires {@link #canRunHostCells}.
     *
     * @param bias {@code (u)}, or null
     * @param h0 initial state {@code (batch, u)}, or null for zeros
     * @return every step's output, {@code (batch, timesteps, u)}
     */
    public static Tensor simpleRnn(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor h0) {
        return hostRecurrence("simpleRnn", 1, x, kernel, recurrentKernel, bias, null, h0, HostSimpleRnnCell::new);
    }

    /**
     * A recurrence whose step is two products, the input part {@code W^T x_t + b} (the bias a kernel
     * row against a column of ones) and the recurrent part {@code U^T h}, both {@code (G u, B)}, and a
     * host cell that turns them into the new state; as one tape node, float32 on the CPU. Laid out
     * gate-major like {@link #lstm}: one GEMM for every step's input part; backward per step the
     * cell's two part gradients and {@code U dRecurrent} for the previous step, then one GEMM each for
     * the kernel, recurrent-kernel and input gradients. The recurrent bias, when there is one, is the
     * cell's to add; its gradient is the sum of the recurrent parts' gradients.
     */
    private static Tensor hostRecurrence(String op, int gates, Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor inputBias,
            Tensor recurrentBias, Tensor h0, java.util.function.BiFunction<Long, INDArray, HostRecurrentCell> newCell) {
        if (!canRunHostCells(x)) {
            throw new IllegalArgumentException(op + ": the fused op runs float32 on the CPU, received " + x.dataType());
        }
        long b = x.size(0);
        long steps = x.size(1);
        long f = x.size(2);
        long u = recurrentKernel.size(0);
        long rows = gates * u;
        if (x.rank() != 3 || kernel.size(0) != f || kernel.size(1) != rows || recurrentKernel.size(1) != rows
                || (inputBias != null && inputBias.value().length() != rows)
                || (recurrentBias != null && recurrentBias.value().length() != rows)) {
            throw new IllegalArgumentException(op + ": weights " + Shape.format(kernel.shape()) + ", " + Shape.format(recurrentKernel.shape())
                    + " do not fit input " + Shape.format(x.shape()) + " with " + u + " units");
        }
        Tensor hInit = h0 != null ? h0 : Tensor.constant(Nd4j.zeros(x.dataType(), b, u));
        long fb = inputBias != null ? f + 1 : f;
        INDArray w = Nd4j.createUninitialized(x.dataType(), fb, rows);
        w.get(NDArrayIndex.interval(0, f), NDArrayIndex.all()).assign(kernel.value());
        if (inputBias != null) {
            biasRow(w, f).assign(inputBias.value().reshape(1, rows));
        }
        INDArray rk = recurrentKernel.value().dup('c');
        INDArray xSteps = timeMajor(x.value(), inputBias != null);
        INDArray h0T = hInit.value().transpose().dup('c');
        HostRecurrentCell cell = newCell.apply(steps, h0T);
        // gate-major input parts, (rows, T, B): every step's input product at once, as in lstm
        INDArray inputParts = Nd4j.createUninitialized(x.dataType(), rows, steps, b);
        Gemm.into(w, xSteps.reshape('c', steps * b, fb), inputParts.reshape('c', rows, steps * b), true, true, 0.0);
        INDArray recurrentPart = Nd4j.createUninitialized(x.dataType(), rows, b);
        INDArray outputs = Nd4j.createUninitialized(x.dataType(), steps, u, b);
        INDArray h = h0T;
        for (long t = 0; t < steps; t++) {
            Gemm.into(rk, h, recurrentPart, true, false, 0.0);
            h = outputs.slice(t);
            cell.forward((int) t, step(inputParts, t), recurrentPart, h);
        }
        Tensor[] inputs = java.util.stream.Stream.of(x, kernel, recurrentKernel, inputBias, recurrentBias, hInit)
                .filter(java.util.Objects::nonNull).toArray(Tensor[]::new);
        return make(batchMajor(outputs), g -> {
            INDArray dOut = Nd4j.createUninitialized(x.dataType(), steps, u, b);
            dOut.assign(g.permute(1, 2, 0));
            cell.startBackward();
            // both parts' gradients gate-major, (rows, T, B), as in lstm
            INDArray dInput = Nd4j.createUninitialized(x.dataType(), rows, steps, b);
            INDArray dRecurrent = Nd4j.createUninitialized(x.dataType(), rows, steps, b);
            INDArray dhNext = null;
            for (long t = steps - 1; t >= 0; t--) {
                cell.backward((int) t, dOut.slice(t), dhNext, step(dInput, t), step(dRecurrent, t));
                dhNext = Gemm.of(rk, step(dRecurrent, t));
            }
            INDArray dInputAll = dInput.reshape('c', rows, steps * b);
            INDArray dRecurrentAll = dRecurrent.reshape('c', rows, steps * b);
            // kernel (with the input bias row) and recurrent-kernel gradients, transposed
            boolean kernelGrads = kernel.requiresGrad || (inputBias != null && inputBias.requiresGrad);
            INDArray dWt = kernelGrads ? Gemm.of(dInputAll, xSteps.reshape('c', steps * b, fb)) : null;
            INDArray dUt = recurrentKernel.requiresGrad ? recurrentKernelGradient(dRecurrentAll, h0T, outputs) : null;
            java.util.List<INDArray> grads = new java.util.ArrayList<>();
            grads.add(x.requiresGrad ? inputGradientAllSteps(w, f, dInputAll, steps, b) : null);
            grads.add(kernel.requiresGrad ? cols(dWt, 0, f).transpose().dup('c') : null);
            grads.add(dUt == null ? null : dUt.transpose().dup('c'));
            if (inputBias != null) {
                grads.add(inputBias.requiresGrad ? cols(dWt, f, fb).dup('c').reshape(inputBias.shape()) : null);
            }
            if (recurrentBias != null) {
                grads.add(recurrentBias.requiresGrad
                        ? dRecurrentAll.sum(1).reshape(recurrentBias.shape()) : null);
            }
            grads.add(hInit.requiresGrad ? cell.initialStateGradient(dhNext, new long[] {u, b}).transpose().dup('c') : null);
            return grads.toArray(new INDArray[0]);
        }, inputs);
    }

    /**
     * {@code sum_t dz_t hPrev_t^T} as one product: {@code dZ (G, T*B)} times the previous states laid
     * side by side, {@code (u, T*B)} (h0, then the outputs of steps 0..T-2), transposed.
     */
    private static INDArray recurrentKernelGradient(INDArray dZ, INDArray h0T, INDArray outputs) {
        long steps = outputs.size(0);
        long u = outputs.size(1);
        long b = outputs.size(2);
        INDArray previous = Nd4j.createUninitialized(outputs.dataType(), u, steps, b);
        previous.get(NDArrayIndex.all(), NDArrayIndex.point(0), NDArrayIndex.all()).assign(h0T);
        if (steps > 1) {
            // outputs (T, u, B) of steps 0..T-2 into slots 1..T-1 of (u, T, B)
            previous.get(NDArrayIndex.all(), NDArrayIndex.interval(1, steps), NDArrayIndex.all())
                    .assign(outputs.get(NDArrayIndex.interval(0, steps - 1), NDArrayIndex.all(), NDArrayIndex.all()).permute(1, 0, 2));
        }
        INDArray dUt = Nd4j.createUninitialized(dZ.dataType(), dZ.size(0), u);
        Gemm.into(dZ, previous.reshape('c', u, steps * b), dUt, false, true, 0.0);
        return dUt;
    }

    /** The input's gradient {@code (B, T, F)} as one product, {@code W dZ} with the kernel rows {@code (F, G)} of {@code w}. */
    private static INDArray inputGradientAllSteps(INDArray w, long f, INDArray dZ, long steps, long b) {
        INDArray kernelRows = w.get(NDArrayIndex.interval(0, f), NDArrayIndex.all());
        INDArray dXt = Nd4j.createUninitialized(dZ.dataType(), f, steps * b);
        Gemm.into(kernelRows, dZ, dXt, false, false, 0.0);
        INDArray out = Nd4j.createUninitialized(dZ.dataType(), b, steps, f);
        out.assign(dXt.reshape('c', f, steps, b).permute(2, 1, 0));
        return out;
    }

    /** Step {@code t} of a gate-major {@code (rows, T, B)} array: a {@code (rows, B)} view with rows {@code T*B} apart. */
    private static INDArray step(INDArray gateMajor, long t) {
        return gateMajor.get(NDArrayIndex.all(), NDArrayIndex.point(t), NDArrayIndex.all());
    }

    /** {@code x} {@code (B, T, F)} as {@code (T, B, F)}, with a column of ones appended when {@code ones}. */
    private static INDArray timeMajor(INDArray x, boolean ones) {
        long f = x.size(2);
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.size(1), x.size(0), ones ? f + 1 : f);
        out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, f)).assign(x.permute(1, 0, 2));
        if (ones) {
            out.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(f)).assign(1.0);
        }
        return out;
    }

    /** Row {@code f} of a kernel with a bias row: a {@code (1, cols)} view. */
    private static INDArray biasRow(INDArray w, long f) {
        return w.get(NDArrayIndex.interval(f, f + 1), NDArrayIndex.all());
    }

    /** {@code (T, R, B)} per-step blocks back to {@code (B, T, R)}. */
    private static INDArray batchMajor(INDArray steps) {
        INDArray out = Nd4j.createUninitialized(steps.dataType(), steps.size(2), steps.size(0), steps.size(1));
        out.assign(steps.permute(2, 0, 1));
        return out;
    }

    /** Keras's gate columns i, f, c, o of a {@code (rows, 4u)} matrix, reordered i, f, o, c, into {@code out}. */
    private static INDArray toInternalOrder(INDArray m, long u, INDArray out) {
        cols(out, 0, 2 * u).assign(cols(m, 0, 2 * u));
        cols(out, 2 * u, 3 * u).assign(cols(m, 3 * u, 4 * u));
        cols(out, 3 * u, 4 * u).assign(cols(m, 2 * u, 3 * u));
        return out;
    }

    /** The inverse of {@link #toInternalOrder}: columns i, f, o, c back to Keras's i, f, c, o. */
    private static INDArray fromInternalOrder(INDArray m, long u) {
        INDArray out = Nd4j.createUninitialized(m.dataType(), m.shape());
        cols(out, 0, 2 * u).assign(cols(m, 0, 2 * u));
        cols(out, 3 * u, 4 * u).assign(cols(m, 2 * u, 3 * u));
        cols(out, 2 * u, 3 * u).assign(cols(m, 3 * u, 4 * u));
        return out;
    }

    /** Columns {@code [from, to)} of a matrix, as a view. */
    private static INDArray cols(INDArray m, long from, long to) {
        return m.get(new INDArrayIndex[] {NDArrayIndex.all(), NDArrayIndex.interval(from, to)});
    }
}
