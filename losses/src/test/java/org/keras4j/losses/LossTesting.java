package org.keras4j.losses;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import java.util.function.Function;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.testing.GradientCheck;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Assertions shared by the loss tests: values, reductions, sample weights, gradients, configs. */
final class LossTesting {
    /** Sample weights used by every reduction check (one per sample, up to four samples). */
    static final double[] WEIGHTS = {1.0, 0.5, 2.0, 0.25};

    private LossTesting() {
    }

    /** A float32 matrix (the default floatx). */
    static INDArray f32(double[][] values) {
        return Nd4j.createFromArray(values).castTo(DataType.FLOAT);
    }

    /** A float32 vector. */
    static INDArray f32(double... values) {
        return Nd4j.createFromArray(values).castTo(DataType.FLOAT);
    }

    /** A float64 matrix, for gradient checks. */
    static INDArray f64(double[][] values) {
        return Nd4j.createFromArray(values);
    }

    /** {@code loss.call} gives {@code expected} (one value per sample), within float32 precision. */
    static void assertPerSample(Loss loss, INDArray yTrue, Tensor yPred, double... expected) {
        assertClose(expected, loss.call(yTrue, yPred).value(), loss.name());
    }

    static void assertPerSample(Loss loss, INDArray yTrue, INDArray yPred, double... expected) {
        assertPerSample(loss, yTrue, Tensor.constant(yPred), expected);
    }

    /**
     * Checks {@code compute} under every reduction, without and with {@link #WEIGHTS}, against the
     * per-sample values {@code e}: none gives {@code e * w}, sum {@code sum(e * w)}, and
     * sum_over_batch_size {@code sum(e * w) / n}.
     */
    static void assertReductions(Function<Reduction, Loss> make, INDArray yTrue, INDArray yPred, double... e) {
        int n = e.length;
        double[] w = java.util.Arrays.copyOf(WEIGHTS, n);
        double[] weighted = new double[n];
        double sum = 0;
        double weightedSum = 0;
        for (int i = 0; i < n; i++) {
            weighted[i] = e[i] * w[i];
            sum += e[i];
            weightedSum += weighted[i];
        }
        INDArray sw = Nd4j.createFromArray(w).castTo(DataType.FLOAT);
        Tensor p = Tensor.constant(yPred);
        Loss none = make.apply(Reduction.NONE);
        assertSame(Reduction.NONE, none.reduction());
        assertClose(e, none.compute(yTrue, p, null).value(), "none");
        assertClose(weighted, none.compute(yTrue, p, sw).value(), "none, weighted");
        Loss total = make.apply(Reduction.SUM);
        assertClose(new double[] {sum}, total.compute(yTrue, p, null).value(), "sum");
        assertClose(new double[] {weightedSum}, total.compute(yTrue, p, sw).value(), "sum, weighted");
        Loss mean = make.apply(Reduction.SUM_OVER_BATCH_SIZE);
        assertClose(new double[] {sum / n}, mean.compute(yTrue, p, null).value(), "sum_over_batch_size");
        assertClose(new double[] {weightedSum / n}, mean.compute(yTrue, p, sw).value(), "sum_over_batch_size, weighted");
    }

    /** Element-wise closeness with float32 tolerance (relative 1e-5, absolute 1e-6). */
    static void assertClose(double[] expected, INDArray actual, String what) {
        double[] got = actual.castTo(DataType.DOUBLE).reshape(actual.length()).toDoubleVector();
        assertEquals(expected.length, got.length, what + ": number of values");
        for (int i = 0; i < expected.length; i++) {
            double tol = 1e-6 + 1e-5 * Math.abs(expected[i]);
            assertEquals(expected[i], got[i], tol, what + "[" + i + "]");
        }
    }

    /** Float64 finite-difference check of {@code loss.call(yTrue, .)} with respect to {@code yPred}. */
    static void assertGradient(Loss loss, INDArray yTrue, INDArray yPred) {
        GradientCheck.inFloat64(() -> GradientCheck.check(t -> loss.call(yTrue, t.get(0)), yPred.castTo(DataType.DOUBLE)));
    }

    /** The same, through the reduced value of {@code compute} with sample weights. */
    static void assertComputeGradient(Loss loss, INDArray yTrue, INDArray yPred) {
        INDArray w = Nd4j.createFromArray(java.util.Arrays.copyOf(WEIGHTS, (int) yPred.size(0)));
        GradientCheck.inFloat64(() -> GradientCheck.check(
                t -> org.keras4j.framework.autodiff.Ops.reshape(loss.compute(yTrue, t.get(0), w), 1),
                yPred.castTo(DataType.DOUBLE)));
    }

    /**
     * Serialises {@code loss} to JSON ({@code {"class_name", "config"}}), reads it back through the
     * registry, and checks the class, the config and the values on {@code yTrue}/{@code yPred}.
     */
    static Loss assertConfigRoundTrip(Loss loss, INDArray yTrue, INDArray yPred) {
        try {
            ObjectMapper json = new ObjectMapper();
            String text = json.writeValueAsString(Registry.serialize(loss));
            @SuppressWarnings("unchecked")
            Map<String, Object> parsed = json.readValue(text, Map.class);
            Loss back = Registry.get().deserialize(Kind.LOSS, parsed, Loss.class);
            assertSame(loss.getClass(), back.getClass());
            assertEquals(loss.getConfig(), back.getConfig(), "config after the round trip");
            assertEquals(loss.reduction(), back.reduction());
            assertEquals(loss.name(), back.name());
            Tensor p = Tensor.constant(yPred);
            assertArrayEquals(loss.call(yTrue, p).value().toDoubleVector(), back.call(yTrue, p).value().toDoubleVector(), 0.0);
            return back;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    /** {@code name} (a class name or an alias) builds an instance of {@code type} with defaults. */
    static <T extends Loss> T assertRegistered(String name, Class<T> type) {
        Loss l = Registry.get().create(Kind.LOSS, name, Loss.class);
        assertSame(type, l.getClass(), name);
        assertSame(Reduction.SUM_OVER_BATCH_SIZE, l.reduction());
        return type.cast(l);
    }

    /** Mismatched shapes fail with a message naming the loss and both shapes. */
    static void assertShapeMismatch(Loss loss, INDArray yTrue, INDArray yPred, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.call(yTrue, Tensor.constant(yPred)));
        assertTrue(e.getMessage().startsWith(loss.name() + ":"), e.getMessage());
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "message should contain " + f + ": " + e.getMessage());
        }
    }
}
