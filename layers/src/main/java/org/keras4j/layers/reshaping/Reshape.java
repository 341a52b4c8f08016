package org.keras4j.layers.reshaping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;

/**
 * Reshapes each sample to {@code targetShape}, as Keras's {@code keras.layers.Reshape}: inputs
 * {@code (batch, ...)}, outputs {@code (batch, ...targetShape)}. One entry may be -1 (inferred).
 *
 * <pre>{@code new Reshape(28, 28, 1)}</pre>
 */
public class Reshape extends Layer {
    private final long[] targetShape;

    public Reshape(long... targetShape) {
        int unknown = 0;
        for (long d : targetShape) {
            if (d == -1) {
                unknown++;
            } else if (d <= 0) {
                throw new IllegalArgumentException("Reshape: target_shape entries must be positive or -1, received "
                        + Shape.format(targetShape));
            }
        }
        if (targetShape.length == 0 || unknown > 1) {
            throw new IllegalArgumentException("Reshape: target_shape needs at least one axis and at most one -1, received "
                    + Shape.format(targetShape));
        }
        this.targetShape = targetShape.clone();
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long[] out = new long[targetShape.length + 1];
        out[0] = inputShape.get(0);
        long known = 1;
        int unknownAt = -1;
        for (int i = 0; i < targetShape.length; i++) {
            out[i + 1] = targetShape[i];
            if (targetShape[i] == -1) {
                unknownAt = i + 1;
            } else {
                known *= targetShape[i];
            }
        }
        long size = inputShape.sampleSize();
        if (size != Shape.NONE) {
            if ((unknownAt < 0 && size != known) || (unknownAt >= 0 && size % known != 0)) {
                throw new IllegalArgumentException(describe() + ": total size of the new array must be unchanged, input shape "
                        + inputShape + " has " + size + " values per sample, target_shape " + Shape.format(targetShape) + " does not fit");
            }
            if (unknownAt >= 0) {
                out[unknownAt] = size / known;
            }
        }
        return Shape.of(out);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        Shape out = computeOutputShape(Shape.of(inputs.shape()));
        return Ops.reshape(inputs, out.toArray());
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        List<Long> t = new ArrayList<>();
        for (long d : targetShape) {
            t.add(d);
        }
        c.put("target_shape", t);
        return c;
    }

    public static Reshape fromConfig(Config c) {
        long[] t = c.getLongArray("target_shape");
        if (t == null) {
            throw new IllegalArgumentException("Reshape config: missing required key 'target_shape'");
        }
        return applyBaseConfig(c, new Reshape(t));
    }
}
