package org.keras4j.framework.regularizers;

import java.util.Map;
import org.keras4j.framework.autodiff.Tensor;

/**
 * Keras's {@code L1} ({@code "l1"}): penalty {@code l1 * sum(|x|)}. Default {@code l1=0.01}; the
 * factor must be finite and not negative.
 *
 * <pre>{@code Tensor penalty = new L1(0.01).apply(kernel);  // added to the training loss}</pre>
 */
public record L1(double l1) implements Regularizer {
    public L1 {
        Penalties.requireFactor("L1", "l1", l1);
    }

    /** {@code L1(l1=0.01)}. */
    public L1() {
        this(0.01);
    }

    @Override
    public Tensor apply(Tensor x) {
        return Penalties.l1(x, l1);
    }

    @Override
    public String className() {
        return "L1";
    }

    @Override
    public Map<String, Object> getConfig() {
        return Map.of("l1", l1);
    }
}
