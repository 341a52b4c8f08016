package org.keras4j.framework.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.keras4j.framework.autodiff.GradientTape;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.backend.Backend;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Checks reverse-mode gradients against central finite differences in float64.
 *
 * <p>The function's output is projected on a fixed random tensor {@code R} (so every output
 * element gets a distinct upstream gradient) and the scalar {@code sum(f(x) * R)} is differentiated
 * numerically with step {@code 1e-6}. Each input passes when the relative error
 * {@code |analytic - numeric| / max(|analytic| + |numeric|, 1e-7)} of every element is below
 * {@link #MAX_RELATIVE_ERROR}, or its absolute error is below {@link #MAX_ABSOLUTE_ERROR} (for
 * elements whose true gradient is zero).
 */
public final class GradientCheck {
    public static final double EPSILON = 1e-6;
    public static final double MAX_RELATIVE_ERROR = 1e-6;
    public static final double MAX_ABSOLUTE_ERROR = 1e-9;

    private GradientCheck() {
    }

    /** Runs {@code body} with float64 as floatx and a fixed seed, restoring float32 afterwards. */
    public static void inFloat64(Runnable body) {
        Backend.setFloatx("float64");
        Backend.setRandomSeed(12345);
        try {
            body.run();
        } finally {
            Backend.setFloatx("float32");
        }
    }

    /** Uniform random float64 array in {@code [lo, hi)}. */
    public static INDArray uniform(double lo, double hi, long... shape) {
        return Nd4j.rand(DataType.DOUBLE, shape).muli(hi - lo).addi(lo);
    }

    /**
     * Checks the gradient of {@code f} with respect to every input (float64 arrays).
     * The inputs are wrapped as trainable variables, so {@code f} sees tensors that require gradients.
     */
    public static void check(Function<List<Tensor>, Tensor> f, INDArray... inputs) {
        List<Variable> vars = new ArrayList<>();
        for (int i = 0; i < inputs.length; i++) {
            assertEquals(DataType.DOUBLE, inputs[i].dataType(), "gradient checks run in float64 (input " + i + ")");
            vars.add(new Variable("input_" + i, inputs[i], true));
        }
        check(f, vars, new ArrayList<>(vars));
    }

    /**
     * Checks the gradient of {@code f(args)} with respect to {@code wrt} (a subset of variables the
     * function reads: its inputs, a layer's weights).
     */
    public static void check(Function<List<Tensor>, Tensor> f, List<? extends Tensor> args, List<Variable> wrt) {
        INDArray projection;
        List<INDArray> analytic;
        try (GradientTape tape = new GradientTape()) {
            Tensor out = f.apply(new ArrayList<>(args));
            assertEquals(DataType.DOUBLE, out.dataType(), "gradient checks run in float64 (output)");
            projection = Nd4j.rand(DataType.DOUBLE, out.shape()).addi(0.5);
            Tensor target = Ops.sum(Ops.multiply(out, Tensor.constant(projection)));
            analytic = tape.gradient(target, wrt);
        }
        for (int k = 0; k < wrt.size(); k++) {
            INDArray x = wrt.get(k).value();
            INDArray g = analytic.get(k);
            assertNotNull(g, "no gradient reached " + wrt.get(k).name());
            assertEquals(java.util.Arrays.toString(x.shape()), java.util.Arrays.toString(g.shape()),
                    "gradient shape of " + wrt.get(k).name());
            INDArray flat = x.reshape(x.length());
            INDArray gFlat = g.dup().reshape(g.length());
            for (long i = 0; i < flat.length(); i++) {
                double orig = flat.getDouble(i);
                flat.putScalar(i, orig + EPSILON);
                double plus = projected(f, args, projection);
                flat.putScalar(i, orig - EPSILON);
                double minus = projected(f, args, projection);
                flat.putScalar(i, orig);
                double numeric = (plus - minus) / (2 * EPSILON);
                double a = gFlat.getDouble(i);
                double abs = Math.abs(a - numeric);
                double rel = abs / Math.max(Math.abs(a) + Math.abs(numeric), 1e-7);
                assertTrue(rel < MAX_RELATIVE_ERROR || abs < MAX_ABSOLUTE_ERROR,
                        String.format("gradient of %s[%d]: analytic %.12g vs numeric %.12g (relative error %.3g)",
                                wrt.get(k).name(), i, a, numeric, rel));
            }
        }
    }

    private static double projected(Function<List<Tensor>, Tensor> f, List<? extends Tensor> args, INDArray projection) {
        Tensor out = f.apply(new ArrayList<>(args));
        return out.value().mul(projection).sumNumber().doubleValue();
    }
}
