package org.keras4j.framework.autodiff;

import static org.keras4j.framework.testing.GradientCheck.check;
import static org.keras4j.framework.testing.GradientCheck.inFloat64;
import static org.keras4j.framework.testing.GradientCheck.uniform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Every op of {@link Ops} and {@link NnOps} against float64 finite differences. */
class OpsGradientTest {

    @Test
    void arithmeticWithBroadcasting() {
        inFloat64(() -> {
            check(t -> Ops.add(t.get(0), t.get(1)), uniform(-1, 1, 3, 4), uniform(-1, 1, 1, 4));
            check(t -> Ops.subtract(t.get(0), t.get(1)), uniform(-1, 1, 3, 4), uniform(-1, 1, 4));
            check(t -> Ops.multiply(t.get(0), t.get(1)), uniform(-1, 1, 2, 3, 4), uniform(-1, 1, 3, 1));
            check(t -> Ops.divide(t.get(0), t.get(1)), uniform(-1, 1, 3, 4), uniform(0.5, 2, 3, 4));
            check(t -> Ops.addScalar(Ops.multiplyScalar(t.get(0), 3.0), 1.5), uniform(-1, 1, 5));
            check(t -> Ops.rsubScalar(2.0, Ops.negative(t.get(0))), uniform(-1, 1, 5));
        });
    }

