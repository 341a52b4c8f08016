package org.keras4j.layers.regularization;

import java.util.Map;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.registry.Config;

/**
 * Randomly sets input units to 0 with frequency {@code rate} during training and scales the rest
 * by {@code 1 / (1 - rate)}, so the expected sum is unchanged; the identity in inference, as
 * Keras's {@code keras.layers.Dropout}. Randomness comes from the generator seeded by
 * {@code Backend.setRandomSeed}, or from the layer's own {@code seed} when given.
 *
 * <pre>{@code new Dropout(0.5)}</pre>
 */
public class Dropout extends Layer {
    private final double rate;
    private final NoiseSource noise;

    /** @param rate fraction of the inputs to drop, in {@code [0, 1)} */
    public Dropout(double rate) {
        this(rate, null);
    }

    public Dropout(double rate, Long seed) {
        this.rate = NoiseSource.checkRate("Dropout", rate);
        this.noise = new NoiseSource(seed);
    }

    public double rate() {
        return rate;
    }

    /** Works per timestep, so a sequence mask passes through unchanged (Keras: supports_masking). */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (!training || rate == 0) {
            return inputs;
        }
        return NnOps.dropout(inputs, rate, noise.generator());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rate", rate);
        c.put("seed", noise.seed());
        c.put("noise_shape", null);
        return c;
    }

    public static Dropout fromConfig(Config c) {
        if (c.has("noise_shape")) {
            throw new IllegalArgumentException("Dropout config: 'noise_shape' is not supported yet, received " + c.raw("noise_shape"));
        }
        c.ignore("noise_shape");
        return applyBaseConfig(c, new Dropout(c.getDouble("rate"), NoiseSource.seed(c)));
    }
}
