package org.keras4j.framework.regularizers;

import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;

/** The penalty terms and the argument check the built-in regularizers share. */
final class Penalties {
    private Penalties() {
    }

    /** {@code l1 * sum(|x|)} as a differentiable scalar. */
    static Tensor l1(Tensor x, double l1) {
        return Ops.multiplyScalar(Ops.sum(Ops.abs(x)), l1);
    }

    /** {@code l2 * sum(x^2)} as a differentiable scalar. */
    static Tensor l2(Tensor x, double l2) {
        return Ops.multiplyScalar(Ops.sum(Ops.square(x)), l2);
    }

    /** Keras's {@code validate_float_arg}: a factor must be finite and not negative. */
    static double requireFactor(String owner, String name, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(owner + ": " + name + " must be a non-negative finite number, received "
                    + name + "=" + value);
        }
        return value;
    }
}
