package org.keras4j.layers.conformance;

import java.util.Map;
import org.keras4j.framework.activations.Activation;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Tensor;

/** Keras 2's hard sigmoid, {@code clip(0.2 x + 0.5, 0, 1)} (Keras 3 uses slope 1/6), for Keras 2 reference cases. */
final class Keras2HardSigmoid implements Activation {
    @Override
    public Tensor apply(Tensor x) {
        return NnOps.hardSigmoid(x, 0.2, 0.5);
    }

    @Override
    public String className() {
        return "hard_sigmoid";
    }

    @Override
    public Map<String, Object> getConfig() {
        return Map.of("slope", 0.2);
    }
}
