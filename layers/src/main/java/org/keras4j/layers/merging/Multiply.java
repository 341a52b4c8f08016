package org.keras4j.layers.merging;

import java.util.List;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.registry.Config;

/**
 * Multiplies its inputs element-wise, as Keras's {@code keras.layers.Multiply}. Takes a list of two or more tensors of the same shape (sizes of 1
 * broadcast) and returns one of that shape.
 *
 * <pre>{@code KerasTensor y = new Multiply().apply(a, b);}</pre>
 */
public class Multiply extends Merge {
    public Multiply() {
        this(null);
    }

    /** @param name the layer name; null gives {@code multiply}, {@code multiply_1}, ... */
    public Multiply(String name) {
        super(name);
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor out = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            out = Ops.multiply(out, inputs.get(i));
        }
        return out;
    }

    public static Multiply fromConfig(Config c) {
        return applyBaseConfig(c, new Multiply());
    }
}
