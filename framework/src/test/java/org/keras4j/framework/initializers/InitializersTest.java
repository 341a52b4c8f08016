package org.keras4j.framework.initializers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras 3 initializers: sample statistics on 400x300 draws against Keras's formulas, bounds,
 * orthogonality, fans, seeding, names and configs, argument errors.
 */
class InitializersTest {
    private static final long[] SHAPE = {400, 300}; // fan_in 400, fan_out 300, 120000 samples
    private static final double N = 120_000;
    /** Standard deviation of a standard normal truncated to [-2, 2]. */
    private static final double TRUNC = 0.87962566103423978;
    /** P(|z| < 1 | |z| < 2) for a standard normal: 0.682689 / 0.954500. */
    private static final double WITHIN_ONE_OF_TWO = 0.6826894921370859 / 0.9544997361036416;

    private static INDArray draw(Initializer init) {
        Backend.setRandomSeed(2024);
        INDArray w = init.generate(SHAPE, DataType.FLOAT);
        assertEquals(DataType.FLOAT, w.dataType());
        assertArrayEquals(SHAPE, w.shape());
        return w;
    }

    /** Uniform in [-limit, limit): mean 0, std limit/sqrt(3), every value inside, the extremes near the limit. */
    private static void assertUniform(INDArray w, double limit) {
        double std = limit / Math.sqrt(3);
        assertEquals(0.0, w.meanNumber().doubleValue(), 5 * std / Math.sqrt(N), "mean");
        assertEquals(std, w.stdNumber().doubleValue(), 0.01 * std, "std");
        assertTrue(w.maxNumber().doubleValue() < limit && w.maxNumber().doubleValue() > 0.999 * limit, "max " + w.maxNumber());
        assertTrue(w.minNumber().doubleValue() >= -limit && w.minNumber().doubleValue() < -0.999 * limit, "min " + w.minNumber());
    }

    /**
     * Normal(mean, stddev) truncated at 2 stddev: std 0.8796 stddev, everything within the bounds,
     * and the share within one stddev is that of a re-drawn (not clipped or zeroed) truncation.
     */
    private static void assertTruncated(INDArray w, double mean, double stddev) {
        assertEquals(mean, w.meanNumber().doubleValue(), 5 * stddev / Math.sqrt(N), "mean");
        assertEquals(TRUNC * stddev, w.stdNumber().doubleValue(), 0.005 * stddev, "std");
        INDArray dev = Transforms.abs(w.sub(mean), true);
        assertTrue(dev.maxNumber().doubleValue() <= 2 * stddev * (1 + 1e-6), "max deviation " + dev.maxNumber());
        assertTrue(dev.maxNumber().doubleValue() > 1.99 * stddev, "max deviation " + dev.maxNumber());
        double within = dev.lt(stddev).castTo(DataType.DOUBLE).meanNumber().doubleValue();
        assertEquals(WITHIN_ONE_OF_TWO, within, 0.006, "share within one stddev");
    }

    private static void assertNormal(INDArray w, double mean, double stddev) {
        assertEquals(mean, w.meanNumber().doubleValue(), 5 * stddev / Math.sqrt(N), "mean");
        assertEquals(stddev, w.stdNumber().doubleValue(), 0.01 * stddev, "std");
        // a normal sample this large reaches beyond 4 stddev
        assertTrue(Transforms.abs(w.sub(mean), true).maxNumber().doubleValue() > 4 * stddev);
    }

    @Test
    void fansAsKerasComputesThem() {
        assertArrayEquals(new long[] {1, 1}, Initializers.computeFans(new long[0]));
        assertArrayEquals(new long[] {5, 5}, Initializers.computeFans(new long[] {5}));
        assertArrayEquals(new long[] {400, 300}, Initializers.computeFans(SHAPE));
        assertArrayEquals(new long[] {48, 96}, Initializers.computeFans(new long[] {3, 16, 32}));          // Conv1D: rf 3
        assertArrayEquals(new long[] {144, 288}, Initializers.computeFans(new long[] {3, 3, 16, 32}));     // Conv2D: rf 9
        assertArrayEquals(new long[] {54, 27}, Initializers.computeFans(new long[] {3, 3, 3, 2, 1}));      // Conv3D: rf 27
    }

