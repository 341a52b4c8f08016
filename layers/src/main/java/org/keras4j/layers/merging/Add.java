package org.keras4j.layers.merging;

import java.util.List;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.registry.Config;

/**
 * Sums its inputs element-wise, as Keras's {@code keras.layers.Add}. Takes a list of two or more tensors of the same shape (sizes of 1
 * broadcast) and returns one of that shape.
 *
 * <pre>{@code KerasTensor y = new Add().apply(a, b);}</pre>
 */
public class Add extends Merge {
    public Add() {
        this(null);
    }

    /** @param name the layer name; null gives {@code add}, {@code add_1}, ... */
    public Add(String name) {
        super(name);
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor out = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            out = Ops.add(out, inputs.get(i));
        }
        return out;
    }

    public static Add fromConfig(Config c) {
        return applyBaseConfig(c, new Add());
    }
}
