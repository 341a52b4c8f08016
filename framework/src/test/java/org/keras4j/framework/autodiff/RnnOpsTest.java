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
    /** The same checks with every product through ND4J (no system BLAS, or after a oneDNN convolution): step blocks are views then. */
    @Test
    void fusedLstmIsRightWithNd4jsProductsToo() {
        Gemm.systemAllowed = false;
        try {
            checkAgainstReference();
            checkGradients();
            float32HostKernelMatchesTheFloat64NativeLstm();
        } finally {
            Gemm.systemAllowed = true;
        }
    }

    @Test
    void float32HostKernelMatchesTheFloat64NativeLstm() {
        org.keras4j.framework.backend.Backend.setRandomSeed(7);
        // x, kernel, recurrent kernel, bias, h0, c0
        List<INDArray> in = List.of(GradientCheck.uniform(-3, 3, 5, 28, 6), GradientCheck.uniform(-1, 1, 6, 64),
                GradientCheck.uniform(-0.6, 0.6, 16, 64), GradientCheck.uniform(-1, 1, 64), GradientCheck.uniform(-0.5, 0.5, 5, 16),
                GradientCheck.uniform(-2, 2, 5, 16));
        INDArray projection = GradientCheck.uniform(-1, 1, 5, 28 * 16 + 16 + 16);
        List<INDArray> exact = outputAndGradients(RnnOpsTest::lstmOutputs, in, projection);
        List<INDArray> host = outputAndGradients(RnnOpsTest::lstmOutputs, in.stream()
                .map(a -> a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)).toList(),
                projection.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        assertAgreeToFloat32Precision(exact, host, "outputs", "dx", "dkernel", "drecurrent", "dbias", "dh0", "dc0");
    }

    /** Each float32 result within 5e-6 of the float64 one, relative to the latter's largest magnitude (at least 1). */
    private static void assertAgreeToFloat32Precision(List<INDArray> exact, List<INDArray> float32, String... names) {
        for (int k = 0; k < names.length; k++) {
            INDArray e = exact.get(k);
            double worst = float32.get(k).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).sub(e).amaxNumber().doubleValue();
            double tolerance = 5e-6 * Math.max(1, e.amaxNumber().doubleValue());
            assertTrue(worst < tolerance, names[k] + ": float32 differs from float64 by " + worst + " (tolerance " + tolerance + ")");
        }
    }

    /** The LSTM's outputs (sequence, last h, last c side by side), as one tensor. */
    private static Tensor lstmOutputs(List<Tensor> a) {
        RnnOps.LstmResult r = RnnOps.lstm(a.get(0), a.get(1), a.get(2), a.get(3), a.get(4), a.get(5));
        return SequenceOps.concat(List.of(Ops.reshape(r.sequence(), 5, 28 * 16), r.lastOutput(), r.lastCell()), 1);
    }

    /** Keras's reset-after GRU written step by step with element-wise ops (any data type). */
    private static Tensor referenceGru(List<? extends Tensor> a) {
        Tensor x = a.get(0);
        Tensor w = a.get(1);
        Tensor u = a.get(2);
        Tensor b = a.get(3);
        Tensor c = a.get(4);
        Tensor h = a.get(5);
        long units = u.size(0);
        List<Tensor> outputs = new java.util.ArrayList<>();
        for (long t = 0; t < x.size(1); t++) {
            Tensor xp = Ops.add(Ops.matmul(SequenceOps.timestep(x, t), w), b);
            Tensor hp = Ops.add(Ops.matmul(h, u), c);
            Tensor z = NnOps.sigmoid(Ops.add(SequenceOps.slice(xp, 1, 0, units), SequenceOps.slice(hp, 1, 0, units)));
            Tensor r = NnOps.sigmoid(Ops.add(SequenceOps.slice(xp, 1, units, 2 * units), SequenceOps.slice(hp, 1, units, 2 * units)));
            Tensor hh = NnOps.tanh(Ops.add(SequenceOps.slice(xp, 1, 2 * units, 3 * units),
                    Ops.multiply(r, SequenceOps.slice(hp, 1, 2 * units, 3 * units))));
            h = Ops.add(hh, Ops.multiply(z, Ops.subtract(h, hh)));
            outputs.add(h);
        }
        return SequenceOps.stack(outputs, 1);
    }

    /**
     * The fused float32 GRU (host cell) against the step-by-step equations in float64: every step's
     * output and the gradients of all six inputs, over 28 steps with saturating pre-activations.
     */
    @Test
    void fusedGruMatchesTheGateEquationsInFloat64() {
        org.keras4j.framework.backend.Backend.setRandomSeed(11);
        List<INDArray> in = List.of(GradientCheck.uniform(-3, 3, 5, 28, 6), GradientCheck.uniform(-1, 1, 6, 48),
                GradientCheck.uniform(-0.6, 0.6, 16, 48), GradientCheck.uniform(-1, 1, 48), GradientCheck.uniform(-1, 1, 48),
                GradientCheck.uniform(-0.9, 0.9, 5, 16));
        INDArray projection = GradientCheck.uniform(-1, 1, 5, 28, 16);
        List<INDArray> exact = outputAndGradients(RnnOpsTest::referenceGru, in, projection);
        List<INDArray> fused = outputAndGradients(a -> RnnOps.gru(a.get(0), a.get(1), a.get(2), a.get(3), a.get(4), a.get(5)),
                in.stream().map(a -> a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)).toList(),
                projection.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        assertTrue(fused.get(0).dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT, "float32 in, float32 out");
        assertAgreeToFloat32Precision(exact, fused, "outputs", "dx", "dkernel", "drecurrent", "dinput_bias", "drecurrent_bias", "dh0");
    }

    private static List<INDArray> outputAndGradients(java.util.function.Function<List<Tensor>, Tensor> f, List<INDArray> in,
            INDArray projection) {
        List<Variable> vars = new java.util.ArrayList<>();
        for (int i = 0; i < in.size(); i++) {
            vars.add(new Variable("v" + i, in.get(i).dup(), true));
        }
        try (GradientTape tape = new GradientTape()) {
            Tensor out = f.apply(new java.util.ArrayList<>(vars));
            List<INDArray> result = new java.util.ArrayList<>();
            result.add(out.value().dup());
            result.addAll(tape.gradient(Ops.sum(Ops.multiply(out, Tensor.constant(projection))), vars));
            return result;
        }
    }

    /** The fused float32 SimpleRNN (host cell) against {@code h = tanh(x W + b + h U)} step by step in float64. */
    @Test
    void fusedSimpleRnnMatchesItsEquationInFloat64() {
        org.keras4j.framework.backend.Backend.setRandomSeed(13);
        // x, kernel, recurrent kernel, bias, h0
        List<INDArray> in = List.of(GradientCheck.uniform(-3, 3, 5, 28, 6), GradientCheck.uniform(-1, 1, 6, 16),
                GradientCheck.uniform(-0.4, 0.4, 16, 16), GradientCheck.uniform(-1, 1, 16), GradientCheck.uniform(-0.9, 0.9, 5, 16));
        INDArray projection = GradientCheck.uniform(-1, 1, 5, 28, 16);
        List<INDArray> exact = outputAndGradients(a -> {
            Tensor h = a.get(4);
            List<Tensor> outputs = new java.util.ArrayList<>();
            for (long t = 0; t < 28; t++) {
                h = NnOps.tanh(Ops.add(Ops.add(Ops.matmul(SequenceOps.timestep(a.get(0), t), a.get(1)), Ops.matmul(h, a.get(2))), a.get(3)));
                outputs.add(h);
            }
            return SequenceOps.stack(outputs, 1);
        }, in, projection);
        List<INDArray> fused = outputAndGradients(a -> RnnOps.simpleRnn(a.get(0), a.get(1), a.get(2), a.get(3), a.get(4)),
                in.stream().map(a -> a.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT)).toList(),
                projection.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT));
        assertAgreeToFloat32Precision(exact, fused, "outputs", "dx", "dkernel", "drecurrent", "dbias", "dh0");
    }

    @Test
    void fusedGruNeedsFloat32() {
        Tensor x64 = Tensor.constant(GradientCheck.uniform(-1, 1, 2, 3, 4));
        assertTrue(!RnnOps.canRunHostCells(x64));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> RnnOps.gru(x64,
                Tensor.constant(GradientCheck.uniform(-1, 1, 4, 6)), Tensor.constant(GradientCheck.uniform(-1, 1, 2, 6)), null, null, null));
        assertTrue(e.getMessage().contains("float32"), e.getMessage());
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
