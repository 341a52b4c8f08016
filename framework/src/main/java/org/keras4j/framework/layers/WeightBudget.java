package org.keras4j.framework.layers;

/**
 * A per-thread cap on how many weight elements layers may create, set while a model is rebuilt
 * from a file or a config string. A config from a stranger can ask for {@code Dense(units=2^31)};
 * with a budget, {@link Layer#addWeight} refuses before allocating instead of exhausting memory.
 * Outside {@link #limit} nothing is counted.
 *
 * <pre>{@code
 * try (WeightBudget.Scope s = WeightBudget.limit(1_000_000)) {
 *     model = Models.fromJson(json);   // fails if the model would hold more than 1e6 weight elements
 * }
 * }</pre>
 */
public final class WeightBudget {
    private static final ThreadLocal<long[]> REMAINING = new ThreadLocal<>();

    private WeightBudget() {
    }

    /** Allows at most {@code maxElements} weight elements on this thread until the scope closes. */
    public static Scope limit(long maxElements) {
        long[] previous = REMAINING.get();
        REMAINING.set(new long[] {maxElements, maxElements});
        return () -> {
            if (previous == null) {
                REMAINING.remove();
            } else {
                REMAINING.set(previous);
            }
        };
    }

    /** Counts a weight of {@code shape} against the budget; fails (before any allocation) when it is exceeded. */
    static void charge(Layer layer, String weightName, long[] shape) {
        long[] budget = REMAINING.get();
        if (budget == null) {
            return;
        }
        long n = 1;
        try {
            for (long d : shape) {
                if (d < 0) {
                    throw new IllegalArgumentException(layer.describe() + ": weight '" + weightName + "' has an undefined or negative dimension "
                            + Shape.format(shape));
                }
                n = Math.multiplyExact(n, d);
            }
        } catch (ArithmeticException e) {
            n = Long.MAX_VALUE;
        }
        if (n > budget[0]) {
            throw new IllegalArgumentException(layer.describe() + ": weight '" + weightName + "' of shape " + Shape.format(shape)
                    + " would exceed the weight budget of " + budget[1] + " elements for this model (limit set by the loader)");
        }
        budget[0] -= n;
    }

    /** Ends a {@link #limit} scope, restoring the previous budget. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
