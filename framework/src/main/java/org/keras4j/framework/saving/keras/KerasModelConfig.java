package org.keras4j.framework.saving.keras;

import java.util.List;

/**
 * A Keras model config ({@code model.to_json()}, any Keras version) translated by
 * {@link KerasConfigAdapter}: the model class, the Keras version that wrote it, the layers in order
 * and, for Sequential models, the per-sample input shape found in the file.
 *
 * @param modelClass   {@code Sequential}, {@code Functional} or {@code Model} (as written)
 * @param name         the model's name
 * @param kerasVersion the version string from the file, or a guess from the layout ({@code "1"}, {@code "2"}, {@code "3"})
 * @param kerasMajor   1, 2 or 3 (tf.keras counts as 2)
 * @param layers       the layers in file order, InputLayer excluded for Sequential models
 * @param inputShape   per-sample input dims ({@code -1} for None), or null when the file gives none
 * @param inputName    the input's name (Keras's {@code <first layer>_input} when implicit)
 * @param functionalConfig for functional models, the translated config in Keras's functional layout
 *                     ({@code layers} with their {@code inbound_nodes}, {@code input_layers}, {@code output_layers}); else null
 */
public record KerasModelConfig(String modelClass, String name, String kerasVersion, int kerasMajor,
                               List<KerasLayerConfig> layers, long[] inputShape, String inputName,
                               java.util.Map<String, Object> functionalConfig) {

    public boolean isSequential() {
        return "Sequential".equals(modelClass);
    }
}
