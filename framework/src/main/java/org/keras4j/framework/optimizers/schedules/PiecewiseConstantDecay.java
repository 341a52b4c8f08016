package org.keras4j.framework.optimizers.schedules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.optimizers.LearningRateSchedule;
import org.keras4j.framework.registry.Config;

/**
 * A learning rate that is constant between step boundaries (Keras's
 * {@code keras.optimizers.schedules.PiecewiseConstantDecay}).
 *
 * <pre>
 * lr(step) = values[0]      if step &lt;= boundaries[0]
 *            values[i]      if boundaries[i-1] &lt; step &lt;= boundaries[i]
 *            values[n]      if step &gt; boundaries[n-1]          (n = boundaries.length)
 * </pre>
 * {@code boundaries} must be strictly increasing and {@code values} one longer; {@code name}
 * defaults to {@code "PiecewiseConstant"}.
 *
 * <pre>{@code
 * // 1.0 for steps 0..100000, 0.5 for the next 10000 steps, then 0.1
 * new PiecewiseConstantDecay(new long[] {100_000, 110_000}, new double[] {1.0, 0.5, 0.1});
 * }</pre>
 */
public record PiecewiseConstantDecay(long[] boundaries, double[] values, String name) implements LearningRateSchedule {

    public PiecewiseConstantDecay {
        if (boundaries == null || values == null) {
            throw new IllegalArgumentException("PiecewiseConstantDecay: boundaries and values are required, received boundaries="
                    + Arrays.toString(boundaries) + ", values=" + Arrays.toString(values));
        }
        if (boundaries.length != values.length - 1) {
            throw new IllegalArgumentException("PiecewiseConstantDecay: the length of boundaries should be 1 less than the length of values. "
                    + "Received: boundaries=" + Arrays.toString(boundaries) + " of length " + boundaries.length
                    + ", and values=" + Arrays.toString(values) + " of length " + values.length + ".");
        }
        for (int i = 1; i < boundaries.length; i++) {
            if (boundaries[i] <= boundaries[i - 1]) {
                throw new IllegalArgumentException("PiecewiseConstantDecay: boundaries must be strictly increasing, received boundaries="
                        + Arrays.toString(boundaries));
            }
        }
        for (double v : values) {
            Checks.finite("PiecewiseConstantDecay", "values", v);
        }
        boundaries = boundaries.clone();
        values = values.clone();
        if (name == null) {
            name = "PiecewiseConstant";
        }
    }

    public PiecewiseConstantDecay(long[] boundaries, double[] values) {
        this(boundaries, values, null);
    }

    @Override
    public long[] boundaries() {
        return boundaries.clone();
    }

    @Override
    public double[] values() {
        return values.clone();
    }

    @Override
    public double at(long step) {
        int i = 0;
        while (i < boundaries.length && step > boundaries[i]) {
            i++;
        }
        return values[i];
    }

    @Override
    public String className() {
        return "PiecewiseConstantDecay";
    }

    @Override
    public Map<String, Object> getConfig() {
        List<Long> b = new ArrayList<>();
        for (long x : boundaries) {
            b.add(x);
        }
        List<Double> v = new ArrayList<>();
        for (double x : values) {
            v.add(x);
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("boundaries", b);
        c.put("values", v);
        c.put("name", name);
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PiecewiseConstantDecay p && Arrays.equals(boundaries, p.boundaries)
                && Arrays.equals(values, p.values) && name.equals(p.name);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * Arrays.hashCode(boundaries) + Arrays.hashCode(values)) + name.hashCode();
    }

    @Override
    public String toString() {
        return "PiecewiseConstantDecay[boundaries=" + Arrays.toString(boundaries) + ", values=" + Arrays.toString(values)
                + ", name=" + name + "]";
    }

    /** Builds from a Keras config. */
    public static PiecewiseConstantDecay fromConfig(Config c) {
        long[] b = c.getLongArray("boundaries");
        double[] v = c.getDoubleArray("values");
        if (b == null || v == null) {
            throw new IllegalArgumentException("PiecewiseConstantDecay config: 'boundaries' and 'values' are required");
        }
        return new PiecewiseConstantDecay(b, v, Checks.name(c, null));
    }
}
