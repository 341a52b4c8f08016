package org.keras4j.framework.models;

import org.keras4j.framework.layers.Input;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;

/** Registers the framework's own layer-like classes: {@code Sequential} and {@code InputLayer}. */
public final class ModelsRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
        registry.register(Kind.LAYER, "Sequential", Sequential::fromConfig);
        registry.register(Kind.LAYER, "InputLayer", Input::fromConfig);
    }
}
