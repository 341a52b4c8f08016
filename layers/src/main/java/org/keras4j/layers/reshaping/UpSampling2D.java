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
 * Upsamples an image batch by {@code size = (rows, cols)}, as Keras's
 * {@code keras.layers.UpSampling2D}: {@code (batch, h, w, channels)} becomes
 * {@code (batch, h * rows, w * cols, channels)} ({@code (batch, channels, h, w)} with
 * {@code data_format="channels_first"}). {@code interpolation="nearest"} (default) repeats rows and
 * columns; {@code "bilinear"} interpolates with half-pixel centres as Keras 3 does. Default size (2, 2).
 *
 * <pre>{@code new UpSampling2D(2, 2, "channels_last", "bilinear")}</pre>
 */
public class UpSampling2D extends Layer {
    private final int rows;
    private final int cols;
    private final boolean channelsFirst;
    private final boolean bilinear;

    public UpSampling2D() {
        this(2, 2, "channels_last", "nearest");
    }

    public UpSampling2D(int size) {
        this(size, size, "channels_last", "nearest");
    }

    /** @param interpolation {@code "nearest"} or {@code "bilinear"} */
    public UpSampling2D(int rows, int cols, String dataFormat, String interpolation) {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("UpSampling2D: size must be positive integers, received size=(" + rows + ", " + cols + ")");
        }
        if (!"nearest".equals(interpolation) && !"bilinear".equals(interpolation)) {
            throw new IllegalArgumentException("UpSampling2D: interpolation must be \"nearest\" or \"bilinear\", received interpolation="
                    + interpolation);
        }
        this.rows = rows;
        this.cols = cols;
        this.channelsFirst = SpatialBorders.channelsFirst("UpSampling2D", dataFormat);
        this.bilinear = "bilinear".equals(interpolation);
        setInputSpec(new InputSpec(4, 4, Map.of()));
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long[] s = inputShape.toArray();
        if (s.length != 4) {
            throw new IllegalArgumentException(describe() + " expects input of rank 4, but received shape " + inputShape);
        }
        int h = channelsFirst ? 2 : 1;
        s[h] = s[h] == Shape.NONE ? Shape.NONE : s[h] * rows;
        s[h + 1] = s[h + 1] == Shape.NONE ? Shape.NONE : s[h + 1] * cols;
        return Shape.of(s);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (!bilinear) {
            return ShapeOps.upsample2d(inputs, rows, cols, channelsFirst);
        }
        // libnd4j's resize_bilinear is NHWC only
        Tensor x = channelsFirst ? ShapeOps.permute(inputs, 0, 2, 3, 1) : inputs;
        Tensor y = ShapeOps.resizeBilinear(x, (int) (x.size(1) * rows), (int) (x.size(2) * cols));
        return channelsFirst ? ShapeOps.permute(y, 0, 3, 1, 2) : y;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("size", List.of(rows, cols));
        c.put("data_format", channelsFirst ? "channels_first" : "channels_last");
        c.put("interpolation", bilinear ? "bilinear" : "nearest");
        return c;
    }

    public static UpSampling2D fromConfig(Config c) {
        int[] size = UpSampling3D.sizes(c, 2, "UpSampling2D");
        return applyBaseConfig(c, new UpSampling2D(size[0], size[1], c.getString("data_format", "channels_last"),
                c.getString("interpolation", "nearest")));
    }
}
