package org.keras4j.layers.merging;

import java.util.List;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.registry.Config;

/**
 * Subtracts its second input from its first, as Keras's {@code keras.layers.Subtract}. Takes
 * exactly two tensors of the same shape (sizes of 1 broadcast).
 *
 * <pre>{@code KerasTensor diff = new Subtract().apply(a, b);   // a - b}</pre>
 */
public class Subtract extends Merge {
    public Subtract() {
        this(null);
    }

    /** @param name the layer name; null gives {@code subtract}, {@code subtract_1}, ... */
    public Subtract(String name) {
        super(name);
    }

    @Override
    protected int maxInputs() {
        return 2;
    }

    @Override
    protected void checkCount(int n) {
        if (n != 2) {
            throw new IllegalArgumentException(describe() + " should be called on exactly 2 inputs, but received " + n + ".");
        }
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        return Ops.subtract(inputs.get(0), inputs.get(1));
    }

    public static Subtract fromConfig(Config c) {
        return applyBaseConfig(c, new Subtract());
    }
}
