package org.keras4j.layers.merging;

import java.util.List;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.registry.Config;

/**
 * The element-wise minimum of its inputs, as Keras's {@code keras.layers.Minimum}. Takes a list of two or more tensors of the same shape (sizes of 1
 * broadcast) and returns one of that shape.
 *
 * <pre>{@code KerasTensor y = new Minimum().apply(a, b);}</pre>
 */
public class Minimum extends Merge {
    public Minimum() {
        this(null);
    }

    /** @param name the layer name; null gives {@code minimum}, {@code minimum_1}, ... */
    public Minimum(String name) {
        super(name);
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor out = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            out = Ops.minimum(out, inputs.get(i));
        }
        return out;
    }

    public static Minimum fromConfig(Config c) {
        return applyBaseConfig(c, new Minimum());
    }
}
