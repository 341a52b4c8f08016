package org.keras4j.layers.merging;

import java.util.List;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.registry.Config;

/**
 * The element-wise maximum of its inputs, as Keras's {@code keras.layers.Maximum}. Takes a list of two or more tensors of the same shape (sizes of 1
 * broadcast) and returns one of that shape.
 *
 * <pre>{@code KerasTensor y = new Maximum().apply(a, b);}</pre>
 */
public class Maximum extends Merge {
    public Maximum() {
        this(null);
    }

    /** @param name the layer name; null gives {@code maximum}, {@code maximum_1}, ... */
    public Maximum(String name) {
        super(name);
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor out = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            out = Ops.maximum(out, inputs.get(i));
        }
        return out;
    }

    public static Maximum fromConfig(Config c) {
        return applyBaseConfig(c, new Maximum());
    }
}
