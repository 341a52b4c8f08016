package org.keras4j.layers.regularization;

import java.util.Map;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.InputSpec;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.registry.Config;

/**
 * Dropout of whole feature channels of a sequence, as Keras's {@code keras.layers.SpatialDropout1D}:
 * during training each of the {@code features} channels of a {@code (batch, steps, features)}
 * sample is zeroed at every step with probability {@code rate}, and kept channels are scaled by
 * {@code 1 / (1 - rate)}; the identity in inference. Randomness as in {@link Dropout}.
 *
 * <pre>{@code new SpatialDropout1D(0.2)}</pre>
 */
public class SpatialDropout1D extends Layer {
    private final double rate;
    private final NoiseSource noise;

    public SpatialDropout1D(double rate) {
        this(rate, null);
    }

    /** @param seed the layer's own generator seed, or null for the global generator */
    public SpatialDropout1D(double rate, Long seed) {
        this.rate = NoiseSource.checkRate("SpatialDropout1D", rate);
        this.noise = new NoiseSource(seed);
        setInputSpec(new InputSpec(3, 3, Map.of()));
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (!training || rate == 0) {
            return inputs;
        }
        long[] s = inputs.shape();
        return NnOps.dropout(inputs, rate, new long[] {s[0], 1, s[2]}, noise.generator());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rate", rate);
        c.put("seed", noise.seed());
        return c;
    }

    public static SpatialDropout1D fromConfig(Config c) {
        c.ignore("noise_shape");
        return applyBaseConfig(c, new SpatialDropout1D(c.getDouble("rate"), NoiseSource.seed(c)));
    }
}
