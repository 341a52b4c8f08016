package org.keras4j.callbacks;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns a {@link StatefulCallback} snapshot into JSON-ready values and back: arrays become
 * {@code {"ndarray": base64 of ND4J's binary form}} (exact, any type and shape), non-finite doubles
 * their text ({@code "NaN"}, {@code "Infinity"}); maps and lists are walked.
 */
final class StateCodec {
    private static final String ARRAY_KEY = "ndarray";

    private StateCodec() {
    }

    static Object encode(Object v) {
        if (v instanceof INDArray a) {
            try {
                return Map.of(ARRAY_KEY, Base64.getEncoder().encodeToString(Nd4j.toByteArray(a)));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("Cannot encode an array of callback state", e);
            }
        }
        if (v instanceof Double d && !Double.isFinite(d)) {
            return d.toString();
        }
        if (v instanceof Float f && !Float.isFinite(f)) {
            return Double.toString(f);
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), encode(e.getValue()));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(encode(o));
            }
            return out;
        }
        if (v == null || v instanceof Number || v instanceof String || v instanceof Boolean) {
            return v;
        }
        throw new IllegalArgumentException("Callback state values must be null, booleans, numbers, strings, arrays, "
                + "or lists and maps of these; received a " + v.getClass().getName());
    }

    static Object decode(Object v) {
        if (v instanceof Map<?, ?> m) {
            if (m.size() == 1 && m.get(ARRAY_KEY) instanceof String b64) {
                return Nd4j.fromByteArray(Base64.getDecoder().decode(b64));
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put(String.valueOf(e.getKey()), decode(e.getValue()));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(decode(o));
            }
            return out;
        }
        return v;
    }
}
