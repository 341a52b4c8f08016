package org.keras4j.framework.initializers;

import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;

/** Registers the built-in initializers under their Keras names. */
public final class InitializersRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
    }
}
