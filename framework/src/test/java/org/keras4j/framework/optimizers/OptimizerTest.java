package org.keras4j.framework.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.framework.optimizers.OptimizerTesting.GRADS;
import static org.keras4j.framework.optimizers.OptimizerTesting.assertClose;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.optimizers.schedules.PiecewiseConstantDecay;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The base class: clipping, weight decay, schedules, missing gradients, argument checks, base config. */
class OptimizerTest {

    private static Variable var(String name, double... w) {
        return new Variable(name, Nd4j.createFromArray(w), true);
    }

    private static INDArray arr(double... g) {
        return Nd4j.createFromArray(g);
    }

    @Test
    void clipnormClipsEachGradientToItsOwnNorm() {
        Variable a = var("a", 1.0, 1.0);
        Variable b = var("b", 1.0, 1.0);
        INDArray ga = arr(3.0, 4.0); // norm 5 -> scaled by 1/5 to (0.6, 0.8)
        INDArray gb = arr(0.3, 0.4); // norm 0.5 <= 1 -> unchanged
        new SGD(0.1).clipnorm(1.0).applyGradients(List.of(ga, gb), List.of(a, b));
        assertClose(new double[] {1 - 0.1 * 0.6, 1 - 0.1 * 0.8}, a.value(), "a");
        assertClose(new double[] {1 - 0.1 * 0.3, 1 - 0.1 * 0.4}, b.value(), "b");
        assertClose(new double[] {3.0, 4.0}, ga, "the caller's gradient is not modified");
    }

    @Test
    void globalClipnormScalesAllGradientsTogether() {
        Variable a = var("a", 0.0, 0.0);
        Variable b = var("b", 0.0);
        // global norm sqrt(9 + 16 + 144) = 13; clip 2 -> every gradient times 2/13
        new SGD(1.0).globalClipnorm(2.0).applyGradients(List.of(arr(3.0, 4.0), arr(12.0)), List.of(a, b));
        assertClose(new double[] {-6.0 / 13, -8.0 / 13}, a.value(), "a");
        assertClose(new double[] {-24.0 / 13}, b.value(), "b");
        // below the threshold nothing changes
        Variable c = var("c", 0.0);
        new SGD(1.0).globalClipnorm(2.0).applyGradients(List.of(arr(1.5)), List.of(c));
        assertClose(new double[] {-1.5}, c.value(), "c");
    }

    @Test
    void sharedGradientArrayIsClippedOnceAndNotModified() {
        // The tape may hand the same array to two variables (e.g. d(a + b)).
        INDArray g = arr(3.0, 4.0);
        Variable a = var("a", 0.0, 0.0);
        Variable b = var("b", 0.0, 0.0);
        // global norm sqrt(25 + 25) = 7.0710678; clip 1 -> scale 1 / sqrt(50)
        new SGD(1.0).globalClipnorm(1.0).applyGradients(List.of(g, g), List.of(a, b));
        double s = 1 / Math.sqrt(50);
        assertClose(new double[] {-3 * s, -4 * s}, a.value(), "a");
        assertClose(new double[] {-3 * s, -4 * s}, b.value(), "b");
        assertClose(new double[] {3.0, 4.0}, g, "shared gradient");
    }

    @Test
    void clipvalueClipsElements() {
        Variable a = var("a", 0.0, 0.0, 0.0);
        INDArray g = arr(2.0, -3.0, 0.2);
        new SGD(1.0).clipvalue(0.5).applyGradients(List.of(g), List.of(a));
        assertClose(new double[] {-0.5, 0.5, -0.2}, a.value(), "a");
        assertClose(new double[] {2.0, -3.0, 0.2}, g, "gradient not modified");
    }

    @Test
    void clippingFeedsTheNativeAdamOp() {
        double[][] clipped = OptimizerTesting.copy(GRADS);
        for (double[] g : clipped) {
            double n = Math.sqrt(Arrays.stream(g).map(x -> x * x).sum());
            for (int i = 0; i < g.length; i++) {
                g[i] = g[i] * 0.5 / Math.max(n, 0.5);
            }
        }
        double[][] expected = AdamTest.reference(new double[] {0.1, 0.1, 0.1}, 0.9, 0.999, 1e-7, false, clipped);
        OptimizerTesting.checkSteps(new Adam(0.1).clipnorm(0.5), expected);
    }