    @Test
    void glorotHeAndLecunUniformLimits() {
        assertUniform(draw(new GlorotUniform()), Math.sqrt(6.0 / (400 + 300)));
        assertUniform(draw(new HeUniform()), Math.sqrt(6.0 / 400));
        assertUniform(draw(new LecunUniform()), Math.sqrt(3.0 / 400));
        assertUniform(draw(new RandomUniform()), 0.05);
        // VarianceScaling(scale=3, fan_out, uniform): limit sqrt(3 * 3 / 300)
        assertUniform(draw(new VarianceScaling(3.0, "fan_out", "uniform", null)), Math.sqrt(9.0 / 300));
    }

    @Test
    void glorotHeAndLecunNormalAreTruncatedWithKerasCorrection() {
        // stddev after truncation is sqrt(scale / n), so the parameter is that / 0.8796
        assertTruncated(draw(new GlorotNormal()), 0, Math.sqrt(2.0 / 700) / TRUNC);
        assertTruncated(draw(new HeNormal()), 0, Math.sqrt(2.0 / 400) / TRUNC);
        assertTruncated(draw(new LecunNormal()), 0, Math.sqrt(1.0 / 400) / TRUNC);
        assertTruncated(draw(new VarianceScaling(0.5, "fan_avg", "normal", null)), 0, Math.sqrt(0.5 / 350) / TRUNC);
        assertNormal(draw(new VarianceScaling(2.0, "fan_out", "untruncated_normal", null)), 0, Math.sqrt(2.0 / 300));
    }

    @Test
    void convKernelFansDriveTheScale() {
        // (5, 5, 64, 128): fan_in = 25 * 64 = 1600, so he_normal's std after truncation is sqrt(2/1600)
        Backend.setRandomSeed(5);
        INDArray k = new HeNormal().generate(new long[] {5, 5, 64, 128}, DataType.FLOAT);
        assertEquals(Math.sqrt(2.0 / 1600), k.stdNumber().doubleValue(), 0.01 * Math.sqrt(2.0 / 1600));
        // glorot_uniform: fan_in + fan_out = 1600 + 3200
        INDArray g = new GlorotUniform().generate(new long[] {5, 5, 64, 128}, DataType.FLOAT);
        assertTrue(Transforms.abs(g, true).maxNumber().doubleValue() < Math.sqrt(6.0 / 4800));
        assertTrue(Transforms.abs(g, true).maxNumber().doubleValue() > 0.999 * Math.sqrt(6.0 / 4800));
    }

    @Test
    void randomNormalAndTruncatedNormal() {
        assertNormal(draw(new RandomNormal()), 0.0, 0.05);
        assertNormal(draw(new RandomNormal(1.0, 2.0, null)), 1.0, 2.0);
        assertTruncated(draw(new TruncatedNormal()), 0.0, 0.05);
        assertTruncated(draw(new TruncatedNormal(1.0, 0.5, 3L)), 1.0, 0.5);
        // float64 requests give float64 values
        INDArray d = new TruncatedNormal(0.0, 1.0, 1L).generate(new long[] {1000}, DataType.DOUBLE);
        assertEquals(DataType.DOUBLE, d.dataType());
        assertTrue(Transforms.abs(d, true).maxNumber().doubleValue() <= 2.0);
        // stddev 0 is the constant mean
        assertEquals(Nd4j.valueArrayOf(new long[] {2, 3}, 0.5, DataType.FLOAT),
                new TruncatedNormal(0.5, 0, null).generate(new long[] {2, 3}, DataType.FLOAT));
    }

    @Test
    void constantInitializers() {
        long[] s = {2, 3};
        assertEquals(Nd4j.zeros(DataType.FLOAT, s), new Zeros().generate(s, DataType.FLOAT));
        assertEquals(Nd4j.ones(DataType.DOUBLE, s), new Ones().generate(s, DataType.DOUBLE));
        assertEquals(Nd4j.valueArrayOf(s, 0.3, DataType.FLOAT), new Constant(0.3).generate(s, DataType.FLOAT));
        assertEquals(Nd4j.zeros(DataType.INT32, s), new Zeros().generate(s, DataType.INT32));
        assertEquals(0, new GlorotUniform().generate(new long[] {0, 4}, DataType.FLOAT).length());
    }

