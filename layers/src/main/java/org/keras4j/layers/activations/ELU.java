package org.keras4j.layers.activations;

import java.util.Map;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.registry.Config;

/**
 * Exponential linear unit, as Keras's {@code keras.layers.ELU}: {@code x} where {@code x > 0},
 * else {@code alpha * (exp(x) - 1)}.
 *
 * <p>Shapes: any input; output of the same shape. Default {@code alpha=1.0}. No weights; masks pass through.
 *
 * <pre>{@code new ELU(0.5)}</pre>
 */
public class ELU extends Layer {
    private final double alpha;

    public ELU() {
        this(1.0);
    }

    /** @param alpha the scale of the negative part */
    public ELU(double alpha) {
        if (!Double.isFinite(alpha)) {
            throw new IllegalArgumentException("ELU: alpha must be a finite number, received alpha=" + alpha);
        }
        this.alpha = alpha;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return NnOps.elu(inputs, alpha);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("alpha", alpha);
        return c;
    }

    public static ELU fromConfig(Config c) {
        return applyBaseConfig(c, new ELU(c.getDouble("alpha", 1.0)));
    }
}
