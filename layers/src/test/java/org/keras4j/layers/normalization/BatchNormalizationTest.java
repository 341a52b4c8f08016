package org.keras4j.layers.normalization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.GradientTape;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.testing.GradientCheck;
import org.keras4j.framework.testing.LayerTestHarness;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class BatchNormalizationTest {

    @Test
    void passesTheLayerContractInTrainingMode() {
        // 2-D, channels-last 4-D and channels-first (axis=1); reduction sizes 8, 16 and 16
        LayerTestHarness.of(BatchNormalization::new).inputShape(8, 3).expectOutputShape(8, 3).expectParams(12).run();
        LayerTestHarness.of(() -> new BatchNormalization().gammaInitializer("random_uniform").betaInitializer("random_normal"))
                .inputShape(4, 2, 2, 3).expectOutputShape(4, 2, 2, 3).expectParams(12).run();
        LayerTestHarness.of(() -> new BatchNormalization(1).gammaInitializer("random_uniform"))
                .inputShape(4, 5, 2, 2).expectOutputShape(4, 5, 2, 2).expectParams(20).run();
        LayerTestHarness.of(() -> new BatchNormalization().center(false)).inputShape(8, 2, 3).expectParams(9).run();
        LayerTestHarness.of(() -> new BatchNormalization().scale(false).betaRegularizer("l2")).inputShape(8, 2, 3).expectParams(9).run();
    }

    @Test
    void passesTheLayerContractInInferenceMode() {
        LayerTestHarness.of(() -> new BatchNormalization().gammaInitializer("random_uniform")
                        .movingMeanInitializer("random_normal").movingVarianceInitializer(new org.keras4j.framework.initializers.Constant(0.7)))
                .inputShape(3, 2, 2, 5).gradientInInference().expectParams(20).run();
        LayerTestHarness.of(() -> new BatchNormalization(1).center(false).movingMeanInitializer("random_normal"))
                .inputShape(3, 4, 5).gradientInInference().expectParams(12).run();
    }

    /** Channels-last batch statistics by hand: x[n][c] over n. */
    @Test
    void trainingModeNormalizesWithBiasedBatchStatistics() {
        BatchNormalization bn = new BatchNormalization().epsilon(0.01);
        bn.ensureBuilt(Shape.of(-1, 2));
        bn.gamma().assign(Nd4j.createFromArray(2f, 0.5f));
        bn.beta().assign(Nd4j.createFromArray(1f, -1f));
        INDArray x = Nd4j.createFromArray(new float[][] {{1, 10}, {2, 20}, {3, 30}, {6, 60}});
        // channel 0: mean 3, biased var (4+1+0+9)/4 = 3.5; channel 1: mean 30, var 350
        float[] out = bn.apply(Tensor.constant(x), true).value().reshape(8).toFloatVector();
        double s0 = Math.sqrt(3.5 + 0.01);
        double s1 = Math.sqrt(350 + 0.01);
        double[] expected = {2 * (1 - 3) / s0 + 1, 0.5 * (10 - 30) / s1 - 1, 2 * (2 - 3) / s0 + 1, 0.5 * (20 - 30) / s1 - 1,
                1, -1, 2 * (6 - 3) / s0 + 1, 0.5 * (60 - 30) / s1 - 1};
        for (int i = 0; i < 8; i++) {
            assertEquals(expected[i], out[i], 1e-5, "element " + i);
        }
        // one update from (0, 1): 0.99 * 0 + 0.01 * mean, 0.99 * 1 + 0.01 * var
        assertArrayEquals(new float[] {0.03f, 0.3f}, bn.movingMean().value().toFloatVector(), 1e-6f);
        assertArrayEquals(new float[] {0.99f + 0.035f, 0.99f + 3.5f}, bn.movingVariance().value().toFloatVector(), 1e-5f);
    }

    @Test
    void movingStatisticsAfterTrainingStepsMatchAHandComputation() {
        Backend.setRandomSeed(3);
        BatchNormalization bn = new BatchNormalization().momentum(0.9);
        Sequential model = new Sequential(new Input(3, 2, 4), bn);
        model.compile("sgd", "mse");
        double[] mean = new double[4];
        double[] var = {1, 1, 1, 1};
        for (int step = 0; step < 5; step++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 6, 3, 2, 4).muli(step + 1).addi(step - 2);
            model.trainOnBatch(x, Nd4j.zeros(DataType.FLOAT, 6, 3, 2, 4));
            double[][] stats = channelStats(x.castTo(DataType.DOUBLE));
            for (int c = 0; c < 4; c++) {
                mean[c] = mean[c] * 0.9 + stats[0][c] * 0.1;
                var[c] = var[c] * 0.9 + stats[1][c] * 0.1;
            }
        }
        assertArrayEquals(mean, toDoubles(bn.movingMean()), 1e-5);
        assertArrayEquals(var, toDoubles(bn.movingVariance()), 1e-5);
        assertEquals(List.of(bn.movingMean(), bn.movingVariance()), bn.nonTrainableWeights());
        assertEquals(List.of(bn.gamma(), bn.beta()), bn.trainableWeights());
    }

    @Test
    void inferenceUsesTheMovingStatistics() {
        BatchNormalization bn = new BatchNormalization(1).epsilon(1e-3);
        bn.ensureBuilt(Shape.of(-1, 2, 3));
        bn.gamma().assign(Nd4j.createFromArray(1.5f, -1f));
        bn.beta().assign(Nd4j.createFromArray(0.25f, 2f));
        bn.movingMean().assign(Nd4j.createFromArray(1f, -2f));
        bn.movingVariance().assign(Nd4j.createFromArray(4f, 0.25f));
        INDArray x = Nd4j.createFromArray(new float[][][] {{{1, 2, 3}, {-2, 0, 4}}});
        float[] out = bn.apply(Tensor.constant(x), false).value().reshape(6).toFloatVector();
        double s0 = Math.sqrt(4.001);
        double s1 = Math.sqrt(0.251);
        double[] expected = {0.25, 1.5 / s0 + 0.25, 3 / s0 + 0.25, 2, -2 / s1 + 2, -6 / s1 + 2};
        for (int i = 0; i < 6; i++) {
            assertEquals(expected[i], out[i], 1e-5, "element " + i);
        }
        assertArrayEquals(new float[] {1f, -2f}, bn.movingMean().value().toFloatVector(), "inference must not update statistics");
    }

    @Test
    void aFrozenLayerRunsInInferenceModeEvenDuringFit() {
        Backend.setRandomSeed(5);
        BatchNormalization bn = new BatchNormalization();
        Sequential model = new Sequential(new Input(4), bn);
        model.build(Shape.of(-1, 4));
        bn.movingMean().assign(Nd4j.createFromArray(0.5f, -0.5f, 1f, 0f));
        bn.movingVariance().assign(Nd4j.createFromArray(2f, 0.5f, 1f, 3f));
        bn.setTrainable(false);
        assertTrue(bn.trainableWeights().isEmpty());
        INDArray x = Nd4j.rand(DataType.FLOAT, 8, 4).muli(3);
        INDArray inference = bn.apply(Tensor.constant(x), false).value();
        INDArray inTraining = bn.apply(Tensor.constant(x), true).value();
        assertTrue(inference.equalsWithEps(inTraining, 1e-6), "a frozen layer called with training=true must use moving statistics");
        model.compile("sgd", "mse");
        INDArray gammaBefore = bn.gamma().value().dup();
        model.fit(x, Nd4j.rand(DataType.FLOAT, 8, 4), org.keras4j.framework.models.FitOptions.epochs(2).batchSize(4).verbose(0));
        assertArrayEquals(new float[] {0.5f, -0.5f, 1f, 0f}, bn.movingMean().value().toFloatVector());
        assertArrayEquals(new float[] {2f, 0.5f, 1f, 3f}, bn.movingVariance().value().toFloatVector());
        assertEquals(gammaBefore, bn.gamma().value());
        // unfreezing restores trainable gamma/beta but keeps the statistics non-trainable
        bn.setTrainable(true);
        assertEquals(List.of(bn.gamma(), bn.beta()), bn.trainableWeights());
    }

    /**
     * libnd4j's batchnorm_bp computes 1/N in float32, so in float64 its input gradient is good to about
     * 1e-7 when N is not a power of two (the harness cases use powers of two). Here N = 3*5 = 15 against
     * the closed form dx = gamma/sqrt(var+eps) * (g - mean(g) - xhat * mean(g * xhat)).
     */
    @Test
    void trainingGradientMatchesTheClosedFormForAnyReductionSize() {
        GradientCheck.inFloat64(() -> {
            BatchNormalization bn = new BatchNormalization().gammaInitializer("random_uniform");
            bn.ensureBuilt(Shape.of(-1, 5, 2));
            Variable x = new Variable("x", GradientCheck.uniform(-2, 2, 3, 5, 2), true);
            INDArray g = GradientCheck.uniform(0.5, 1.5, 3, 5, 2);
            List<INDArray> grads;
            try (GradientTape tape = new GradientTape()) {
                Tensor out = bn.apply(x, true);
                grads = tape.gradient(org.keras4j.framework.autodiff.Ops.sum(
                        org.keras4j.framework.autodiff.Ops.multiply(out, Tensor.constant(g))), List.of(x, bn.gamma(), bn.beta()));
            }
            INDArray xv = x.value();
            INDArray mean = xv.mean(0, 1).reshape(1, 1, 2);
            INDArray invStd = org.nd4j.linalg.ops.transforms.Transforms.pow(xv.var(false, 0, 1).addi(1e-3), -0.5).reshape(1, 1, 2);
            INDArray xhat = xv.sub(mean).muli(invStd);
            INDArray dx = g.sub(g.mean(true, 0, 1)).subi(xhat.mul(g.mul(xhat).mean(true, 0, 1)))
                    .muli(invStd).muli(bn.gamma().value().reshape(1, 1, 2));
            assertTrue(dx.equalsWithEps(grads.get(0), 1e-6), "input gradient\n" + dx + "\n" + grads.get(0));
            assertTrue(g.mul(xhat).sum(0, 1).equalsWithEps(grads.get(1), 1e-9), "gamma gradient");
            assertTrue(g.sum(0, 1).equalsWithEps(grads.get(2), 1e-12), "beta gradient");
        });
    }

    @Test
    void readsKerasConfigsIncludingTfKerasAxisLists() {
        Map<String, Object> tfKeras = new java.util.LinkedHashMap<>(Map.of("name", "conv1_bn", "trainable", true, "dtype", "float32",
                "axis", List.of(3), "momentum", 0.9, "epsilon", 1e-5, "center", true, "scale", false));
        tfKeras.put("beta_regularizer", null);
        tfKeras.put("gamma_constraint", null);
        tfKeras.put("fused", true);
        tfKeras.put("renorm", false);
        BatchNormalization bn = (BatchNormalization) Registry.get().create(Kind.LAYER, "BatchNormalization", Config.of(tfKeras), Layer.class);
        assertEquals(3, bn.axis());
        assertEquals("conv1_bn", bn.name());
        Map<String, Object> c = bn.getConfig();
        assertEquals(0.9, c.get("momentum"));
        assertEquals(1e-5, c.get("epsilon"));
        assertEquals(false, c.get("scale"));
        bn.ensureBuilt(Shape.of(-1, 4, 4, 6));
        assertEquals(List.of("conv1_bn/beta", "conv1_bn/moving_mean", "conv1_bn/moving_variance"),
                bn.weights().stream().map(Variable::name).toList());
        var renorm = new java.util.HashMap<>(tfKeras);
        renorm.put("renorm", true);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Registry.get().create(Kind.LAYER, "BatchNormalization", Config.of(renorm), Layer.class));
        assertTrue(e.getMessage().contains("renorm"), e.getMessage());
    }

    @Test
    void badArgumentsAndInputsGiveKerasStyleMessages() {
        assertEquals("BatchNormalization: momentum must be in [0, 1], received momentum=1.5",
                assertThrows(IllegalArgumentException.class, () -> new BatchNormalization().momentum(1.5)).getMessage());
        BatchNormalization batchAxis = new BatchNormalization(0);
        var e = assertThrows(IllegalArgumentException.class, () -> batchAxis.ensureBuilt(Shape.of(-1, 3)));
        assertTrue(e.getMessage().contains("batch axis"), e.getMessage());
        BatchNormalization outOfRange = new BatchNormalization(3);
        e = assertThrows(IllegalArgumentException.class, () -> outOfRange.ensureBuilt(Shape.of(-1, 3)));
        assertTrue(e.getMessage().contains("axis 3 is out of range for input shape (None, 3)"), e.getMessage());
        BatchNormalization bn = new BatchNormalization();
        bn.ensureBuilt(Shape.of(-1, 4, 3));
        e = assertThrows(IllegalArgumentException.class, () -> bn.apply(Tensor.constant(Nd4j.zeros(DataType.FLOAT, 2, 4, 5)), true));
        assertEquals(bn.describe() + " expects input with axis 2 3, but received shape (None, 4, 5).", e.getMessage());
        assertFalse(bn.movingMean().isTrainable());
    }

    /** Per-channel mean and biased variance of a channels-last array, by plain loops. */
    static double[][] channelStats(INDArray x) {
        int c = (int) x.size(-1);
        double[] flat = x.reshape(-1).toDoubleVector();
        int n = flat.length / c;
        double[][] out = new double[2][c];
        for (int k = 0; k < c; k++) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                sum += flat[i * c + k];
            }
            double m = sum / n;
            double sq = 0;
            for (int i = 0; i < n; i++) {
                sq += (flat[i * c + k] - m) * (flat[i * c + k] - m);
            }
            out[0][k] = m;
            out[1][k] = sq / n;
        }
        return out;
    }

    private static double[] toDoubles(Variable v) {
        return v.value().castTo(DataType.DOUBLE).toDoubleVector();
    }
}
