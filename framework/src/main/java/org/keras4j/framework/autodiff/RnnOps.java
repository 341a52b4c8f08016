package org.keras4j.framework.autodiff;

import static org.keras4j.framework.autodiff.Nodes.make;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Whole-sequence recurrent ops. {@link #lstm} runs an LSTM over every timestep in one native call
 * (libnd4j {@code lstmLayer}) and differentiates it in one native call ({@code lstmLayer_bp}),
 * with Keras's weight layout: kernel {@code (features, 4u)}, recurrent kernel {@code (u, 4u)}, bias
 * {@code (4u)}, gate blocks in the order i, f, c, o (libnd4j uses the same order, so no
 * reordering is needed).
 *
 * <pre>{@code
 * RnnOps.LstmResult r = RnnOps.lstm(x, kernel, recurrentKernel, bias, null, null, "tanh", "sigmoid");
 * Tensor last = r.lastOutput();   // (batch, units)
 * }</pre>
 */
public final class RnnOps {
    /** libnd4j's activation codes for lstmLayer; linear is its affine code (3) with alpha 1, beta 0. */
    private static final Map<String, Integer> CODES = Map.of(
            "tanh", 0, "relu", 1, "sigmoid", 2, "linear", 3, "softsign", 9, "softplus", 10);

    private RnnOps() {
    }

    /** The outputs of an LSTM over a sequence: every step's output, the last output and the last cell state. */
    public record LstmResult(Tensor sequence, Tensor lastOutput, Tensor lastCell) {
    }

    /** True when the fused op can compute these activations (given by their Keras names). */
    public static boolean fusedLstmSupports(String activation, String recurrentActivation) {
        return activation != null && recurrentActivation != null
                && CODES.containsKey(activation) && CODES.containsKey(recurrentActivation);
    }

    /**
     * An LSTM over {@code x} {@code (batch, timesteps, features)}:
     * {@code z = x_t W + h U + b}, split into {@code i, f, g, o};
     * {@code c' = ra(f) c + ra(i) a(g)}, {@code h' = ra(o) a(c')}, with {@code a = activation} and
     * {@code ra = recurrentActivation} (names from {@link #fusedLstmSupports}).
     *
     * @param bias null for no bias
     * @param h0 initial output {@code (batch, u)}, or null for zeros
     * @param c0 initial cell state {@code (batch, u)}, or null for zeros
     */
    public static LstmResult lstm(Tensor x, Tensor kernel, Tensor recurrentKernel, Tensor bias, Tensor h0, Tensor c0,
            String activation, String recurrentActivation) {
        if (!fusedLstmSupports(activation, recurrentActivation)) {
            throw new IllegalArgumentException("lstm: the fused op supports activations " + CODES.keySet() + ", received activation="
                    + activation + ", recurrent_activation=" + recurrentActivation);
        }
        if (x.rank() != 3) {
            throw new IllegalArgumentException("lstm: expected input (batch, timesteps, features), received shape " + Shape.format(x.shape()));
        }
        long batch = x.size(0);
        long steps = x.size(1);
        long units = recurrentKernel.size(0);
        if (kernel.size(0) != x.size(2) || kernel.size(1) != 4 * units || recurrentKernel.size(1) != 4 * units
                || (bias != null && bias.value().length() != 4 * units)) {
            throw new IllegalArgumentException("lstm: weights " + Shape.format(kernel.shape()) + ", " + Shape.format(recurrentKernel.shape())
                    + (bias == null ? "" : ", " + Shape.format(bias.shape())) + " do not fit input " + Shape.format(x.shape())
                    + " with " + units + " units");
        }
        Tensor hInit = h0 != null ? h0 : Tensor.constant(Nd4j.zeros(x.dataType(), batch, units));
        Tensor cInit = c0 != null ? c0 : Tensor.constant(Nd4j.zeros(x.dataType(), batch, units));
        int[] iArgs = {1, 0, CODES.get(recurrentActivation), CODES.get(activation), CODES.get(activation)};
        double[] tArgs = tArgs(recurrentActivation, activation);
        boolean hasBias = bias != null;

        List<INDArray> in = new ArrayList<>(List.of(x.value(), kernel.value(), recurrentKernel.value()));
        if (hasBias) {
            in.add(bias.value());
        }
        in.add(hInit.value());
        in.add(cInit.value());
        INDArray h = Nd4j.createUninitialized(x.dataType(), batch, steps, units);
        INDArray cLast = Nd4j.createUninitialized(x.dataType(), batch, units);
        exec("lstmLayer", in, List.of(h, cLast), tArgs, iArgs, flags(hasBias));

        // One node holds both results, (batch, steps + 1, units): steps 0..T-1 are h, step T is the
        // last cell state, so one native backward call receives the gradients of both.
        INDArray packed = Nd4j.concat(1, h, cLast.reshape(batch, 1, units));
        Tensor[] inputs = hasBias ? new Tensor[] {x, kernel, recurrentKernel, bias, hInit, cInit}
                : new Tensor[] {x, kernel, recurrentKernel, hInit, cInit};
        Tensor node = make(packed, g -> {
            INDArray dh = g.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, steps),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c');
            INDArray dcLast = g.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(steps),
                    org.nd4j.linalg.indexing.NDArrayIndex.all()).dup('c');
            List<INDArray> bpIn = new ArrayList<>(in);
            bpIn.add(dh);
            bpIn.add(dcLast);
            INDArray dx = x.value().ulike();
            INDArray dW = kernel.value().ulike();
            INDArray dU = recurrentKernel.value().ulike();
            INDArray db = hasBias ? bias.value().ulike() : null;
            INDArray dh0 = hInit.value().ulike();
            INDArray dc0 = cInit.value().ulike();
            List<INDArray> outs = new ArrayList<>(List.of(dx, dW, dU));
            if (hasBias) {
                outs.add(db);
            }
            outs.add(dh0);
            outs.add(dc0);
            exec("lstmLayer_bp", bpIn, outs, tArgs, iArgs, flags(hasBias));
            return hasBias ? new INDArray[] {dx, dW, dU, db, dh0, dc0} : new INDArray[] {dx, dW, dU, dh0, dc0};
        }, inputs);
        Tensor sequence = SequenceOps.slice(node, 1, 0, steps);
        Tensor lastOutput = SequenceOps.timestep(node, steps - 1);
        Tensor lastCell = SequenceOps.timestep(node, steps);
        return new LstmResult(sequence, lastOutput, lastCell);
    }

    /** bArgs: hasBiases, hasSeqLen, hasInitH, hasInitC, hasPH, retFullSeq, retLastH, retLastC. */
    private static boolean[] flags(boolean hasBias) {
        return new boolean[] {hasBias, false, true, true, false, true, false, true};
    }

    /** tArgs: cell clip (0 = none), then alpha (and beta) for gate, cell and output activations that take them. */
    private static double[] tArgs(String gate, String cell) {
        List<Double> t = new ArrayList<>(List.of(0.0));
        for (String a : new String[] {gate, cell, cell}) {
            if ("linear".equals(a)) {
                t.add(1.0);
                t.add(0.0);
            }
        }
        double[] out = new double[t.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = t.get(i);
        }
        return out;
    }

    private static void exec(String name, List<INDArray> inputs, List<INDArray> outputs, double[] tArgs, int[] iArgs, boolean[] bArgs) {
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(name)
                .addInputs(inputs.toArray(new INDArray[0]))
                .addOutputs(outputs.toArray(new INDArray[0]))
                .addIntegerArguments(iArgs)
                .addBooleanArguments(bArgs);
        Double[] boxed = new Double[tArgs.length];
        for (int i = 0; i < tArgs.length; i++) {
            boxed[i] = tArgs[i];
        }
        b.addFloatingPointArguments(boxed);
        Nd4j.exec(b.build());
    }
}
