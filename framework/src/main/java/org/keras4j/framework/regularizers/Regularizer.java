package org.keras4j.framework.regularizers;

import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.registry.Configurable;

/** A penalty on a weight (or a layer's output) that is added to the training loss. */
public interface Regularizer extends Configurable {
    /** The penalty as a differentiable scalar tensor. */
    Tensor apply(Tensor x);
}
