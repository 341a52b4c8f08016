package org.keras4j.layers.reshaping;

import java.util.Map;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.ShapeOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.InputSpec;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;

/**
 * Repeats each timestep {@code size} times, as Keras's {@code keras.layers.UpSampling1D}:
 * {@code (batch, steps, features)} becomes {@code (batch, steps * size, features)}. Default size 2.
 *
 * <pre>{@code new UpSampling1D(3)}</pre>
 */
public class UpSampling1D extends Layer {
    private final int size;

    public UpSampling1D() {
        this(2);
    }

    public UpSampling1D(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("UpSampling1D: size must be a positive integer, received size=" + size);
        }
        this.size = size;
        setInputSpec(new InputSpec(3, 3, Map.of()));
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long[] s = inputShape.toArray();
        if (s.length != 3) {
            throw new IllegalArgumentException(describe() + " expects input of rank 3, but received shape " + inputShape);
        }
        return Shape.of(s[0], s[1] == Shape.NONE ? Shape.NONE : s[1] * size, s[2]);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        long[] s = inputs.shape();
        // steps as image rows of width 1, so libnd4j's upsampling2d repeats them
        Tensor image = Ops.reshape(inputs, s[0], s[1], 1, s[2]);
        return Ops.reshape(ShapeOps.upsample2d(image, size, 1, false), s[0], s[1] * size, s[2]);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("size", size);
        return c;
    }

    public static UpSampling1D fromConfig(Config c) {
        return applyBaseConfig(c, new UpSampling1D(c.getInt("size", 2)));
    }
}
