package org.keras4j.layers.activations;

import java.util.Map;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.registry.Config;

/**
 * Thresholded rectified linear unit, as Keras 2's {@code keras.layers.ThresholdedReLU} (Keras 3
 * dropped the class; {@code ReLU(threshold=...)} differs below the threshold only in name):
 * {@code x} where {@code x > theta}, else {@code 0}.
 *
 * <p>Shapes: any input; output of the same shape. Default {@code theta=1.0}. No weights; masks pass through.
 *
 * <pre>{@code new ThresholdedReLU(0.5)}</pre>
 */
public class ThresholdedReLU extends Layer {
    private final double theta;

    public ThresholdedReLU() {
        this(1.0);
    }

    /** @param theta the threshold, not negative */
    public ThresholdedReLU(double theta) {
        if (!(theta >= 0)) {
            throw new IllegalArgumentException("ThresholdedReLU: theta must be a number >= 0, received theta=" + theta);
        }
        this.theta = theta;
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        // x * (x > theta): the 0/1 factor is a constant, so the gradient is the same step
        return Ops.multiply(inputs, Tensor.constant(inputs.value().gt(theta).castTo(inputs.dataType())));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("theta", theta);
        return c;
    }

    public static ThresholdedReLU fromConfig(Config c) {
        return applyBaseConfig(c, new ThresholdedReLU(c.getDouble("theta", 1.0)));
    }
}
