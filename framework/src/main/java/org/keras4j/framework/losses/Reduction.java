package org.keras4j.framework.losses;

import java.util.Locale;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;

/** How per-sample losses become the value that is minimised (Keras 3's {@code reduction}). */
public enum Reduction {
    /** Sum divided by the number of loss values (Keras's default). */
    SUM_OVER_BATCH_SIZE("sum_over_batch_size"),
    /** Plain sum. */
    SUM("sum"),
    /** No reduction: the per-sample losses. */
    NONE("none");

    private final String kerasName;

    Reduction(String kerasName) {
        this.kerasName = kerasName;
    }

    public String kerasName() {
        return kerasName;
    }

    public Tensor apply(Tensor losses) {
        return switch (this) {
            case SUM_OVER_BATCH_SIZE -> Ops.mean(losses);
            case SUM -> Ops.sum(losses);
            case NONE -> losses;
        };
    }

    /** Parses a Keras name; null (Keras's None) means no reduction. */
    public static Reduction of(String name) {
        if (name == null) {
            return NONE;
        }
        for (Reduction r : values()) {
            if (r.kerasName.equals(name.toLowerCase(Locale.ROOT))) {
                return r;
            }
        }
        if (name.equals("auto") || name.equals("mean")) {
            return SUM_OVER_BATCH_SIZE;
        }
        throw new IllegalArgumentException("Unknown reduction '" + name
                + "'. Expected one of: sum_over_batch_size, sum, none");
    }
}