    @Test
    void onlyOneClipSetting() {
        var e = assertThrows(IllegalArgumentException.class, () -> new SGD().clipnorm(1.0).clipvalue(0.5));
        assertEquals("SGD: only one of clipnorm, clipvalue and global_clipnorm can be set. "
                + "Received: clipnorm=1.0, clipvalue=0.5, global_clipnorm=None", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Adam().globalClipnorm(1.0).clipnorm(1.0));
        var zero = assertThrows(IllegalArgumentException.class, () -> new Adam().clipnorm(0.0));
        assertEquals("Adam: clipnorm must be a finite number > 0, received clipnorm=0.0", zero.getMessage());
    }

    @Test
    void weightDecayOnSgdIsDecoupled() {
        // Keras: w = w - w * wd * lr, then w = w - lr * g
        Variable kernel = var("dense/kernel", 2.0, -1.0);
        Variable bias = var("dense/bias", 2.0);
        SGD sgd = new SGD(0.1);
        sgd.weightDecay(0.5);
        sgd.applyGradients(List.of(arr(1.0, 1.0), arr(1.0)), List.of(kernel, bias));
        assertClose(new double[] {2.0 - 2.0 * 0.05 - 0.1, -1.0 + 0.05 - 0.1}, kernel.value(), "kernel");
        assertClose(new double[] {2.0 - 0.1 - 0.1}, bias.value(), "bias");

        SGD excluding = new SGD(0.1);
        excluding.weightDecay(0.5).excludeFromWeightDecay(null, List.of("bias"));
        Variable k2 = var("dense/kernel", 2.0, -1.0);
        Variable b2 = var("dense/bias", 2.0);
        excluding.applyGradients(List.of(arr(1.0, 1.0), arr(1.0)), List.of(k2, b2));
        assertClose(new double[] {1.8, -1.05}, k2.value(), "kernel still decays");
        assertClose(new double[] {1.9}, b2.value(), "bias excluded by name");

        SGD byVariable = new SGD(0.1);
        byVariable.weightDecay(0.5).excludeFromWeightDecay(List.of(k2), null);
        byVariable.applyGradients(List.of(arr(0.0, 0.0), arr(0.0)), List.of(k2, b2));
        assertClose(new double[] {1.8, -1.05}, k2.value(), "kernel excluded by identity");
        assertClose(new double[] {1.9 - 1.9 * 0.05}, b2.value(), "bias decays");
    }

    @Test
    void scheduleDrivesLearningRateAndWeightDecay() {
        // step 0 and 1 (<= boundary 1): lr 0.1; step 2: lr 0.01
        SGD sgd = new SGD(new PiecewiseConstantDecay(new long[] {1}, new double[] {0.1, 0.01}));
        sgd.weightDecay(1.0);
        Variable w = var("w", 1.0);
        double expected = 1.0;
        double[] lrs = {0.1, 0.1, 0.01};
        for (int t = 0; t < 3; t++) {
            assertEquals(lrs[t], sgd.currentLearningRate(), 0.0);
            sgd.applyGradients(List.of(arr(1.0)), List.of(w));
            expected = expected - expected * 1.0 * lrs[t] - lrs[t];
            assertClose(new double[] {expected}, w.value(), "step " + (t + 1));
        }
        sgd.setLearningRate(0.5);
        assertNull(sgd.schedule());
        assertEquals(0.5, sgd.currentLearningRate());
    }

    @Test
    void missingGradientsAreSkipped() {
        Variable a = var("a", 1.0);
        Variable b = var("b", 1.0);
        List<INDArray> grads = new ArrayList<>();
        grads.add(null);
        grads.add(arr(1.0));
        SGD sgd = new SGD(0.5);
        sgd.applyGradients(grads, List.of(a, b));
        assertClose(new double[] {1.0}, a.value(), "a has no gradient");
        assertClose(new double[] {0.5}, b.value(), "b");
        assertEquals(1, sgd.iterations());

        List<INDArray> none = new ArrayList<>();
        none.add(null);
        var e = assertThrows(IllegalArgumentException.class, () -> sgd.applyGradients(none, List.of(a)));
        assertEquals("No gradients provided for any variable.", e.getMessage());
        sgd.applyGradients(List.of(), List.of());
        assertEquals(1, sgd.iterations(), "an empty update is a no-op");
    }

