package org.keras4j.framework.optimizers;

import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;

/** Registers the built-in optimizers and learning-rate schedules under their Keras names. */
public final class OptimizersRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
    }
}
