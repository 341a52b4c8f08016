package org.keras4j.framework.registry;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A config map (as parsed from JSON or returned by {@code getConfig()}) with typed getters whose
 * errors name the object and key: {@code Dense config: 'units' must be an integer, received "ten"}.
 * Keys read are tracked so that a key nobody read is reported ({@link #checkAllUsed}).
 */
public final class Config {
    private final Map<String, Object> values;
    private final String where;
    private final Set<String> used = new HashSet<>();

    private Config(Map<String, Object> values, String where) {
        this.values = values;
        this.where = where;
    }

    public static Config of(Map<String, ?> values) {
        return of(values, "config");
    }

    @SuppressWarnings("unchecked")
    public static Config of(Object values, String where) {
        if (!(values instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + ": expected an object, received " + values);
        }
        return new Config(new LinkedHashMap<>((Map<String, Object>) m), where);
    }

    public static Config empty() {
        return new Config(new LinkedHashMap<>(), "config");
    }

    public boolean has(String key) {
        return values.containsKey(key) && values.get(key) != null;
    }

    /** The raw value (null when absent), marking the key used. */
    public Object raw(String key) {
        used.add(key);
        return values.get(key);
    }

    /** Marks keys this object accepts but does not need (e.g. Keras's {@code dtype}). */
    public void ignore(String... keys) {
        for (String k : keys) {
            used.add(k);
        }
    }

    public String getString(String key, String dflt) {
        Object v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof String s)) {
            throw error(key, "a string", v);
        }
        return s;
    }

    public String getString(String key) {
        return require(key, getString(key, null));
    }

    public double getDouble(String key, double dflt) {
        Object v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number n)) {
            throw error(key, "a number", v);
        }
        return n.doubleValue();
    }

    public double getDouble(String key) {
        require(key, raw(key));
        return getDouble(key, 0);
    }

    /** A number or null (Keras's None); {@code dflt} when absent. */
    public Double getNullableDouble(String key, Double dflt) {
        if (!values.containsKey(key)) {
            used.add(key);
            return dflt;
        }
        Object v = raw(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof Number n)) {
            throw error(key, "a number or null", v);
        }
        return n.doubleValue();
    }

    public long getLong(String key, long dflt) {
        Object v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
            throw error(key, "an integer", v);
        }
        return n.longValue();
    }

    public int getInt(String key, int dflt) {
        return Math.toIntExact(getLong(key, dflt));
    }

    public int getInt(String key) {
        require(key, raw(key));
        return getInt(key, 0);
    }

    public boolean getBoolean(String key, boolean dflt) {
        Object v = raw(key);
        if (v == null) {
            return dflt;
        }
        if (!(v instanceof Boolean b)) {
            throw error(key, "true or false", v);
        }
        return b;
    }

    /** A list of integers (a JSON array); null when absent. */
    public long[] getLongArray(String key) {
        Object v = raw(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            throw error(key, "a list of integers", v);
        }
        long[] out = new long[list.size()];
        for (int i = 0; i < out.length; i++) {
            Object e = list.get(i);
            if (e == null) {
                out[i] = -1; // Keras's None in a shape
            } else if (e instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())) {
                out[i] = n.longValue();
            } else {
                throw error(key, "a list of integers", v);
            }
        }
        return out;
    }

    /** A list of numbers (a JSON array); null when absent. */
    public double[] getDoubleArray(String key) {
        Object v = raw(key);
        if (v == null) {
            return null;
        }
        if (!(v instanceof List<?> list)) {
            throw error(key, "a list of numbers", v);
        }
        double[] out = new double[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Number n)) {
                throw error(key, "a list of numbers", v);
            }
            out[i] = n.doubleValue();
        }
        return out;
    }

    /** Fails on keys no getter asked for: they are typos or arguments this object does not have. */
    public void checkAllUsed(String owner) {
        List<String> unknown = new ArrayList<>();
        for (String k : values.keySet()) {
            if (!used.contains(k)) {
                unknown.add(k);
            }
        }
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(owner + ": unknown config key(s) " + unknown
                    + "; accepted keys: " + new TreeSet<>(used));
        }
    }

    public Map<String, Object> asMap() {
        return values;
    }

    private <T> T require(String key, T v) {
        if (v == null) {
            throw new IllegalArgumentException(where + ": missing required key '" + key + "'");
        }
        return v;
    }

    private IllegalArgumentException error(String key, String expected, Object v) {
        String shown = v instanceof String ? "\"" + v + "\"" : String.valueOf(v);
        return new IllegalArgumentException(where + ": '" + key + "' must be " + expected + ", received " + shown);
    }
}
