package org.keras4j.samples.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One value of a run file with its JSON path, so that every mistake names where it is:
 * {@code fit.epochs: expected an integer, got "ten"}. Objects list their accepted keys and
 * reject any other ({@link #keys}).
 */
final class Spec {
    private final Object value;
    private final String path;

    private Spec(Object value, String path) {
        this.value = value;
        this.path = path;
    }

    static Spec root(Object value) {
        return new Spec(value, "");
    }

    String path() {
        return path.isEmpty() ? "(top level)" : path;
    }

    boolean present() {
        return value != null;
    }

    Object raw() {
        return value;
    }

    /** The child {@code key} of this object (absent children are not present). */
    Spec get(String key) {
        Map<String, Object> m = object();
        return new Spec(m.get(key), path.isEmpty() ? key : path + "." + key);
    }

    /** Requires an object whose keys are all among {@code accepted}. */
    Spec keys(String... accepted) {
        Set<String> ok = Set.of(accepted);
        for (String k : object().keySet()) {
            if (!ok.contains(k)) {
                throw new RunConfigException(path() + ": unknown key '" + k + "'; accepted keys: " + new TreeSet<>(ok));
            }
        }
        return this;
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> object() {
        if (!(value instanceof Map<?, ?> m)) {
            throw wrong("an object");
        }
        return (Map<String, Object>) m;
    }

    Spec required() {
        if (value == null) {
            throw new RunConfigException(path() + ": missing (required)");
        }
        return this;
    }

    String string() {
        required();
        if (!(value instanceof String s)) {
            throw wrong("a string");
        }
        return s;
    }

    String string(String dflt) {
        return value == null ? dflt : string();
    }

    long integer(long min, long max) {
        required();
        if (!(value instanceof Integer || value instanceof Long)) {
            throw wrong("an integer");
        }
        long v = ((Number) value).longValue();
        if (v < min || v > max) {
            throw new RunConfigException(path() + ": expected an integer in [" + min + ", " + max + "], got " + v);
        }
        return v;
    }

    int integer(int dflt, int min, int max) {
        return value == null ? dflt : (int) integer(min, max);
    }

    double number(double dflt) {
        if (value == null) {
            return dflt;
        }
        if (!(value instanceof Number n) || !Double.isFinite(n.doubleValue())) {
            throw wrong("a finite number");
        }
        return n.doubleValue();
    }

    boolean bool(boolean dflt) {
        if (value == null) {
            return dflt;
        }
        if (!(value instanceof Boolean b)) {
            throw wrong("true or false");
        }
        return b;
    }

    List<Spec> list() {
        required();
        if (!(value instanceof List<?> l)) {
            throw wrong("a list");
        }
        List<Spec> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            out.add(new Spec(l.get(i), path + "[" + i + "]"));
        }
        return out;
    }

    /** The entries of an object, each with its path. */
    Map<String, Spec> entries() {
        Map<String, Spec> out = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : object().entrySet()) {
            out.put(e.getKey(), new Spec(e.getValue(), path + "." + e.getKey()));
        }
        return out;
    }

    RunConfigException error(String message) {
        return new RunConfigException(path() + ": " + message);
    }

    private RunConfigException wrong(String expected) {
        return new RunConfigException(path() + ": expected " + expected + ", got " + shown(value));
    }

    static String shown(Object v) {
        if (v == null) {
            return "nothing";
        }
        if (v instanceof String s) {
            return "\"" + (s.length() > 60 ? s.substring(0, 60) + "..." : s) + "\"";
        }
        if (v instanceof Map<?, ?>) {
            return "an object";
        }
        if (v instanceof List<?>) {
            return "a list";
        }
        return String.valueOf(v);
    }

    /** A mistake in a run file or data description, reported with its JSON path (exit code 2). */
    static final class RunConfigException extends IllegalArgumentException {
        RunConfigException(String message) {
            super(message);
        }
    }
}
