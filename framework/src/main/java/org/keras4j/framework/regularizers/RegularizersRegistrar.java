package org.keras4j.framework.regularizers;

import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;

/** Registers the built-in regularizers under their Keras names. */
public final class RegularizersRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
    }
}
