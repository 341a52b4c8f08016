package org.keras4j.layers.regularization;

import java.util.Map;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.registry.Config;

/**
 * Multiplies the input by Gaussian noise of mean 1 and standard deviation
 * {@code sqrt(rate / (1 - rate))} during training, as Keras's {@code keras.layers.GaussianDropout};
 * the identity in inference. Any input shape. Randomness as in {@link Dropout}.
 *
 * <pre>{@code new GaussianDropout(0.3)}</pre>
 */
public class GaussianDropout extends Layer {
    private final double rate;
    private final NoiseSource noise;

    public GaussianDropout(double rate) {
        this(rate, null);
    }

    /** @param seed the layer's own generator seed, or null for the global generator */
    public GaussianDropout(double rate, Long seed) {
        this.rate = NoiseSource.checkRate("GaussianDropout", rate);
        this.noise = new NoiseSource(seed);
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
        return NnOps.gaussianDropout(inputs, rate, noise.generator());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rate", rate);
        c.put("seed", noise.seed());
        return c;
    }

    public static GaussianDropout fromConfig(Config c) {
        return applyBaseConfig(c, new GaussianDropout(c.getDouble("rate"), NoiseSource.seed(c)));
    }
}
