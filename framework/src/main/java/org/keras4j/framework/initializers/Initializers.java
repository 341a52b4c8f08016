package org.keras4j.framework.initializers;

import java.util.Map;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;

/**
 * Resolves and describes initializers as Keras's {@code keras.initializers.get/serialize}, and
 * computes the fans the variance-scaling family uses.
 *
 * <pre>{@code
 * Initializer init = Initializers.get("he_normal");
 * INDArray kernel = init.generate(new long[] {3, 3, 16, 32}, DataType.FLOAT);  // fan_in = 3*3*16
 * }</pre>
 */
public final class Initializers {
    private Initializers() {
    }

    /**
     * Resolves a layer's initializer argument: a registered name ({@code "glorot_uniform"},
     * {@code "GlorotUniform"}), the {@code {"class_name": ..., "config": {...}}} form, or an
     * {@link Initializer} (returned as is). Null gives null, as in Keras.
     */
    public static Initializer get(Object spec) {
        if (spec == null) {
            return null;
        }
        if (spec instanceof Initializer i) {
            return i;
        }
        return Registry.get().deserialize(Kind.INITIALIZER, spec, Initializer.class);
    }

    /** The config form: {@code {"class_name": "GlorotUniform", "config": {"seed": null}}}. */
    public static Map<String, Object> serialize(Initializer initializer) {
        return Registry.serialize(initializer);
    }

    /**
     * Keras's {@code compute_fans}: {@code (fan_in, fan_out)} of a weight shape. Rank 0: (1, 1);
     * rank 1: (n, n); rank 2: (in, out); higher ranks are convolution kernels
     * {@code (k1, ..., kn, in, out)} with receptive field {@code rf = k1 * ... * kn}, giving
     * {@code (in * rf, out * rf)}.
     */
    public static long[] computeFans(long[] shape) {
        int r = shape.length;
        if (r == 0) {
            return new long[] {1, 1};
        }
        if (r == 1) {
            return new long[] {shape[0], shape[0]};
        }
        long receptiveField = 1;
        for (int i = 0; i < r - 2; i++) {
            receptiveField *= shape[i];
        }
        return new long[] {shape[r - 2] * receptiveField, shape[r - 1] * receptiveField};
    }
}
