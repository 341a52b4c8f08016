package org.keras4j.framework.saving.keras;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;

/**
 * The {@link KerasWeightMapping} of every Keras layer class whose weights Keras4J can import, keyed
 * by Keras 3 class name. Modules add theirs with a {@link KerasMappingRegistrar} found by
 * {@link ServiceLoader}; users add one for a custom layer with {@link #register}.
 *
 * <pre>{@code KerasWeightMappings.get().register("MyScale", KerasWeightMapping.inOrder());}</pre>
 */
public final class KerasWeightMappings {
    private static final KerasWeightMappings INSTANCE = new KerasWeightMappings();

    private final Map<String, Entry> mappings = new LinkedHashMap<>();
    private volatile boolean loaded;

    private KerasWeightMappings() {
    }

    /** The mappings, with every {@link KerasMappingRegistrar} on the class path applied. */
    public static KerasWeightMappings get() {
        if (!INSTANCE.loaded) {
            INSTANCE.load();
        }
        return INSTANCE;
    }

    private synchronized void load() {
        if (loaded) {
            return;
        }
        loaded = true;
        register("InputLayer", KerasWeightMapping.none());
        for (KerasMappingRegistrar r : ServiceLoader.load(KerasMappingRegistrar.class, KerasWeightMappings.class.getClassLoader())) {
            r.register(this);
        }
    }

    /** Registers (or replaces) the mapping for Keras class {@code kerasClassName}. */
    public synchronized void register(String kerasClassName, KerasWeightMapping mapping) {
        mappings.put(kerasClassName.toLowerCase(Locale.ROOT), new Entry(kerasClassName, mapping));
    }

    /** The mapping for a Keras 3 class name, or null when its weights cannot be imported. */
    public synchronized KerasWeightMapping find(String kerasClassName) {
        Entry e = mappings.get(kerasClassName.toLowerCase(Locale.ROOT));
        return e == null ? null : e.mapping;
    }

    /** Every class name with a mapping, sorted. */
    public synchronized TreeSet<String> names() {
        TreeSet<String> out = new TreeSet<>();
        for (Entry e : mappings.values()) {
            out.add(e.className);
        }
        return out;
    }

    private record Entry(String className, KerasWeightMapping mapping) {
    }
}
