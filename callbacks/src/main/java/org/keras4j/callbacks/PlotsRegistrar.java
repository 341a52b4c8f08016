package org.keras4j.callbacks;

import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;

/**
 * Registers the plotting callback {@code "PlotLogger"} (lookup ignores case). {@link TrainingCurves}
 * is a utility, not a callback, and is not registered.
 */
public final class PlotsRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
        registry.register(Kind.CALLBACK, "PlotLogger", PlotLogger::fromConfig);
    }
}
