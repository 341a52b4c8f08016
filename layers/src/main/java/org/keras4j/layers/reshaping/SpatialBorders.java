package org.keras4j.layers.reshaping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.autodiff.ShapeOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.InputSpec;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;

/**
 * Shared body of ZeroPadding1D/2D/3D and Cropping1D/2D/3D: adds zeros to, or removes, a
 * {@code (before, after)} border on each spatial axis of a {@code (batch, ...spatial, channels)}
 * input ({@code (batch, channels, ...spatial)} with {@code data_format="channels_first"}).
 */
abstract class SpatialBorders extends Layer {
    private final int dims;
    private final long[][] amounts;
    private final boolean channelsFirst;
    private final boolean crop;

    SpatialBorders(int dims, long[][] amounts, String dataFormat, boolean crop) {
        String layer = getClass().getSimpleName();
        String arg = crop ? "cropping" : "padding";
        if (amounts.length != dims) {
            throw new IllegalArgumentException(layer + ": " + arg + " needs " + dims + " (before, after) pairs, received "
                    + java.util.Arrays.deepToString(amounts));
        }
        for (long[] p : amounts) {
            if (p.length != 2 || p[0] < 0 || p[1] < 0) {
                throw new IllegalArgumentException(layer + ": " + arg + " must be non-negative (before, after) pairs, received "
                        + arg + "=" + java.util.Arrays.deepToString(amounts));
            }
        }
        this.dims = dims;
        this.amounts = new long[dims][];
        for (int i = 0; i < dims; i++) {
            this.amounts[i] = amounts[i].clone();
        }
        this.channelsFirst = channelsFirst(layer, dataFormat);
        this.crop = crop;
        setInputSpec(new InputSpec(dims + 2, dims + 2, Map.of()));
    }

    /** Parses Keras's {@code data_format}; null means {@code channels_last} (Keras's default image format). */
    static boolean channelsFirst(String layer, String dataFormat) {
        if (dataFormat == null || dataFormat.equals("channels_last")) {
            return false;
        }
        if (dataFormat.equals("channels_first")) {
            return true;
        }
        throw new IllegalArgumentException(layer + ": data_format must be \"channels_last\" or \"channels_first\", received data_format="
                + dataFormat);
    }

    /** Keras's forms of the argument: an int (all sides), one int per axis (both sides), or a pair per axis. */
    static long[][] pairs(int dims, String layer, String arg, Object spec) {
        long[][] out = new long[dims][2];
        if (spec instanceof Number n) {
            for (long[] p : out) {
                p[0] = n.longValue();
                p[1] = n.longValue();
            }
            return out;
        }
        if (spec instanceof List<?> list) {
            if (dims == 1 && list.size() == 2 && list.get(0) instanceof Number a && list.get(1) instanceof Number b) {
                return new long[][] {{a.longValue(), b.longValue()}};
            }
            if (list.size() == dims) {
                for (int i = 0; i < dims; i++) {
                    Object e = list.get(i);
                    if (e instanceof Number n) {
                        out[i][0] = n.longValue();
                        out[i][1] = n.longValue();
                    } else if (e instanceof List<?> pair && pair.size() == 2 && pair.get(0) instanceof Number a
                            && pair.get(1) instanceof Number b) {
                        out[i][0] = a.longValue();
                        out[i][1] = b.longValue();
                    } else {
                        throw badSpec(dims, layer, arg, spec);
                    }
                }
                return out;
            }
        }
        throw badSpec(dims, layer, arg, spec);
    }

    private static IllegalArgumentException badSpec(int dims, String layer, String arg, Object spec) {
        return new IllegalArgumentException(layer + ": " + arg + " must be an int, a list of " + dims
                + (dims == 1 ? " ints (before, after)" : " ints or a list of " + dims + " (before, after) pairs") + ", received "
                + arg + "=" + spec);
    }

    private int firstSpatialAxis() {
        return channelsFirst ? 2 : 1;
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long[] out = inputShape.toArray();
        if (out.length != dims + 2) {
            throw new IllegalArgumentException(describe() + " expects input of rank " + (dims + 2) + ", but received shape " + inputShape);
        }
        for (int i = 0; i < dims; i++) {
            int a = firstSpatialAxis() + i;
            if (out[a] == Shape.NONE) {
                continue;
            }
            long border = amounts[i][0] + amounts[i][1];
            if (crop && border >= out[a]) {
                throw new IllegalArgumentException(describe() + ": cropping " + java.util.Arrays.deepToString(amounts)
                        + " leaves nothing of axis " + a + " in input shape " + inputShape);
            }
            out[a] = crop ? out[a] - border : out[a] + border;
        }
        return Shape.of(out);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        long[] in = inputs.shape();
        Shape out = computeOutputShape(Shape.of(in).withBatch(Shape.NONE)).withBatch(in[0]);
        long[][] all = new long[in.length][2];
        for (int i = 0; i < dims; i++) {
            all[firstSpatialAxis() + i] = amounts[i];
        }
        if (!crop) {
            return ShapeOps.pad(inputs, all);
        }
        long[] begin = new long[in.length];
        for (int a = 0; a < in.length; a++) {
            begin[a] = all[a][0];
        }
        return ShapeOps.slice(inputs, begin, out.toArray());
    }

    public long[][] amounts() {
        long[][] copy = new long[dims][];
        for (int i = 0; i < dims; i++) {
            copy[i] = amounts[i].clone();
        }
        return copy;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        Object value;
        if (dims == 1) {
            value = List.of(amounts[0][0], amounts[0][1]);
        } else {
            List<List<Long>> l = new ArrayList<>();
            for (long[] p : amounts) {
                l.add(List.of(p[0], p[1]));
            }
            value = l;
        }
        c.put(crop ? "cropping" : "padding", value);
        if (dims > 1 || !crop) {
            // Keras's ZeroPadding1D has data_format too; Cropping1D has none
            c.put("data_format", channelsFirst ? "channels_first" : "channels_last");
        }
        return c;
    }

    static long[][] fromConfigPairs(Config c, int dims, String layer, boolean crop, long dflt) {
        String key = crop ? "cropping" : "padding";
        Object raw = c.raw(key);
        return pairs(dims, layer, key, raw == null ? (Object) dflt : raw);
    }
}
