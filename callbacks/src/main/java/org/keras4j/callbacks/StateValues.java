package org.keras4j.callbacks;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Reads values of a {@link StatefulCallback} snapshot after a trip through a JSON file. */
public final class StateValues {
    private StateValues() {
    }

    /** A double from a number, or from the text of a non-finite double ({@code "NaN"}, {@code "Infinity"}); null stays null. */
    public static Double asDouble(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            return Double.parseDouble(s);
        }
        throw new IllegalArgumentException("Callback state: expected a number, received " + v);
    }

    public static int asInt(Object v) {
        if (v instanceof Number n) {
            return n.intValue();
        }
        throw new IllegalArgumentException("Callback state: expected an integer, received " + v);
    }

    public static long asLong(Object v) {
        if (v instanceof Number n) {
            return n.longValue();
        }
        throw new IllegalArgumentException("Callback state: expected an integer, received " + v);
    }

    public static boolean asBoolean(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        throw new IllegalArgumentException("Callback state: expected true or false, received " + v);
    }

    /** A list of arrays; null stays null. */
    public static List<INDArray> asArrays(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof List<?> l) {
            List<INDArray> out = new ArrayList<>();
            for (Object o : l) {
                if (!(o instanceof INDArray a)) {
                    throw new IllegalArgumentException("Callback state: expected a list of arrays, found " + o);
                }
                out.add(a);
            }
            return out;
        }
        throw new IllegalArgumentException("Callback state: expected a list of arrays, received " + v);
    }

    /** A list of doubles (non-finite ones as text allowed). */
    public static List<Double> asDoubles(Object v) {
        if (!(v instanceof List<?> l)) {
            throw new IllegalArgumentException("Callback state: expected a list of numbers, received " + v);
        }
        List<Double> out = new ArrayList<>();
        for (Object o : l) {
            out.add(asDouble(o));
        }
        return out;
    }
}
