package org.keras4j.framework.registry;

import java.util.Map;

/**
 * Something that describes itself as Keras does: a registered class name plus a config holding
 * exactly its constructor arguments, so {@link Registry#create} rebuilds an equal object.
 */
public interface Configurable {
    /** The name this object is registered under, as Keras's {@code class_name} (e.g. {@code "Dense"}). */
    String className();

    /** The constructor arguments, with Keras's snake_case keys, JSON-compatible values. */
    Map<String, Object> getConfig();
}
