package org.keras4j.layers;

import org.keras4j.framework.saving.keras.KerasMappingRegistrar;
import org.keras4j.framework.saving.keras.KerasWeightMapping;
import org.keras4j.framework.saving.keras.KerasWeightMappings;

/**
 * How Keras stores the weights of each layer of this module, for importing Keras models
 * ({@link org.keras4j.framework.saving.keras.KerasModelImport}). A layer whose {@code weights()}
 * order and shapes equal Keras's uses {@link KerasWeightMapping#inOrder()}; one that lays them out
 * differently converts here, next to the layer, so the framework never imports layer classes.
 */
public final class LayersKerasMappings implements KerasMappingRegistrar {
    @Override
    public void register(KerasWeightMappings m) {
        // Keras 1 (W, b), Keras 2 (kernel:0, bias:0) and Keras 3 (vars/0, vars/1): kernel (in, units), bias (units).
        m.register("Dense", KerasWeightMapping.inOrder());
        m.register("Activation", KerasWeightMapping.none());
        m.register("Dropout", KerasWeightMapping.none());
        m.register("Flatten", KerasWeightMapping.none());
        m.register("Reshape", KerasWeightMapping.none());
    }
}
