package org.keras4j.framework.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.framework.optimizers.OptimizerTesting.GRADS;
import static org.keras4j.framework.optimizers.OptimizerTesting.W0;
import static org.keras4j.framework.optimizers.OptimizerTesting.checkSteps;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;

/** AdamW: Keras's decoupled decay (w -= w * wd * lr before the Adam step) written out with doubles. */
class AdamWTest {

    static double[][] reference(double lr, double wd, double b1, double b2, double eps, boolean amsgrad) {
        double[] w = W0.clone();
        double[] m = new double[w.length];
        double[] v = new double[w.length];
        double[] vHat = new double[w.length];
        double[][] out = new double[GRADS.length][];
        for (int t = 1; t <= GRADS.length; t++) {
            double alpha = lr * Math.sqrt(1 - Math.pow(b2, t)) / (1 - Math.pow(b1, t));
            for (int i = 0; i < w.length; i++) {
                w[i] = w[i] - w[i] * wd * lr;
                double g = GRADS[t - 1][i];
                m[i] += (g - m[i]) * (1 - b1);
                v[i] += (g * g - v[i]) * (1 - b2);
                vHat[i] = Math.max(vHat[i], v[i]);
                w[i] -= m[i] * alpha / (Math.sqrt(amsgrad ? vHat[i] : v[i]) + eps);
            }
            out[t - 1] = w.clone();
        }
        return out;
    }

    @Test
    void defaultsMatchKeras() {
        AdamW opt = new AdamW();
        assertEquals(0.004, opt.weightDecay());
        assertEquals("adamw", opt.name());
        checkSteps(opt, reference(0.001, 0.004, 0.9, 0.999, 1e-7, false));
    }

    @Test
    void strongDecayAndAmsgrad() {
        checkSteps(new AdamW(0.1, 0.5, 0.8, 0.95, 1e-3, true), reference(0.1, 0.5, 0.8, 0.95, 1e-3, true));
    }

    @Test
    void weightDecayMustNotBeNoneInConfig() {
        Map<String, Object> cfg = new HashMap<>(new AdamW().getConfig());
        cfg.put("weight_decay", null);
        var e = assertThrows(IllegalArgumentException.class,
                () -> Registry.get().create(Kind.OPTIMIZER, "AdamW", Config.of(cfg), Optimizer.class));
        assertEquals("AdamW: weight_decay must be a number, received weight_decay=None", e.getMessage());
        var neg = assertThrows(IllegalArgumentException.class, () -> new AdamW(0.001, -0.1));
        assertEquals("AdamW: weight_decay must be a finite number >= 0, received weight_decay=-0.1", neg.getMessage());
    }
}
