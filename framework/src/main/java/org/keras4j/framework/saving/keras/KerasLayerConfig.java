package org.keras4j.framework.saving.keras;

import java.util.List;
import java.util.Map;

/**
 * One layer of a Keras model config after {@link KerasConfigAdapter} translated it to the Keras 3
 * layout that Keras4J's registry reads.
 *
 * @param kerasClassName the class name as written in the file (e.g. {@code Convolution2D})
 * @param className      the Keras 3 class name it maps to (e.g. {@code Conv2D})
 * @param name           the layer's name
 * @param config         the translated constructor arguments
 * @param inner          layers wrapped by this one ({@code Bidirectional}, {@code TimeDistributed}), else empty
 */
public record KerasLayerConfig(String kerasClassName, String className, String name, Map<String, Object> config,
                               List<KerasLayerConfig> inner) {

    /** {@code Conv2D "conv_1"}, or {@code Convolution2D (Keras 3: Conv2D) "conv_1"} when renamed. */
    public String describe() {
        String cls = kerasClassName.equals(className) ? className : kerasClassName + " (Keras 3: " + className + ")";
        return cls + " \"" + name + "\"";
    }
}
