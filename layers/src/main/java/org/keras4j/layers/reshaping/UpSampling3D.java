package org.keras4j.layers.reshaping;

import java.util.List;
import java.util.Map;
import org.keras4j.framework.autodiff.ShapeOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.InputSpec;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;

/**
 * Repeats the three spatial axes of a volume batch by {@code size = (d1, d2, d3)}, as Keras's
 * {@code keras.layers.UpSampling3D}: {@code (batch, a, b, c, channels)} becomes
 * {@code (batch, a * d1, b * d2, c * d3, channels)} (channels second with
 * {@code data_format="channels_first"}). Default size (2, 2, 2).
 *
 * <pre>{@code new UpSampling3D(2)}</pre>
 */
public class UpSampling3D extends Layer {
    private final int[] size;
    private final boolean channelsFirst;

    public UpSampling3D() {
        this(2);
    }

    public UpSampling3D(int size) {
        this(new int[] {size, size, size}, "channels_last");
    }

    public UpSampling3D(int[] size, String dataFormat) {
        if (size.length != 3 || size[0] < 1 || size[1] < 1 || size[2] < 1) {
            throw new IllegalArgumentException("UpSampling3D: size must be 3 positive integers, received size="
                    + java.util.Arrays.toString(size));
        }
        this.size = size.clone();
        this.channelsFirst = SpatialBorders.channelsFirst("UpSampling3D", dataFormat);
        setInputSpec(new InputSpec(5, 5, Map.of()));
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long[] s = inputShape.toArray();
        if (s.length != 5) {
            throw new IllegalArgumentException(describe() + " expects input of rank 5, but received shape " + inputShape);
        }
        int first = channelsFirst ? 2 : 1;
        for (int i = 0; i < 3; i++) {
            s[first + i] = s[first + i] == Shape.NONE ? Shape.NONE : s[first + i] * size[i];
        }
        return Shape.of(s);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return ShapeOps.upsample3d(inputs, size[0], size[1], size[2], channelsFirst);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("size", List.of(size[0], size[1], size[2]));
        c.put("data_format", channelsFirst ? "channels_first" : "channels_last");
        return c;
    }

    /** {@code size} from a config: an int (every axis) or one int per axis; default 2. */
    static int[] sizes(Config c, int dims, String layer) {
        Object raw = c.raw("size");
        int[] out = new int[dims];
        if (raw == null || raw instanceof Number) {
            java.util.Arrays.fill(out, raw == null ? 2 : ((Number) raw).intValue());
            return out;
        }
        if (raw instanceof List<?> l && l.size() == dims) {
            for (int i = 0; i < dims; i++) {
                if (!(l.get(i) instanceof Number n)) {
                    throw new IllegalArgumentException(layer + ": size must be an int or " + dims + " ints, received size=" + raw);
                }
                out[i] = n.intValue();
            }
            return out;
        }
        throw new IllegalArgumentException(layer + ": size must be an int or " + dims + " ints, received size=" + raw);
    }

    public static UpSampling3D fromConfig(Config c) {
        return applyBaseConfig(c, new UpSampling3D(sizes(c, 3, "UpSampling3D"), c.getString("data_format", "channels_last")));
    }
}
