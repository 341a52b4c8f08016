package org.keras4j.framework.saving.keras;

import java.util.Map;
import org.keras4j.framework.activations.Activation;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;

/**
 * Keras 2's (and tf.keras's) {@code hard_sigmoid}: {@code clip(0.2 * x + 0.5, 0, 1)}. Keras 3
 * changed {@code hard_sigmoid} to {@code clip(x / 6 + 0.5, 0, 1)}, so models written by Keras 1 or 2
 * are imported with this activation, registered as {@code hard_sigmoid_keras2}, to compute what
 * they computed in Keras.
 */
public record HardSigmoidKeras2() implements Activation {
    @Override
    public Tensor apply(Tensor x) {
        return Ops.clip(Ops.addScalar(Ops.multiplyScalar(x, 0.2), 0.5), 0.0, 1.0);
    }

    @Override
    public String className() {
        return KerasImportRegistrar.HARD_SIGMOID_KERAS2;
    }

    @Override
    public Map<String, Object> getConfig() {
        return Map.of();
    }
}