    @Test
    void orthogonalHasOrthonormalColumnsOrRows() {
        Backend.setRandomSeed(11);
        INDArray w = new Orthogonal().generate(SHAPE, DataType.FLOAT);
        assertEquals(0.0, w.transpose().mmul(w).sub(Nd4j.eye(300).castTo(DataType.FLOAT)).amaxNumber().doubleValue(), 1e-5);
        INDArray wide = new Orthogonal().generate(new long[] {300, 400}, DataType.FLOAT);
        assertEquals(0.0, wide.mmul(wide.transpose()).sub(Nd4j.eye(300).castTo(DataType.FLOAT)).amaxNumber().doubleValue(), 1e-5);
        // a conv kernel is orthogonal as a (3*3*16, 32) matrix; gain 2 scales W^T W to 4 I
        INDArray k = new Orthogonal(2.0, null).generate(new long[] {3, 3, 16, 32}, DataType.DOUBLE).reshape('c', 144, 32);
        assertEquals(0.0, k.transpose().mmul(k).sub(Nd4j.eye(32).muli(4.0)).amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void orthogonalIsTheSignCorrectedQOfItsNormalDraw() {
        // the same seed draws the same normal matrix A, so Q^T A = R must be upper triangular with a positive diagonal
        INDArray q = new Orthogonal(1.0, 9L).generate(new long[] {6, 4}, DataType.DOUBLE);
        INDArray a = new RandomNormal(0.0, 1.0, 9L).generate(new long[] {6, 4}, DataType.DOUBLE);
        INDArray r = q.transpose().mmul(a);
        for (int i = 0; i < 4; i++) {
            assertTrue(r.getDouble(i, i) > 0, "diag(R) > 0 at " + i);
            for (int j = 0; j < i; j++) {
                assertEquals(0.0, r.getDouble(i, j), 1e-12, "R below the diagonal at " + i + "," + j);
            }
        }
        assertEquals(0.0, q.mmul(r).sub(a).amaxNumber().doubleValue(), 1e-12);
    }

    @Test
    void globalSeedMakesRunsRepeatable() {
        for (Initializer init : List.of(new GlorotUniform(), new HeNormal(), new RandomNormal(), new Orthogonal())) {
            Backend.setRandomSeed(123);
            INDArray a = init.generate(new long[] {20, 10}, DataType.FLOAT);
            INDArray a2 = init.generate(new long[] {20, 10}, DataType.FLOAT);
            Backend.setRandomSeed(123);
            INDArray b = init.generate(new long[] {20, 10}, DataType.FLOAT);
            assertEquals(a, b, init + " with the same global seed");
            assertNotEquals(a, a2, init + " unseeded: each call draws anew");
        }
    }

    @Test
    void explicitSeedRepeatsValuesAndLeavesTheGlobalGeneratorAlone() {
        for (Initializer init : List.of(new GlorotNormal(42L), new RandomUniform(-1, 1, 42L), new TruncatedNormal(0, 1, 42L),
                new Orthogonal(1.0, 42L))) {
            INDArray a = init.generate(new long[] {20, 10}, DataType.FLOAT);
            assertEquals(a, init.generate(new long[] {20, 10}, DataType.FLOAT), init + ": same seed, same values");
            Backend.setRandomSeed(1);
            INDArray expected = Nd4j.rand(DataType.FLOAT, 3);
            Backend.setRandomSeed(1);
            init.generate(new long[] {20, 10}, DataType.FLOAT);
            assertEquals(expected, Nd4j.rand(DataType.FLOAT, 3), init + " must not advance the global generator");
        }
        assertNotEquals(new HeUniform(1L).generate(SHAPE, DataType.FLOAT), new HeUniform(2L).generate(SHAPE, DataType.FLOAT));
        assertEquals(new GlorotUniform(5L).generate(SHAPE, DataType.FLOAT),
                new VarianceScaling(1.0, "fan_avg", "uniform", 5L).generate(SHAPE, DataType.FLOAT));
    }

    @Test
    void configsRoundTrip() {
        for (Initializer init : List.of(new Zeros(), new Ones(), new Constant(0.7), new RandomUniform(-1, 2, 3L),
                new RandomNormal(0.5, 0.1, null), new TruncatedNormal(0.0, 0.2, 8L), new VarianceScaling(2.0, "fan_out", "uniform", 4L),
                new GlorotUniform(1L), new GlorotNormal(), new HeUniform(2L), new HeNormal(), new LecunUniform(), new LecunNormal(6L),
                new Orthogonal(1.5, 7L))) {
            Initializer back = Registry.get().create(Kind.INITIALIZER, init.className(), Config.of(init.getConfig()), Initializer.class);
            assertEquals(init, back);
            assertEquals(init, Initializers.get(Initializers.serialize(init)));
            if (!init.getConfig().containsKey("seed") || init.getConfig().get("seed") != null) {
                assertEquals(init.generate(new long[] {4, 3}, DataType.FLOAT), back.generate(new long[] {4, 3}, DataType.FLOAT));
            }
        }
        assertEquals(Map.of("seed", 1L), new GlorotUniform(1L).getConfig());
        Map<String, Object> vs = new java.util.LinkedHashMap<>();
        vs.put("scale", 1.0);
        vs.put("mode", "fan_in");
        vs.put("distribution", "truncated_normal");
        vs.put("seed", null);
        assertEquals(vs, new VarianceScaling().getConfig());
    }

    @Test
    void namesAndKerasFileLayout() {
        assertEquals(new GlorotUniform(), Initializers.get("glorot_uniform"));
        assertEquals(new RandomUniform(), Initializers.get("uniform"));
        assertEquals(new RandomNormal(), Initializers.get("normal"));
        assertEquals(new Ones(), Initializers.get("one"));
        assertEquals(new Zeros(), Initializers.get("zero"));
        for (String name : List.of("orthogonal", "Orthogonal", "OrthogonalInitializer")) {
            assertEquals(new Orthogonal(), Initializers.get(name));
        }
        assertNull(Initializers.get(null));
        // as Keras 3 writes it inside a layer config, JSON integers included
        Map<String, Object> cfg = new HashMap<>();
        cfg.put("seed", null);
        Map<String, Object> keras = new HashMap<>();
        keras.put("module", "keras.initializers");
        keras.put("class_name", "GlorotUniform");
        keras.put("config", cfg);
        keras.put("registered_name", null);
        assertEquals(new GlorotUniform(), Initializers.get(keras));
        assertEquals(new VarianceScaling(2.0, "fan_in", "truncated_normal", 3L), Initializers.get(Map.of("class_name", "VarianceScaling",
                "config", Map.of("scale", 2, "mode", "fan_in", "distribution", "truncated_normal", "seed", 3))));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Initializers.get("glorot_uniformm"));
        assertTrue(e.getMessage().contains("glorot_uniform") && e.getMessage().contains("he_normal"), e.getMessage());
    }

    @Test
    void badArgumentsAreRejected() {
        assertMessage(() -> new RandomNormal(0.0, -1.0, null),
                "RandomNormal: stddev must be a non-negative number, received stddev=-1.0");
        assertMessage(() -> new TruncatedNormal(0.0, -0.1, null),
                "TruncatedNormal: stddev must be a non-negative number, received stddev=-0.1");
        assertMessage(() -> new RandomUniform(1.0, 0.0, null),
                "RandomUniform: minval and maxval must be finite with minval <= maxval, received minval=1.0, maxval=0.0");
        assertMessage(() -> new VarianceScaling(0.0, "fan_in", "uniform", null),
                "VarianceScaling: scale must be a positive number, received scale=0.0");
        assertMessage(() -> new VarianceScaling(1.0, "fan_x", "uniform", null),
                "VarianceScaling: mode must be one of fan_in, fan_out, fan_avg, received mode=\"fan_x\"");
        assertMessage(() -> new VarianceScaling(1.0, "fan_in", "Poisson", null),
                "VarianceScaling: distribution must be one of truncated_normal, untruncated_normal, uniform, received distribution=\"poisson\"");
        assertEquals("truncated_normal", new VarianceScaling(1.0, "fan_in", "Normal", null).distribution());
        assertMessage(() -> new Orthogonal().generate(new long[] {5}, DataType.FLOAT),
                "Orthogonal: the tensor to initialize must be at least two-dimensional, received shape=[5] of rank 1");
        assertMessage(() -> new HeNormal().generate(new long[] {3, 3}, DataType.INT32),
                "HeNormal: dtype must be a floating-point type, received INT");
        assertMessage(() -> new GlorotUniform().generate(new long[] {3, -1}, DataType.FLOAT),
                "GlorotUniform: shape dimensions must be >= 0, received shape [3, -1]");
        assertMessage(() -> Initializers.get(Map.of("class_name", "HeNormal", "config", Map.of("seed", "abc"))),
                "'seed' must be an integer");
        assertMessage(() -> Initializers.get(Map.of("class_name", "Zeros", "config", Map.of("value", 1))),
                "unknown config key(s) [value]");
    }

    private static void assertMessage(Executable body, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, body);
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
