package org.keras4j.framework.registry;

/**
 * Announces what a module provides (layers, losses, callbacks, ...) to the {@link Registry}.
 * Implementations are listed in {@code META-INF/services/org.keras4j.framework.registry.Registrar}
 * and found with {@link java.util.ServiceLoader}, so the framework never imports those modules.
 */
public interface Registrar {
    void register(Registry registry);
}
