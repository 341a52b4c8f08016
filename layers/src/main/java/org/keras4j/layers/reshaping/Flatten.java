package org.keras4j.layers.reshaping;

import java.util.Map;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.InputSpec;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;

/**
 * Flattens each sample to one axis, as Keras's {@code keras.layers.Flatten}:
 * {@code (batch, d1, ..., dn)} becomes {@code (batch, d1 * ... * dn)}. Channels-last order is kept.
 */
public class Flatten extends Layer {
    public Flatten() {
        setInputSpec(InputSpec.minRank(1));
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (inputs.rank() == 2) {
            return inputs;
        }
        return Ops.reshape(inputs, inputs.size(0), inputs.value().length() / Math.max(1, inputs.size(0)));
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return Shape.of(inputShape.get(0), inputShape.rank() == 1 ? 1 : inputShape.sampleSize());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("data_format", "channels_last");
        return c;
    }

    public static Flatten fromConfig(Config c) {
        String format = c.getString("data_format", "channels_last");
        if (!format.equals("channels_last")) {
            throw new IllegalArgumentException("Flatten config: data_format '" + format + "' is not supported yet; use channels_last");
        }
        return applyBaseConfig(c, new Flatten());
    }
}