    @Test
    void mismatchedGradients() {
        Variable a = var("dense/kernel", 1.0, 2.0);
        var count = assertThrows(IllegalArgumentException.class, () -> new SGD().applyGradients(List.of(arr(1.0)), List.of()));
        assertEquals("SGD.applyGradients: received 1 gradients for 0 variables", count.getMessage());
        var shape = assertThrows(IllegalArgumentException.class,
                () -> new Adam().applyGradients(List.of(arr(1.0, 2.0, 3.0)), List.of(a)));
        assertEquals("Adam.applyGradients: the gradient of variable 'dense/kernel' has shape (3,) but the variable has shape (2,)",
                shape.getMessage());
    }

    @Test
    void float32GradientForFloat64Variable() {
        Variable a = var("a", 1.0, 2.0);
        new RMSprop(0.1).applyGradients(List.of(Nd4j.createFromArray(0.5f, -0.5f)), List.of(a));
        double inc = 0.1 * 0.5 / Math.sqrt(0.1 * 0.25 + 1e-7);
        assertClose(new double[] {1.0 - inc, 2.0 + inc}, a.value(), "a");
        assertEquals(DataType.DOUBLE, a.value().dataType());
    }

    @Test
    void iterationsAndLearningRateChecks() {
        Adam adam = new Adam();
        adam.setIterations(10);
        assertEquals(10, adam.iterations());
        assertThrows(IllegalArgumentException.class, () -> adam.setIterations(-1));
        assertThrows(IllegalArgumentException.class, () -> adam.setLearningRate(Double.POSITIVE_INFINITY));
        assertThrows(IllegalArgumentException.class, () -> adam.setLearningRate((LearningRateSchedule) null));
        assertSame(adam, adam.name("my_adam"));
        assertEquals("my_adam", adam.getConfig().get("name"));
    }

    @Test
    void baseConfigKeysAndUnsupportedKerasFeatures() {
        Map<String, Object> cfg = new SGD(0.1).clipvalue(0.5).getConfig();
        assertEquals(List.of("name", "learning_rate", "weight_decay", "clipnorm", "global_clipnorm", "clipvalue", "use_ema",
                "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor", "gradient_accumulation_steps", "momentum",
                "nesterov"), List.copyOf(cfg.keySet()));
        assertEquals(0.5, cfg.get("clipvalue"));
        assertEquals(false, cfg.get("use_ema"));

        Map<String, Object> ema = new HashMap<>(cfg);
        ema.put("use_ema", true);
        var e = assertThrows(IllegalArgumentException.class, () -> create("SGD", ema));
        assertEquals("SGD: use_ema=true (exponential moving average of the weights) is not supported by Keras4J; "
                + "remove it from the optimizer config", e.getMessage());
        Map<String, Object> acc = new HashMap<>(cfg);
        acc.put("gradient_accumulation_steps", 4);
        assertThrows(IllegalArgumentException.class, () -> create("SGD", acc));
        Map<String, Object> typo = new HashMap<>(cfg);
        typo.put("momentun", 0.9);
        var t = assertThrows(IllegalArgumentException.class, () -> create("SGD", typo));
        assertEquals(true, t.getMessage().contains("unknown config key(s) [momentun]"), t.getMessage());
        // Keras 3 ignores the legacy "decay" argument, and so do we.
        Map<String, Object> legacy = new HashMap<>(Map.of("learning_rate", 0.2, "decay", 0.0));
        assertEquals(0.2, create("SGD", legacy).currentLearningRate());
    }

    private static Optimizer create(String name, Map<String, Object> cfg) {
        return Registry.get().create(Kind.OPTIMIZER, name, Config.of(cfg), Optimizer.class);
    }
}
