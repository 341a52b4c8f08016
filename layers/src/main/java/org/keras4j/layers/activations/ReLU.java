package org.keras4j.layers.activations;

import java.util.Map;
import org.keras4j.framework.activations.Activation;
import org.keras4j.framework.activations.Activations;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.registry.Config;

/**
 * Rectified linear unit as a layer, as Keras's {@code keras.layers.ReLU}:
 * {@code max_value} where {@code x >= max_value}, {@code x} where {@code threshold <= x < max_value},
 * and {@code negative_slope * (x - threshold)} below the threshold.
 *
 * <p>Shapes: any input; output of the same shape. Defaults: {@code max_value=null} (no cap),
 * {@code negative_slope=0}, {@code threshold=0}. No weights; masks pass through.
 *
 * <pre>{@code new ReLU()                 // max(x, 0)
 * new ReLU(6.0, 0.0, 0.0)          // relu6}</pre>
 */
public class ReLU extends Layer {
    private final Double maxValue;
    private final double negativeSlope;
    private final double threshold;
    private final Activation relu;

    public ReLU() {
        this(null, 0.0, 0.0);
    }

    /**
     * @param maxValue the cap (null for none), not negative
     * @param negativeSlope the slope below the threshold, not negative
     * @param threshold where the unit switches on, not negative
     */
    public ReLU(Double maxValue, double negativeSlope, double threshold) {
        if (maxValue != null && !(maxValue >= 0)) {
            throw new IllegalArgumentException("ReLU: max_value cannot be negative, received max_value=" + maxValue);
        }
        if (!(negativeSlope >= 0)) {
            throw new IllegalArgumentException("ReLU: negative_slope must be a number >= 0, received negative_slope=" + negativeSlope);
        }
        if (!(threshold >= 0)) {
            throw new IllegalArgumentException("ReLU: threshold must be a number >= 0, received threshold=" + threshold);
        }
        this.maxValue = maxValue;
        this.negativeSlope = negativeSlope;
        this.threshold = threshold;
        // the activations package already composes this from differentiable ops (plain relu, leaky relu or the general form)
        this.relu = Activations.relu(negativeSlope, maxValue, threshold);
    }

    /** Element-wise, so a mask passes through unchanged (Keras: supports_masking). */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return relu.apply(inputs);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("max_value", maxValue);
        c.put("negative_slope", negativeSlope);
        c.put("threshold", threshold);
        return c;
    }

    public static ReLU fromConfig(Config c) {
        return applyBaseConfig(c, new ReLU(c.getNullableDouble("max_value", null), c.getDouble("negative_slope", 0.0),
                c.getDouble("threshold", 0.0)));
    }
}
