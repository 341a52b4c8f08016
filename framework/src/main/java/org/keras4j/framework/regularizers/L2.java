package org.keras4j.framework.regularizers;

import java.util.Map;
import org.keras4j.framework.autodiff.Tensor;

/**
 * Keras's {@code L2} ({@code "l2"}): penalty {@code l2 * sum(x^2)} (no factor 1/2). Default
 * {@code l2=0.01}; the factor must be finite and not negative.
 *
 * <pre>{@code Tensor penalty = new L2(0.001).apply(kernel);  // added to the training loss}</pre>
 */
public record L2(double l2) implements Regularizer {
    public L2 {
        Penalties.requireFactor("L2", "l2", l2);
    }

    /** {@code L2(l2=0.01)}. */
    public L2() {
        this(0.01);
    }

    @Override
    public Tensor apply(Tensor x) {
        return Penalties.l2(x, l2);
    }

    @Override
    public String className() {
        return "L2";
    }

    @Override
    public Map<String, Object> getConfig() {
        return Map.of("l2", l2);
    }
}
