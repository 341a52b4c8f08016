package org.keras4j.framework.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.testing.GradientCheck;
import org.nd4j.linalg.api.ndarray.INDArray;

class RnnOpsTest {

    /** The LSTM equations written step by step with element-wise ops: the reference for the fused op. */
    private static Tensor[] reference(Tensor x, Tensor w, Tensor u, Tensor b, Tensor h, Tensor c) {
        long units = u.size(0);
        long steps = x.size(1);
        for (long t = 0; t < steps; t++) {
            Tensor z = Ops.add(Ops.add(Ops.matmul(SequenceOps.timestep(x, t), w), Ops.matmul(h, u)), b);
            Tensor i = NnOps.sigmoid(SequenceOps.slice(z, 1, 0, units));
            Tensor f = NnOps.sigmoid(SequenceOps.slice(z, 1, units, 2 * units));
            Tensor g = NnOps.tanh(SequenceOps.slice(z, 1, 2 * units, 3 * units));
            Tensor o = NnOps.sigmoid(SequenceOps.slice(z, 1, 3 * units, 4 * units));
            c = Ops.add(Ops.multiply(f, c), Ops.multiply(i, g));
            h = Ops.multiply(o, NnOps.tanh(c));
        }
        return new Tensor[] {h, c};
    }

    @Test
    void fusedLstmMatchesTheGateEquationsInKerasOrder() {
        checkAgainstReference();
    }

    private void checkAgainstReference() {
        GradientCheck.inFloat64(() -> {
            Tensor x = Tensor.constant(GradientCheck.uniform(-1, 1, 2, 4, 3));
            Tensor w = Tensor.constant(GradientCheck.uniform(-0.5, 0.5, 3, 8));
            Tensor u = Tensor.constant(GradientCheck.uniform(-0.5, 0.5, 2, 8));
            Tensor b = Tensor.constant(GradientCheck.uniform(-0.5, 0.5, 8));
            Tensor h0 = Tensor.constant(GradientCheck.uniform(-0.5, 0.5, 2, 2));
            Tensor c0 = Tensor.constant(GradientCheck.uniform(-0.5, 0.5, 2, 2));
            RnnOps.LstmResult r = RnnOps.lstm(x, w, u, b, h0, c0);
            Tensor[] ref = reference(x, w, u, b, h0, c0);
            assertArrayEquals(new long[] {2, 4, 2}, r.sequence().shape());
            assertTrue(ref[0].value().equalsWithEps(r.lastOutput().value(), 1e-10), "last h");
            assertTrue(ref[1].value().equalsWithEps(r.lastCell().value(), 1e-10), "last c");
            assertTrue(ref[0].value().equalsWithEps(SequenceOps.timestep(r.sequence(), 3).value(), 1e-10), "sequence end");
        });
    }

    @Test
    void fusedLstmGradientsMatchFiniteDifferences() {
        checkGradients();
    }

    private void checkGradients() {
        GradientCheck.inFloat64(() -> {
            INDArray x = GradientCheck.uniform(-1, 1, 2, 3, 3);
            INDArray w = GradientCheck.uniform(-0.5, 0.5, 3, 8);
            INDArray u = GradientCheck.uniform(-0.5, 0.5, 2, 8);
            INDArray b = GradientCheck.uniform(-0.5, 0.5, 8);
            INDArray h0 = GradientCheck.uniform(-0.5, 0.5, 2, 2);
            INDArray c0 = GradientCheck.uniform(-0.5, 0.5, 2, 2);
            // every output used: the sequence, the last output and the last cell state
            GradientCheck.check(a -> {
                RnnOps.LstmResult r = RnnOps.lstm(a.get(0), a.get(1), a.get(2), a.get(3), a.get(4), a.get(5));
                return SequenceOps.concat(List.of(Ops.reshape(r.sequence(), 2, 6), r.lastOutput(), r.lastCell()), 1);
            }, x, w, u, b, h0, c0);
            GradientCheck.check(a -> RnnOps.lstm(a.get(0), a.get(1), a.get(2), null, null, null).sequence(),
                    x, w, u);
        });
    }

