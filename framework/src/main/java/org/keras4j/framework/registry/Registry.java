package org.keras4j.framework.registry;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The only way names from code or files become objects: each {@link Kind} maps registered names
 * (the Keras class name and its snake_case aliases, e.g. {@code "Adam"} and {@code "adam"}) to a
 * factory taking a {@link Config}. Nothing is ever loaded by Java class name, so a config file
 * cannot make the program instantiate arbitrary classes. Unknown names fail with the known ones.
 *
 * <p>Modules add entries through {@link Registrar}s found by {@link ServiceLoader}; users register
 * custom classes with {@link #register}.
 */
public final class Registry {
    private static final Registry INSTANCE = new Registry();

    private final Map<Kind, Map<String, Entry>> entries = new EnumMap<>(Kind.class);
    private volatile boolean loaded;

    private Registry() {
        for (Kind k : Kind.values()) {
            entries.put(k, new LinkedHashMap<>());
        }
    }

    /** The registry, with every {@link Registrar} on the class path already applied. */
    public static Registry get() {
        if (!INSTANCE.loaded) {
            INSTANCE.loadRegistrars();
        }
        return INSTANCE;
    }

    private synchronized void loadRegistrars() {
        if (loaded) {
            return;
        }
        loaded = true;
        for (Registrar r : ServiceLoader.load(Registrar.class, Registry.class.getClassLoader())) {
            r.register(this);
        }
    }

    /**
     * Registers a factory under {@code className} and any aliases. Registering a name twice
     * replaces the earlier entry (so users can override a built-in deliberately).
     */
    public synchronized <T> void register(Kind kind, String className, Function<Config, ? extends T> factory, String... aliases) {
        Entry e = new Entry(className, factory);
        Map<String, Entry> m = entries.get(kind);
        m.put(key(className), e);
        for (String a : aliases) {
            m.put(key(a), e);
        }
    }

    public synchronized boolean contains(Kind kind, String name) {
        return entries.get(kind).containsKey(key(name));
    }

    /** Builds the object registered as {@code name} from {@code config}. */
    public <T> T create(Kind kind, String name, Config config, Class<T> type) {
        Entry e;
        synchronized (this) {
            e = entries.get(kind).get(key(name));
        }
        if (e == null) {
            throw new IllegalArgumentException("Unknown " + kind.label() + ": '" + name + "'. Known " + kind.label()
                    + " names: " + String.join(", ", names(kind)));
        }
        Object o = e.factory.apply(config);
        if (!type.isInstance(o)) {
            throw new IllegalArgumentException("Registered " + kind.label() + " '" + name + "' is a "
                    + o.getClass().getSimpleName() + ", not a " + type.getSimpleName());
        }
        config.checkAllUsed(kind.label() + " '" + e.className + "'");
        return type.cast(o);
    }

    /** Builds from a name with an empty config (defaults everywhere). */
    public <T> T create(Kind kind, String name, Class<T> type) {
        return create(kind, name, Config.empty(), type);
    }

    /**
     * Builds from a value as it appears in a config: a name ({@code "relu"}) or a map
     * {@code {"class_name": ..., "config": {...}}} (Keras 2 and 3 layouts; Keras 3's
     * {@code module} and {@code registered_name} keys are accepted and ignored).
     */
    public <T> T deserialize(Kind kind, Object spec, Class<T> type) {
        if (spec instanceof String s) {
            return create(kind, s, type);
        }
        if (spec instanceof Map<?, ?> m) {
            Object name = m.get("class_name");
            if (!(name instanceof String s)) {
                throw new IllegalArgumentException("A " + kind.label() + " config needs a string 'class_name', received " + spec);
            }
            Object cfg = m.get("config");
            Config config = cfg == null ? Config.empty() : Config.of(cfg, kind.label() + " '" + s + "' config");
            return create(kind, s, config, type);
        }
        throw new IllegalArgumentException("Expected a " + kind.label() + " name or {\"class_name\": ..., \"config\": ...}, received " + spec);
    }

    /** The config form of an object: {@code {"class_name": ..., "config": {...}}}. */
    public static Map<String, Object> serialize(Configurable c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("class_name", c.className());
        m.put("config", c.getConfig());
        return m;
    }

    /** Every registered name of a kind, sorted. */
    public synchronized TreeSet<String> names(Kind kind) {
        TreeSet<String> out = new TreeSet<>();
        for (Map.Entry<String, Entry> e : entries.get(kind).entrySet()) {
            out.add(key(e.getValue().className).equals(e.getKey()) ? e.getValue().className : e.getKey());
        }
        return out;
    }

    private static String key(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private record Entry(String className, Function<Config, ?> factory) {
    }
}
