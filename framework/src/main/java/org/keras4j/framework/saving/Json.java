package org.keras4j.framework.saving;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON for configs and model files, parsed into plain maps, lists, strings, numbers and booleans
 * only. Jackson never picks a Java type from the input (no default typing, no {@code @class}), and
 * its stream limits are strict: nesting depth {@value #MAX_DEPTH}, strings of at most
 * {@value #MAX_STRING} characters, numbers of at most {@value #MAX_NUMBER} digits. Duplicate keys
 * and trailing content are errors. NaN and Infinity are read and written as bare tokens, as
 * Python's {@code json} (and so Keras) does.
 */
public final class Json {
    /** Deepest nesting of objects and arrays accepted. */
    public static final int MAX_DEPTH = 200;
    /** Longest string value accepted, in characters. */
    public static final int MAX_STRING = 1 << 20;
    /** Longest number accepted, in characters. */
    public static final int MAX_NUMBER = 100;

    private static final ObjectMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(MAX_DEPTH)
                            .maxStringLength(MAX_STRING)
                            .maxNumberLength(MAX_NUMBER)
                            .build())
                    .build())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(JsonWriteFeature.WRITE_NAN_AS_STRINGS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS)
            .build();

    private Json() {
    }

    /**
     * Parses JSON text into maps ({@link LinkedHashMap}), lists, strings, numbers (Integer, Long or
     * Double; integers too large for a long become Doubles) and booleans.
     *
     * @throws IOException with Jackson's description and location when the text is not valid JSON or breaks a limit
     */
    public static Object parse(String text) throws IOException {
        return normalize(MAPPER.readValue(text, Object.class), 0);
    }

    /** Writes a value made of maps, lists, strings, numbers, booleans and nulls. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot write config as JSON: " + e.getMessage(), e);
        }
    }

    /** Pretty-printed {@link #write}. */
    public static String writePretty(Object value) {
        try {
            return MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot write config as JSON: " + e.getMessage(), e);
        }
    }

    /** Big numbers become doubles so no getter ever sees a silently truncated BigInteger. */
    private static Object normalize(Object v, int depth) {
        if (v instanceof BigInteger || v instanceof BigDecimal) {
            return ((Number) v).doubleValue();
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.put((String) e.getKey(), normalize(e.getValue(), depth + 1));
            }
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            for (Object o : l) {
                out.add(normalize(o, depth + 1));
            }
            return out;
        }
        return v;
    }
}
