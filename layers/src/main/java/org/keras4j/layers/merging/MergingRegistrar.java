package org.keras4j.layers.merging;

import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;

/** Registers the merge layers under their Keras class names. */
public final class MergingRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
        registry.register(Kind.LAYER, "Add", Add::fromConfig);
        registry.register(Kind.LAYER, "Subtract", Subtract::fromConfig);
        registry.register(Kind.LAYER, "Multiply", Multiply::fromConfig);
        registry.register(Kind.LAYER, "Average", Average::fromConfig);
        registry.register(Kind.LAYER, "Maximum", Maximum::fromConfig);
        registry.register(Kind.LAYER, "Minimum", Minimum::fromConfig);
        registry.register(Kind.LAYER, "Concatenate", Concatenate::fromConfig);
        registry.register(Kind.LAYER, "Dot", Dot::fromConfig);
    }
}
