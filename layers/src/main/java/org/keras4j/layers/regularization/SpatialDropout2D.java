package org.keras4j.layers.regularization;

import java.util.Map;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.InputSpec;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.registry.Config;

/**
 * Dropout of whole feature maps, as Keras's {@code keras.layers.SpatialDropout2D}: during training
 * each channel of a {@code (batch, rows, cols, channels)} sample ({@code (batch, channels, rows, cols)}
 * with {@code data_format="channels_first"}) is zeroed entirely with probability {@code rate}, and
 * kept maps are scaled by {@code 1 / (1 - rate)}; the identity in inference.
 *
 * <pre>{@code new SpatialDropout2D(0.25)}</pre>
 */
public class SpatialDropout2D extends Layer {
    private final double rate;
    private final boolean channelsFirst;
    private final NoiseSource noise;

    public SpatialDropout2D(double rate) {
        this(rate, "channels_last", null);
    }

    /** @param seed the layer's own generator seed, or null for the global generator */
    public SpatialDropout2D(double rate, String dataFormat, Long seed) {
        this.rate = NoiseSource.checkRate("SpatialDropout2D", rate);
        if (dataFormat != null && !dataFormat.equals("channels_last") && !dataFormat.equals("channels_first")) {
            throw new IllegalArgumentException("SpatialDropout2D: data_format must be \"channels_last\" or \"channels_first\", received data_format="
                    + dataFormat);
        }
        this.channelsFirst = "channels_first".equals(dataFormat);
        this.noise = new NoiseSource(seed);
        setInputSpec(new InputSpec(4, 4, Map.of()));
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
        long[] noiseShape = channelsFirst ? new long[] {s[0], s[1], 1, 1} : new long[] {s[0], 1, 1, s[3]};
        return NnOps.dropout(inputs, rate, noiseShape, noise.generator());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("rate", rate);
        c.put("data_format", channelsFirst ? "channels_first" : "channels_last");
        c.put("seed", noise.seed());
        return c;
    }

    public static SpatialDropout2D fromConfig(Config c) {
        c.ignore("noise_shape");
        String format = c.getString("data_format", "channels_last");
        return applyBaseConfig(c, new SpatialDropout2D(c.getDouble("rate"), format, NoiseSource.seed(c)));
    }
}