    /**
     * float32 runs the host cell kernel (rational tanh and sigmoid); float64 runs libnd4j's ops. The
     * two must agree to float32 precision in every output and every gradient, over enough steps and
     * units (28 x 16, batch 5) for errors to build up, with pre-activations reaching the saturated range.
     */
    @Test
    void float32HostKernelMatchesTheFloat64NativeLstm() {
        org.keras4j.framework.backend.Backend.setRandomSeed(7);
        INDArray x = GradientCheck.uniform(-3, 3, 5, 28, 6);
        INDArray w = GradientCheck.uniform(-1, 1, 6, 64);
        INDArray u = GradientCheck.uniform(-0.6, 0.6, 16, 64);
        INDArray b = GradientCheck.uniform(-1, 1, 64);
        INDArray h0 = GradientCheck.uniform(-0.5, 0.5, 5, 16);
        INDArray c0 = GradientCheck.uniform(-2, 2, 5, 16);
        INDArray projection = GradientCheck.uniform(-1, 1, 5, 28 * 16 + 16 + 16);
        List<INDArray> exact = lstmAndGradients(List.of(x, w, u, b, h0, c0), projection);
        List<INDArray> host = lstmAndGradients(List.of(x, w, u, b, h0, c0).stream()
                .map(a -> a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)).toList(),
                projection.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        String[] names = {"outputs", "dx", "dkernel", "drecurrent", "dbias", "dh0", "dc0"};
        for (int k = 0; k < names.length; k++) {
            INDArray e = exact.get(k);
            INDArray d = host.get(k).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).sub(e);
            double tolerance = 5e-6 * Math.max(1, e.amaxNumber().doubleValue());
            double worst = d.amaxNumber().doubleValue();
            assertTrue(worst < tolerance, names[k] + ": float32 host kernel differs from float64 by " + worst
                    + " (tolerance " + tolerance + ")");
        }
    }

    /** The LSTM's outputs (sequence, last h, last c side by side) and the gradients of their projection. */
    private static List<INDArray> lstmAndGradients(List<INDArray> in, INDArray projection) {
        List<Variable> vars = new java.util.ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            vars.add(new Variable("v" + i, in.get(i).dup(), true));
        }
        try (GradientTape tape = new GradientTape()) {
            RnnOps.LstmResult r = RnnOps.lstm(vars.get(0), vars.get(1), vars.get(2), vars.get(3), vars.get(4), vars.get(5));
            Tensor out = SequenceOps.concat(List.of(Ops.reshape(r.sequence(), 5, 28 * 16), r.lastOutput(), r.lastCell()), 1);
            assertTrue(out.value().dataType() == in.get(0).dataType(), "output keeps the input's data type");
            List<INDArray> result = new java.util.ArrayList<>();
            result.add(out.value().dup());
            result.addAll(tape.gradient(Ops.sum(Ops.multiply(out, Tensor.constant(projection))), vars));
            return result;
        }
    }

    @Test
    void sequenceOpsGradientsMatchFiniteDifferences() {
        GradientCheck.inFloat64(() -> {
            INDArray x = GradientCheck.uniform(-1, 1, 2, 3, 4);
            GradientCheck.check(a -> SequenceOps.reverse(a.get(0), 1), x);
            GradientCheck.check(a -> SequenceOps.stack(List.of(SequenceOps.timestep(a.get(0), 2), SequenceOps.timestep(a.get(0), 0)), 1), x);
            GradientCheck.check(a -> SequenceOps.concat(List.of(a.get(0), SequenceOps.slice(a.get(0), 2, 1, 3)), 2), x);
            INDArray table = GradientCheck.uniform(-1, 1, 5, 3);
            INDArray ids = org.nd4j.linalg.factory.Nd4j.create(new double[][] {{0, 4, 4}, {2, 0, 1}});
            GradientCheck.check(a -> SequenceOps.embeddingLookup(a.get(0), ids), table);
        });
    }
}
