package org.keras4j.layers.pooling;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keras4j.framework.autodiff.ConvOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.InputSpec;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;

/**
 * Max or average pooling over 1, 2 or 3 spatial axes (Keras's {@code BasePooling}). Arguments:
 * {@code pool_size} (one size for every axis or one per axis), {@code strides} (default: the pool
 * size), {@code padding} ("valid" or "same"; average pooling leaves padded cells out of the
 * divisor, as Keras does), {@code data_format} ("channels_last" or "channels_first"). Inputs
 * {@code (batch, ...spatial, channels)}, outputs the same with each spatial length
 * {@code floor((n - pool) / stride) + 1} ("valid") or {@code ceil(n / stride)} ("same").
 * One libnd4j pooling kernel each way.
 */
public abstract class BasePooling extends Layer {
    private final boolean max;
    private final int rank;
    private final int[] poolSize;
    private int[] strides;
    private String padding = "valid";
    private String dataFormat = "channels_last";

    protected BasePooling(boolean max, int rank, int[] poolSize) {
        this.max = max;
        this.rank = rank;
        this.poolSize = check("pool_size", poolSize);
        this.strides = this.poolSize.clone();
    }

    /** Window step per axis; null means the pool size (Keras's default). */
    public BasePooling strides(int... strides) {
        requireUnbuilt();
        this.strides = strides == null ? poolSize.clone() : check("strides", strides);
        return this;
    }

    public BasePooling padding(String padding) {
        requireUnbuilt();
        String p = padding == null ? "" : padding.toLowerCase(Locale.ROOT);
        if (!p.equals("valid") && !p.equals("same")) {
            throw new IllegalArgumentException(className() + ": padding must be 'valid' or 'same', received padding='" + padding + "'");
        }
        this.padding = p;
        return this;
    }

    public BasePooling dataFormat(String dataFormat) {
        requireUnbuilt();
        String f = dataFormat == null ? "channels_last" : dataFormat.toLowerCase(Locale.ROOT);
        if (!f.equals("channels_last") && !f.equals("channels_first")) {
            throw new IllegalArgumentException(className() + ": data_format must be 'channels_last' or 'channels_first', received data_format='"
                    + dataFormat + "'");
        }
        this.dataFormat = f;
        return this;
    }

    private boolean channelsFirst() {
        return dataFormat.equals("channels_first");
    }

    private void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException(describe() + " is already built; set its arguments before first use");
        }
    }

    private int[] check(String what, int[] values) {
        if (values == null || (values.length != 1 && values.length != rank)) {
            throw new IllegalArgumentException(className() + ": " + what + " must be an integer or a tuple of " + rank
                    + " integers, received " + (values == null ? "null" : Arrays.toString(values)));
        }
        int[] out = new int[rank];
        for (int i = 0; i < rank; i++) {
            out[i] = values.length == 1 ? values[0] : values[i];
            if (out[i] <= 0) {
                throw new IllegalArgumentException(className() + ": " + what + " must contain positive integers, received "
                        + what + "=" + Arrays.toString(values));
            }
        }
        return out;
    }

    @Override
    public void build(Shape inputShape) {
        if (inputShape.rank() != rank + 2) {
            throw new IllegalArgumentException(describe() + " expects input of rank " + (rank + 2) + ", but received shape "
                    + inputShape + " (rank " + inputShape.rank() + ").");
        }
        Shape out = computeOutputShape(inputShape);
        for (int i = 0; i < out.rank(); i++) {
            if (out.get(i) == 0) {
                throw new IllegalArgumentException(describe() + ": input shape " + inputShape + " is too small for pool_size="
                        + Arrays.toString(poolSize) + " with padding='" + padding + "'; the output shape would be " + out + ".");
            }
        }
        setInputSpec(new InputSpec(rank + 2, rank + 2, Map.of()));
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return max ? ConvOps.maxPool(inputs, poolSize, strides, padding, channelsFirst())
                : ConvOps.avgPool(inputs, poolSize, strides, padding, channelsFirst());
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long[] d = inputShape.toArray();
        int first = channelsFirst() ? 2 : 1;
        for (int i = 0; i < rank && first + i < d.length; i++) {
            d[first + i] = ConvOps.outputLength(d[first + i], poolSize[i], strides[i], 1, padding);
        }
        return Shape.of(d);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("pool_size", tuple(poolSize));
        c.put("padding", padding);
        c.put("strides", tuple(strides));
        c.put("data_format", dataFormat);
        return c;
    }

    private static List<Integer> tuple(int[] values) {
        List<Integer> l = new ArrayList<>();
        for (int v : values) {
            l.add(v);
        }
        return l;
    }

    /** An integer or a list of integers from a config; null when absent or None. */
    protected static int[] ints(Config c, String key) {
        Object v = c.raw(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return new int[] {n.intValue()};
        }
        return Arrays.stream(c.getLongArray(key)).mapToInt(Math::toIntExact).toArray();
    }

    /** Applies strides, padding and data_format (and the base keys) to a layer made from pool_size. */
    protected static <L extends BasePooling> L applyPoolingConfig(Config c, L layer) {
        layer.strides(ints(c, "strides"));
        layer.padding(c.getString("padding", "valid"));
        layer.dataFormat(c.getString("data_format", "channels_last"));
        return applyBaseConfig(c, layer);
    }
}
