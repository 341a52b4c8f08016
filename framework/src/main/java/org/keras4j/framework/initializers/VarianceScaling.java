package org.keras4j.framework.initializers;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's {@code VarianceScaling} ({@code "variance_scaling"}): draws with a variance adapted to
 * the weight's fans ({@link Initializers#computeFans}). With {@code n} = fan_in, fan_out or
 * (fan_in + fan_out) / 2 for {@code mode} {@code "fan_in"}, {@code "fan_out"}, {@code "fan_avg"}
 * (at least 1), and {@code s = scale / n}:
 * <ul>
 * <li>{@code "truncated_normal"} (also accepted as {@code "normal"}): truncated normal with
 * {@code stddev = sqrt(s) / 0.87962566103423978}, the constant making the standard deviation
 * after truncation at two stddevs equal {@code sqrt(s)};</li>
 * <li>{@code "untruncated_normal"}: normal with {@code stddev = sqrt(s)};</li>
 * <li>{@code "uniform"}: uniform in {@code [-sqrt(3 s), sqrt(3 s))}.</li>
 * </ul>
 * Defaults {@code scale=1.0} (must be positive), {@code mode="fan_in"},
 * {@code distribution="truncated_normal"}, {@code seed=null} (global generator). Glorot, He and
 * LeCun initializers are fixed instances of this one.
 */
public record VarianceScaling(double scale, String mode, String distribution, Long seed) implements Initializer {
    /** The standard deviation of a standard normal truncated to [-2, 2]. */
    static final double TRUNCATED_STDDEV = .87962566103423978;
    private static final Set<String> MODES = Set.of("fan_in", "fan_out", "fan_avg");
    private static final Set<String> DISTRIBUTIONS = Set.of("truncated_normal", "untruncated_normal", "uniform");

    public VarianceScaling {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new IllegalArgumentException("VarianceScaling: scale must be a positive number, received scale=" + scale);
        }
        if (mode == null || !MODES.contains(mode)) {
            throw new IllegalArgumentException("VarianceScaling: mode must be one of fan_in, fan_out, fan_avg, received mode="
                    + quoted(mode));
        }
        String d = distribution == null ? null : distribution.toLowerCase(Locale.ROOT);
        distribution = "normal".equals(d) ? "truncated_normal" : d;
        if (distribution == null || !DISTRIBUTIONS.contains(distribution)) {
            throw new IllegalArgumentException("VarianceScaling: distribution must be one of truncated_normal, "
                    + "untruncated_normal, uniform, received distribution=" + quoted(d));
        }
    }

    /** {@code VarianceScaling(scale=1.0, mode="fan_in", distribution="truncated_normal")}. */
    public VarianceScaling() {
        this(1.0, "fan_in", "truncated_normal", null);
    }

    @Override
    public INDArray generate(long[] shape, DataType dtype) {
        Sampling.requireShape("VarianceScaling", shape);
        Sampling.requireFloat("VarianceScaling", dtype);
        long[] fans = Initializers.computeFans(shape);
        double n = switch (mode) {
            case "fan_in" -> fans[0];
            case "fan_out" -> fans[1];
            default -> (fans[0] + fans[1]) / 2.0;
        };
        double s = scale / Math.max(1.0, n);
        return Sampling.withRandom(seed, rng -> switch (distribution) {
            case "truncated_normal" -> Sampling.truncatedNormal(rng, shape, dtype, 0.0, Math.sqrt(s) / TRUNCATED_STDDEV);
            case "untruncated_normal" -> Sampling.normal(rng, shape, dtype, 0.0, Math.sqrt(s));
            default -> {
                double limit = Math.sqrt(3.0 * s);
                yield Sampling.uniform(rng, shape, dtype, -limit, limit);
            }
        });
    }

    @Override
    public String className() {
        return "VarianceScaling";
    }

    @Override
    public Map<String, Object> getConfig() {
        return Sampling.config("scale", scale, "mode", mode, "distribution", distribution, "seed", seed);
    }

    private static String quoted(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
