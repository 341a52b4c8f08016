package org.keras4j.layers.merging;

import java.util.List;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.registry.Config;

/**
 * The element-wise mean of its inputs, as Keras's {@code keras.layers.Average}: takes two or more
 * tensors of the same shape (sizes of 1 broadcast) and returns {@code (x1 + ... + xn) / n}.
 *
 * <pre>{@code KerasTensor mean = new Average().apply(a, b, c);}</pre>
 */
public class Average extends Merge {
    public Average() {
        this(null);
    }

    /** @param name the layer name; null gives {@code average}, {@code average_1}, ... */
    public Average(String name) {
        super(name);
    }

    @Override
    protected Tensor merge(List<Tensor> inputs) {
        Tensor sum = inputs.get(0);
        for (int i = 1; i < inputs.size(); i++) {
            sum = Ops.add(sum, inputs.get(i));
        }
        return Ops.multiplyScalar(sum, 1.0 / inputs.size());
    }

    public static Average fromConfig(Config c) {
        return applyBaseConfig(c, new Average());
    }
}