    @Test
    void unaryMath() {
        inFloat64(() -> {
            check(t -> Ops.square(t.get(0)), uniform(-2, 2, 3, 4));
            check(t -> Ops.sqrt(t.get(0)), uniform(0.5, 2, 3, 4));
            check(t -> Ops.pow(t.get(0), 3.5), uniform(0.5, 2, 3, 4));
            check(t -> Ops.exp(t.get(0)), uniform(-2, 2, 3, 4));
            check(t -> Ops.log(t.get(0)), uniform(0.5, 2, 3, 4));
            check(t -> Ops.log1p(t.get(0)), uniform(0.1, 2, 3, 4));
            check(t -> Ops.abs(t.get(0)), uniform(0.1, 2, 3, 4).muli(Nd4j.rand(3, 4).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).subi(0.5).gt(0).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).muli(2).subi(1)));
            check(t -> Ops.clip(t.get(0), -0.5, 0.5), uniform(-1, 1, 4, 4));
            check(t -> Ops.maximum(t.get(0), t.get(1)), uniform(-1, 1, 3, 4), uniform(-1, 1, 4));
            check(t -> Ops.minimum(t.get(0), t.get(1)), uniform(-1, 1, 3, 4), uniform(-1, 1, 3, 4));
        });
    }

    @Test
    void matrixProductsAndLinear() {
        inFloat64(() -> {
            check(t -> Ops.matmul(t.get(0), t.get(1)), uniform(-1, 1, 3, 4), uniform(-1, 1, 4, 5));
            check(t -> Ops.matmul(t.get(0), t.get(1)), uniform(-1, 1, 2, 3, 4), uniform(-1, 1, 4, 2));
            check(t -> Ops.linear(t.get(0), t.get(1), t.get(2)), uniform(-1, 1, 3, 4), uniform(-1, 1, 4, 5), uniform(-1, 1, 5));
            check(t -> Ops.linear(t.get(0), t.get(1), null), uniform(-1, 1, 3, 4), uniform(-1, 1, 4, 5));
            check(t -> Ops.linearRelu(t.get(0), t.get(1), t.get(2)), uniform(-1, 1, 3, 4), uniform(-1, 1, 4, 5), uniform(-1, 1, 5));
            check(t -> Ops.linearRelu(t.get(0), t.get(1), null), uniform(-1, 1, 3, 4), uniform(-1, 1, 4, 5));
        });
    }

    @Test
    void reductionsAndShapes() {
        inFloat64(() -> {
            check(t -> Ops.sum(t.get(0)), uniform(-1, 1, 3, 4));
            check(t -> Ops.mean(t.get(0)), uniform(-1, 1, 3, 4));
            check(t -> Ops.sum(t.get(0), false, 1), uniform(-1, 1, 3, 4, 2));
            check(t -> Ops.mean(t.get(0), true, 0, -1), uniform(-1, 1, 3, 4, 2));
            check(t -> Ops.reshape(Ops.square(t.get(0)), 6, 2), uniform(-1, 1, 3, 4));
            check(t -> Ops.where(Nd4j.create(new boolean[] {true, false, true}), t.get(0), t.get(1)),
                    uniform(-1, 1, 3), uniform(-1, 1, 3));
        });
    }

    @Test
    void activations() {
        inFloat64(() -> {
            check(t -> NnOps.relu(t.get(0)), uniform(-2, 2, 4, 5));
            check(t -> NnOps.leakyRelu(t.get(0), 0.2), uniform(-2, 2, 4, 5));
            check(t -> NnOps.elu(t.get(0), 1.3), uniform(-2, 2, 4, 5));
            check(t -> NnOps.selu(t.get(0)), uniform(-2, 2, 4, 5));
            check(t -> NnOps.gelu(t.get(0), false), uniform(-3, 3, 4, 5));
            check(t -> NnOps.gelu(t.get(0), true), uniform(-3, 3, 4, 5));
            check(t -> NnOps.silu(t.get(0)), uniform(-3, 3, 4, 5));
            check(t -> NnOps.sigmoid(t.get(0)), uniform(-3, 3, 4, 5));
            check(t -> NnOps.hardSigmoid(t.get(0)), uniform(-4, 4, 4, 5));
            check(t -> NnOps.tanh(t.get(0)), uniform(-3, 3, 4, 5));
            check(t -> NnOps.softplus(t.get(0)), uniform(-3, 3, 4, 5));
            check(t -> NnOps.softsign(t.get(0)), uniform(-3, 3, 4, 5));
            check(t -> NnOps.softmax(t.get(0), -1), uniform(-3, 3, 4, 5));
            check(t -> NnOps.softmax(t.get(0), 1), uniform(-3, 3, 2, 3, 4));
            check(t -> NnOps.logSoftmax(t.get(0), -1), uniform(-3, 3, 4, 5));
        });
    }

    @Test
    void fusedCrossEntropies() {
        inFloat64(() -> {
            var labels = Nd4j.create(new double[][] {{0, 1, 0}, {0.2, 0.3, 0.5}});
            check(t -> NnOps.softmaxCrossEntropyWithLogits(labels, t.get(0), -1), uniform(-3, 3, 2, 3));
            var classes = Nd4j.create(new double[] {2, 0, 1, 2});
            check(t -> NnOps.sparseSoftmaxCrossEntropyWithLogits(classes, t.get(0)), uniform(-3, 3, 4, 3));
            var binary = Nd4j.create(new double[][] {{0, 1}, {1, 0.3}});
            check(t -> NnOps.sigmoidCrossEntropyWithLogits(binary, t.get(0)), uniform(-3, 3, 2, 2));
        });
    }

    /**
     * float32 logits of batch size take the host pass; float64 takes libnd4j's ops. Same losses and
     * gradients, with integer and float labels, labels shaped (n, 1), an upstream gradient that is
     * not constant, and logits 300 apart (finite, as in the native path).
     */
    @Test
    void sparseCrossEntropyHostPassMatchesTheNativeOps() {
        INDArray logits64 = uniform(-4, 4, 6, 5);
        logits64.putScalar(new long[] {2, 3}, 300.0);
        INDArray upstream64 = uniform(0.5, 1.5, 6);
        for (INDArray labels : List.of(Nd4j.createFromArray(4, 0, 1, 2, 3, 3), Nd4j.create(new float[][] {{4}, {0}, {1}, {2}, {3}, {0}}))) {
            List<INDArray> exact = sparseCrossEntropyAndGradient(labels, logits64, upstream64);
            List<INDArray> host = sparseCrossEntropyAndGradient(labels, logits64.castTo(DataType.FLOAT), upstream64.castTo(DataType.FLOAT));
            assertEquals(DataType.FLOAT, host.get(0).dataType());
            for (int k = 0; k < 2; k++) {
                double diff = host.get(k).castTo(DataType.DOUBLE).sub(exact.get(k)).amaxNumber().doubleValue();
                assertTrue(diff < 2e-6 * Math.max(1, exact.get(k).amaxNumber().doubleValue()), (k == 0 ? "loss" : "gradient") + " differs by " + diff);
            }
        }
        var bad = Tensor.constant(Nd4j.rand(DataType.FLOAT, 2, 3));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> NnOps.sparseSoftmaxCrossEntropyWithLogits(Nd4j.createFromArray(0, 3), bad));
        assertTrue(e.getMessage().contains("label 3 of row 1 is outside 0..2"), e.getMessage());
    }

    /**
     * float32 takes the host passes of {@link HostElementwise} (bias add, relu, bias gradient); float64
     * libnd4j's ops. The fused {@link Ops#linearRelu}, with and without bias, in both types, matches
     * the separate ops in float64.
     */
    @Test
    void denseLayerHostPassesMatchTheNativeOps() {
        INDArray x = uniform(-1, 1, 6, 7);
        INDArray kernel = uniform(-1, 1, 7, 5);
        INDArray bias = uniform(-0.5, 0.5, 5);
        INDArray upstream = uniform(-1, 1, 6, 5);
        for (INDArray b : java.util.Arrays.asList(bias, null)) {
            List<INDArray> exact = reluLinearAndGradients(x, kernel, b, upstream, false);
            assertTrue(exact.get(0).minNumber().doubleValue() == 0 && exact.get(0).maxNumber().doubleValue() > 0, "relu active and inactive");
            for (boolean fused : new boolean[] {false, true}) {
                assertClose(exact, reluLinearAndGradients(x, kernel, b, upstream, fused), 1e-12, "float64, fused " + fused + ", bias " + (b != null));
                assertClose(exact, reluLinearAndGradients(f32(x), f32(kernel), b == null ? null : f32(b), f32(upstream), fused), 1e-5,
                        "float32, fused " + fused + ", bias " + (b != null));
            }
        }
    }

    /** A float32 batch of losses is averaged on the host; the native mean of the float64 copy is the reference. */
    @Test
    void meanOfAFloat32BatchOnTheHostMatchesTheNativeMean() {
        INDArray losses = uniform(0, 3, 128);
        Tensor host = Ops.mean(Tensor.constant(f32(losses)));
        assertEquals(DataType.FLOAT, host.value().dataType());
        assertEquals(0, host.value().rank());
        assertEquals(losses.meanNumber().doubleValue(), host.value().getDouble(0), 1e-6);
    }

    private static INDArray f32(INDArray a) {
        return a.castTo(DataType.FLOAT);
    }

    private static void assertClose(List<INDArray> exact, List<INDArray> actual, double tolerance, String what) {
        String[] names = {"output", "dx", "dkernel", "dbias"};
        assertEquals(exact.size(), actual.size(), what);
        for (int k = 0; k < exact.size(); k++) {
            double diff = actual.get(k).castTo(DataType.DOUBLE).sub(exact.get(k)).amaxNumber().doubleValue();
            assertTrue(diff < tolerance, what + ": " + names[k] + " differs by " + diff);
        }
    }

    /** float32 softmax over the last axis takes {@link HostElementwise}'s pass; float64 libnd4j's op. Gradients too. */
    @Test
    void softmaxHostPassMatchesTheNativeOp() {
        INDArray x = uniform(-4, 4, 3, 6, 5);
        x.putScalar(new long[] {1, 2, 3}, 80.0);
        x.putScalar(new long[] {2, 4, 0}, -90.0);
        INDArray upstream = uniform(-1, 1, 3, 6, 5);
        List<INDArray> exact = softmaxAndGradient(x, upstream);
        List<INDArray> host = softmaxAndGradient(x.castTo(DataType.FLOAT), upstream.castTo(DataType.FLOAT));
        assertEquals(1.0, exact.get(0).sum(2).minNumber().doubleValue(), 1e-12);
        for (int k = 0; k < 2; k++) {
            double diff = host.get(k).castTo(DataType.DOUBLE).sub(exact.get(k)).amaxNumber().doubleValue();
            assertTrue(diff < 1e-6, (k == 0 ? "softmax" : "gradient") + " differs by " + diff);
        }
    }

    private static List<INDArray> softmaxAndGradient(INDArray x, INDArray upstream) {
        Variable v = new Variable("x", x.dup(), true);
        try (GradientTape tape = new GradientTape()) {
            Tensor y = NnOps.softmax(v, -1);
            return List.of(y.value().dup(), tape.gradient(Ops.sum(Ops.multiply(y, Tensor.constant(upstream))), List.of(v)).get(0));
        }
    }

    /** relu(x kernel + bias) (bias may be null), fused or as separate ops, and its gradients with respect to every input. */
    private static List<INDArray> reluLinearAndGradients(INDArray x, INDArray kernel, INDArray bias, INDArray upstream, boolean fused) {
        List<Variable> vars = new java.util.ArrayList<>(List.of(new Variable("x", x.dup(), true), new Variable("kernel", kernel.dup(), true)));
        if (bias != null) {
            vars.add(new Variable("bias", bias.dup(), true));
        }
        Variable b = bias == null ? null : vars.get(2);
        try (GradientTape tape = new GradientTape()) {
            Tensor y = fused ? Ops.linearRelu(vars.get(0), vars.get(1), b) : NnOps.relu(Ops.linear(vars.get(0), vars.get(1), b));
            List<INDArray> result = new java.util.ArrayList<>();
            result.add(y.value().dup());
            result.addAll(tape.gradient(Ops.sum(Ops.multiply(y, Tensor.constant(upstream))), vars));
            return result;
        }
    }

    private static List<INDArray> sparseCrossEntropyAndGradient(INDArray labels, INDArray logits, INDArray upstream) {
        Variable z = new Variable("z", logits.dup(), true);
        try (GradientTape tape = new GradientTape()) {
            Tensor loss = NnOps.sparseSoftmaxCrossEntropyWithLogits(labels, z);
            INDArray value = loss.value().dup();
            return List.of(value, tape.gradient(Ops.sum(Ops.multiply(loss, Tensor.constant(upstream))), List.of(z)).get(0));
        }
    }

    @Test
    void logSoftmaxAndSoftplusStayFiniteInFloat32ForLargeInputs() {
        var logits = Tensor.constant(Nd4j.create(new float[][] {{0, 100, -100}}));
        var logSoft = NnOps.logSoftmax(logits, -1).value();
        // exact: log_softmax = x - logsumexp(x) = x - (100 + log(1 + e^-100 + e^-200)) ~= x - 100
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {-100f, 0f, -200f}, logSoft.reshape(3).toFloatVector(), 1e-4f);
        var ce = NnOps.softmaxCrossEntropyWithLogits(Nd4j.create(new float[][] {{0, 0, 1}}), logits, -1).value();
        org.junit.jupiter.api.Assertions.assertEquals(200.0, ce.getDouble(0), 1e-3);
        var sp = NnOps.softplus(Tensor.constant(Nd4j.create(new float[] {100f, -100f, 0f}))).value();
        org.junit.jupiter.api.Assertions.assertArrayEquals(new float[] {100f, 0f, (float) Math.log(2)}, sp.toFloatVector(), 1e-5f);
    }

    @Test
    void dropoutGradientUsesTheSameMask() {
        inFloat64(() -> {
            // The mask is drawn once per call, so check the gradient of one fixed draw through a tape.
            Variable x = new Variable("x", uniform(-1, 1, 50), true);
            try (GradientTape tape = new GradientTape()) {
                Tensor y = NnOps.dropout(x, 0.5);
                var g = tape.gradient(Ops.sum(y), x);
                // gradient is the mask itself: 0 or 2 at every element, and equals y / x
                org.junit.jupiter.api.Assertions.assertTrue(g.eq(0).castTo(org.nd4j.linalg.api.buffer.DataType.INT32).add(g.eq(2).castTo(org.nd4j.linalg.api.buffer.DataType.INT32)).minNumber().intValue() == 1);
                org.junit.jupiter.api.Assertions.assertEquals(0.0, y.value().sub(x.value().mul(g)).norm2Number().doubleValue(), 1e-12);
            }
        });
    }
}
