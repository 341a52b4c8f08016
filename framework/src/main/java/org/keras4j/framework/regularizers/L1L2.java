package org.keras4j.framework.regularizers;

import java.util.LinkedHashMap;
import java.util.Map;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Keras's {@code L1L2}: penalty {@code l1 * sum(|x|) + l2 * sum(x^2)}, each term only when its
 * factor is non-zero (both zero: a constant 0). The class defaults are {@code l1=0.0},
 * {@code l2=0.0}, as in Keras, so {@code new L1L2(0.0, 0.1)} is a pure L2 penalty; the name
 * {@code "l1_l2"} gives {@code l1=0.01, l2=0.01}, as Keras documents for that string. Factors must
 * be finite and not negative.
 */
public record L1L2(double l1, double l2) implements Regularizer {
    public L1L2 {
        Penalties.requireFactor("L1L2", "l1", l1);
        Penalties.requireFactor("L1L2", "l2", l2);
    }

    /** {@code L1L2(l1=0.0, l2=0.0)}. */
    public L1L2() {
        this(0.0, 0.0);
    }

    @Override
    public Tensor apply(Tensor x) {
        Tensor penalty = null;
        if (l1 != 0) {
            penalty = Penalties.l1(x, l1);
        }
        if (l2 != 0) {
            Tensor t = Penalties.l2(x, l2);
            penalty = penalty == null ? t : Ops.add(penalty, t);
        }
        return penalty != null ? penalty : Tensor.constant(Nd4j.scalar(x.dataType(), 0.0));
    }

    @Override
    public String className() {
        return "L1L2";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("l1", l1);
        m.put("l2", l2);
        return m;
    }
}
