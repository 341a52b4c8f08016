package org.keras4j.layers.reshaping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.autodiff.ShapeOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;

/**
 * Reorders the non-batch axes, as Keras's {@code keras.layers.Permute}: {@code dims} is a
 * permutation of {@code 1..rank-1} (1-based; the batch axis never moves). {@code Permute(2, 1)} turns
 * {@code (batch, a, b)} into {@code (batch, b, a)}.
 *
 * <pre>{@code new Permute(2, 1)}</pre>
 */
public class Permute extends Layer {
    private final int[] dims;

    public Permute(int... dims) {
        boolean[] seen = new boolean[dims.length + 1];
        for (int d : dims) {
            if (d < 1 || d > dims.length || seen[d]) {
                throw new IllegalArgumentException("Permute: dims must be a permutation of 1.." + dims.length
                        + " (the batch axis is not included), received dims=" + java.util.Arrays.toString(dims));
            }
            seen[d] = true;
        }
        this.dims = dims.clone();
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long[] in = inputShape.toArray();
        if (in.length != dims.length + 1) {
            throw new IllegalArgumentException(describe() + " with dims " + java.util.Arrays.toString(dims) + " expects input of rank "
                    + (dims.length + 1) + ", but received shape " + inputShape);
        }
        long[] out = new long[in.length];
        out[0] = in[0];
        for (int i = 0; i < dims.length; i++) {
            out[i + 1] = in[dims[i]];
        }
        return Shape.of(out);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        computeOutputShape(Shape.of(inputs.shape()).withBatch(Shape.NONE));
        int[] axes = new int[dims.length + 1];
        for (int i = 0; i < dims.length; i++) {
            axes[i + 1] = dims[i];
        }
        return ShapeOps.permute(inputs, axes);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        List<Integer> d = new ArrayList<>();
        for (int x : dims) {
            d.add(x);
        }
        c.put("dims", d);
        return c;
    }

    public static Permute fromConfig(Config c) {
        long[] d = c.getLongArray("dims");
        if (d == null) {
            throw new IllegalArgumentException("Permute config: missing required key 'dims'");
        }
        int[] dims = new int[d.length];
        for (int i = 0; i < d.length; i++) {
            dims[i] = (int) d[i];
        }
        return applyBaseConfig(c, new Permute(dims));
    }
}
