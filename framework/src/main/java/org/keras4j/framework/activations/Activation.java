package org.keras4j.framework.activations;

import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.registry.Configurable;

/**
 * An element-wise (or, for softmax, per-axis) function applied to a layer's output. Built-ins are
 * found by Keras name with {@link Activations#get(String)}; their config is their name.
 */
public interface Activation extends Configurable {
    Tensor apply(Tensor x);
}
