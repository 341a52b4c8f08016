package org.keras4j.framework.models;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns Keras's per-output structures (one value, a list by position, a map by name) into one
 * entry per model input or output, with errors that list the names the model has.
 */
final class OutputSpecs {
    private OutputSpecs() {
    }

    /** One spec per output: a single spec is shared, a list is positional, a map is by output name (missing: null). */
    static List<Object> perOutput(String what, Object spec, List<String> names) {
        List<Object> out = new ArrayList<>();
        if (spec instanceof Map<?, ?> m) {
            checkKeys("compile", what, m, names);
            for (String n : names) {
                out.add(m.get(n));
            }
        } else if (spec instanceof List<?> l) {
            if (l.size() != names.size()) {
                throw new IllegalArgumentException("compile: " + what + " has " + l.size() + " entries, but the model has "
                        + names.size() + " outputs " + names + "; give one entry per output (null for none) or a map by name.");
            }
            out.addAll(l);
        } else {
            for (int i = 0; i < names.size(); i++) {
                out.add(spec);
            }
        }
        return out;
    }

    /**
     * Metric specs per output. A map goes by output name (value: a spec or a list of specs); a list
     * whose entries are all lists (or null), one per output, goes by position; any other list is
     * given to every output.
     */
    static List<List<Object>> metrics(Object spec, List<String> names) {
        List<List<Object>> out = new ArrayList<>();
        if (spec == null) {
            for (int i = 0; i < names.size(); i++) {
                out.add(List.of());
            }
            return out;
        }
        if (spec instanceof Map<?, ?> m) {
            checkKeys("compile", "metrics", m, names);
            for (String n : names) {
                out.add(asList(m.get(n)));
            }
            return out;
        }
        List<?> l = spec instanceof List<?> given ? given : List.of(spec);
        boolean nested = !l.isEmpty();
        for (Object o : l) {
            nested &= o == null || o instanceof List<?>;
        }
        if (nested) {
            if (l.size() != names.size()) {
                throw new IllegalArgumentException("compile: metrics has " + l.size() + " lists, but the model has "
                        + names.size() + " outputs " + names + "; give one list per output or a map by name.");
            }
            for (Object o : l) {
                out.add(asList(o));
            }
            return out;
        }
        for (Object o : l) {
            if (o == null) {
                throw new IllegalArgumentException("compile: metrics must not contain null");
            }
        }
        for (int i = 0; i < names.size(); i++) {
            out.add(new ArrayList<>(l));
        }
        return out;
    }

    private static List<Object> asList(Object o) {
        if (o == null) {
            return List.of();
        }
        return o instanceof List<?> l ? new ArrayList<>(l) : List.of(o);
    }

    /** Loss weights per output: null (all 1), a {@code double[]} by position, or a map by name (missing: 1). */
    static double[] weights(Object spec, List<String> names) {
        if (spec == null) {
            return null;
        }
        double[] w = new double[names.size()];
        Arrays.fill(w, 1.0);
        if (spec instanceof double[] d) {
            if (d.length != names.size()) {
                throw new IllegalArgumentException("compile: loss_weights has " + d.length + " entries, but the model has "
                        + names.size() + " outputs " + names);
            }
            return d.clone();
        }
        Map<?, ?> m = (Map<?, ?>) spec;
        checkKeys("compile", "loss_weights", m, names);
        for (int i = 0; i < names.size(); i++) {
            Object v = m.get(names.get(i));
            if (v != null) {
                w[i] = ((Number) v).doubleValue();
            }
        }
        return w;
    }

    /**
     * Data for the model's inputs or outputs, in the model's order: an array (one input/output), a
     * list or array of arrays (by position), or a map by name. Returns a mutable list.
     */
    static List<INDArray> arrays(String method, String what, Object data, List<String> names) {
        List<INDArray> out = new ArrayList<>();
        if (data instanceof INDArray a) {
            out.add(a);
        } else if (data instanceof INDArray[] arr) {
            out.addAll(Arrays.asList(arr));
        } else if (data instanceof List<?> l) {
            for (Object o : l) {
                if (!(o instanceof INDArray a)) {
                    throw new IllegalArgumentException(method + ": " + what + " must hold arrays, received " + (o == null ? "null" : o.getClass().getSimpleName()));
                }
                out.add(a);
            }
        } else if (data instanceof Map<?, ?> m) {
            checkKeys(method, what, m, names);
            for (String n : names) {
                Object o = m.get(n);
                if (!(o instanceof INDArray a)) {
                    throw new IllegalArgumentException(method + ": " + what + " has no array for \"" + n + "\"; the model's "
                            + (what.equals("x") ? "inputs" : "outputs") + " are " + names);
                }
                out.add(a);
            }
        } else {
            throw new IllegalArgumentException(method + ": " + what + " must be an INDArray, a list of arrays or a map by name, received "
                    + (data == null ? "null" : data.getClass().getSimpleName()));
        }
        if (out.size() != names.size()) {
            throw new IllegalArgumentException(method + ": the model has " + names.size() + " " + (what.equals("x") ? "inputs" : "outputs")
                    + " " + names + ", but " + what + " has " + out.size() + " arrays");
        }
        for (int i = 0; i < out.size(); i++) {
            if (out.get(i) == null) {
                throw new IllegalArgumentException(method + ": " + what + "[" + i + "] (\"" + names.get(i) + "\") is null");
            }
        }
        return out;
    }

    private static void checkKeys(String method, String what, Map<?, ?> m, List<String> names) {
        for (Object k : m.keySet()) {
            if (!names.contains(String.valueOf(k))) {
                throw new IllegalArgumentException(method + ": " + what + " names \"" + k + "\", which is not one of the model's "
                        + (what.equals("x") ? "inputs " : "outputs ") + new TreeSet<>(names));
            }
        }
    }
}
