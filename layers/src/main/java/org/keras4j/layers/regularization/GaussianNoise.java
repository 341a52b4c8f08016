package org.keras4j.layers.regularization;

import java.util.Map;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.registry.Config;

/**
 * Adds zero-centred Gaussian noise of standard deviation {@code stddev} during training, as
 * Keras's {@code keras.layers.GaussianNoise}; the identity in inference. Any input shape.
 * Randomness as in {@link Dropout}.
 *
 * <pre>{@code new GaussianNoise(0.1)}</pre>
 */
public class GaussianNoise extends Layer {
    private final double stddev;
    private final NoiseSource noise;

    public GaussianNoise(double stddev) {
        this(stddev, null);
    }

    /** @param seed the layer's own generator seed, or null for the global generator */
    public GaussianNoise(double stddev, Long seed) {
        if (!(stddev >= 0)) {
            throw new IllegalArgumentException("GaussianNoise: stddev must be >= 0, received stddev=" + stddev);
        }
        this.stddev = stddev;
        this.noise = new NoiseSource(seed);
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (!training || stddev == 0) {
            return inputs;
        }
        return NnOps.gaussianNoise(inputs, stddev, noise.generator());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("stddev", stddev);
        c.put("seed", noise.seed());
        return c;
    }

    public static GaussianNoise fromConfig(Config c) {
        return applyBaseConfig(c, new GaussianNoise(c.getDouble("stddev"), NoiseSource.seed(c)));
    }
}
