package org.keras4j.layers.activations;

import java.util.Map;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.registry.Config;

/**
 * Leaky rectified linear unit, as Keras's {@code keras.layers.LeakyReLU}: {@code x} where
 * {@code x > 0}, else {@code negative_slope * x}.
 *
 * <p>Shapes: any input; output of the same shape. Default {@code negative_slope=0.3} (Keras 3).
 * A Keras 2 config, which calls the slope {@code alpha}, is read too. No weights; masks pass through.
 *
 * <pre>{@code new LeakyReLU(0.1)}</pre>
 */
public class LeakyReLU extends Layer {
    private final double negativeSlope;

    public LeakyReLU() {
        this(0.3);
    }

    /** @param negativeSlope the slope for negative inputs, not negative */
    public LeakyReLU(double negativeSlope) {
        if (!(negativeSlope >= 0)) {
            throw new IllegalArgumentException("LeakyReLU: negative_slope must be a number >= 0, received negative_slope=" + negativeSlope);
        }
        this.negativeSlope = negativeSlope;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return NnOps.leakyRelu(inputs, negativeSlope);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("negative_slope", negativeSlope);
        return c;
    }

    public static LeakyReLU fromConfig(Config c) {
        if (c.has("alpha") && c.has("negative_slope")) {
            throw new IllegalArgumentException("LeakyReLU config: give 'negative_slope' (Keras 3) or 'alpha' (Keras 2), not both; received alpha="
                    + c.raw("alpha") + ", negative_slope=" + c.raw("negative_slope"));
        }
        double slope = c.has("alpha") ? c.getDouble("alpha") : c.getDouble("negative_slope", 0.3);
        return applyBaseConfig(c, new LeakyReLU(slope));
    }
}
