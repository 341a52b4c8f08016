package org.keras4j.layers;

import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;
import org.keras4j.layers.core.Activation;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.normalization.BatchNormalization;
import org.keras4j.layers.normalization.GroupNormalization;
import org.keras4j.layers.normalization.LayerNormalization;
import org.keras4j.layers.normalization.UnitNormalization;
import org.keras4j.layers.regularization.Dropout;
import org.keras4j.layers.reshaping.Flatten;
import org.keras4j.layers.reshaping.Reshape;

/** Registers every layer of this module under its Keras class name. */
public final class LayersRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
        registry.register(Kind.LAYER, "Dense", Dense::fromConfig);
        registry.register(Kind.LAYER, "Activation", Activation::fromConfig);
        registry.register(Kind.LAYER, "Dropout", Dropout::fromConfig);
        registry.register(Kind.LAYER, "Flatten", Flatten::fromConfig);
        registry.register(Kind.LAYER, "Reshape", Reshape::fromConfig);
        registry.register(Kind.LAYER, "BatchNormalization", BatchNormalization::fromConfig);
        registry.register(Kind.LAYER, "LayerNormalization", LayerNormalization::fromConfig);
        registry.register(Kind.LAYER, "GroupNormalization", GroupNormalization::fromConfig);
        registry.register(Kind.LAYER, "UnitNormalization", UnitNormalization::fromConfig);
    }
}
