package org.keras4j.framework.models;

import org.keras4j.framework.layers.Input;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;

/** Registers the framework's own layer-like classes: {@code Sequential}, {@code Functional} (alias {@code Model}) and {@code InputLayer}. */
public final class ModelsRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
        registry.register(Kind.LAYER, "Sequential", Sequential::fromConfig);
        registry.register(Kind.LAYER, "InputLayer", Input::fromConfig);
        // Keras 2.0-2.3 wrote functional models as "Model"; tf.keras 2.4+ and Keras 3 as "Functional".
        registry.register(Kind.LAYER, "Functional", Functional::fromConfig, "Model");
    }
}
