package org.keras4j.framework.saving.keras;

/**
 * Announces a module's Keras weight mappings to {@link KerasWeightMappings}, as
 * {@link org.keras4j.framework.registry.Registrar} does for config names. Implementations are listed
 * in {@code META-INF/services/org.keras4j.framework.saving.keras.KerasMappingRegistrar}, so the
 * framework never imports the layers module.
 */
public interface KerasMappingRegistrar {
    void register(KerasWeightMappings mappings);
}
