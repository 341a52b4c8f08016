package org.keras4j.framework.metrics;

import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;

/** Registers the built-in metrics under their Keras names. */
public final class MetricsRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
    }
}
