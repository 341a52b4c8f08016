package org.keras4j.framework.regularizers;

import java.util.Map;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;

/**
 * Resolves and describes regularizers as Keras's {@code keras.regularizers.get/serialize}.
 *
 * <pre>{@code
 * Regularizer r = Regularizers.get("l2");          // L2(l2=0.01)
 * Map<String, Object> cfg = Regularizers.serialize(r);  // {"class_name": "L2", "config": {"l2": 0.01}}
 * }</pre>
 */
public final class Regularizers {
    private Regularizers() {
    }

    /**
     * Resolves a layer's regularizer argument: a registered name ({@code "l1"}, {@code "L2"},
     * {@code "l1_l2"}), the {@code {"class_name": ..., "config": {...}}} form, or a
     * {@link Regularizer} (returned as is). Null gives null (no penalty), as in Keras.
     */
    public static Regularizer get(Object spec) {
        if (spec == null) {
            return null;
        }
        if (spec instanceof Regularizer r) {
            return r;
        }
        return Registry.get().deserialize(Kind.REGULARIZER, spec, Regularizer.class);
    }

    /** The config form {@code {"class_name": ..., "config": {...}}}. */
    public static Map<String, Object> serialize(Regularizer regularizer) {
        return Registry.serialize(regularizer);
    }
}
