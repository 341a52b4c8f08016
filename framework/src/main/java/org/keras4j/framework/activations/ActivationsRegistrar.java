package org.keras4j.framework.activations;

import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;

/** Registers the built-in activations under their Keras names. */
public final class ActivationsRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
    }
}
