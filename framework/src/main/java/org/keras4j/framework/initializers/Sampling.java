package org.keras4j.framework.initializers;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.api.ops.random.impl.UniformDistribution;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The random draws the initializers share, all on ND4J's native generators: uniform, normal, and
 * truncated normal with Keras's semantics (values more than two standard deviations from the mean
 * are re-drawn), plus argument checks and config helpers.
 */
final class Sampling {
    /** Re-draw rounds before giving up; each round keeps about 95% of what is left, so 1000 never happens. */
    private static final int MAX_ROUNDS = 1000;

    private Sampling() {
    }

    /**
     * Runs {@code body} with the generator an initializer uses: a fresh one seeded with {@code seed}
     * (so the same seed gives the same values every call), or ND4J's global generator when
     * {@code seed} is null (seeded by {@code Backend.setRandomSeed}).
     */
    static INDArray withRandom(Long seed, Function<Random, INDArray> body) {
        Backend.init();
        if (seed == null) {
            return body.apply(Nd4j.getRandom());
        }
        Random rng = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        try {
            return body.apply(rng);
        } finally {
            try {
                rng.close();
            } catch (Exception e) {
                throw new IllegalStateException("Could not release a seeded random generator", e);
            }
        }
    }

    /** Uniform in {@code [lo, hi)}. */
    static INDArray uniform(Random rng, long[] shape, DataType dtype, double lo, double hi) {
        INDArray z = Nd4j.create(dtype, shape);
        return z.isEmpty() ? z : Nd4j.getExecutioner().exec(new UniformDistribution(z, lo, hi), rng);
    }

    /** Normal with {@code mean} and {@code stddev}. */
    static INDArray normal(Random rng, long[] shape, DataType dtype, double mean, double stddev) {
        INDArray z = Nd4j.create(dtype, shape);
        return z.isEmpty() ? z : Nd4j.getExecutioner().exec(new GaussianDistribution(z, mean, stddev), rng);
    }

    /**
     * Normal with {@code mean} and {@code stddev} (before truncation) where every value farther than
     * {@code 2 * stddev} from the mean is re-drawn until none is left. libnd4j's own truncated normal
     * re-draws only once and then puts the mean in, which shrinks the standard deviation, so it is
     * not used.
     */
    static INDArray truncatedNormal(Random rng, long[] shape, DataType dtype, double mean, double stddev) {
        INDArray z = normal(rng, shape, dtype, mean, stddev);
        if (z.isEmpty() || stddev == 0) {
            return z;
        }
        double bound = 2 * stddev;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            INDArray outside = Transforms.abs(z.sub(mean), false).gt(bound).castTo(dtype);
            if (outside.sumNumber().doubleValue() == 0) {
                return z;
            }
            INDArray fresh = normal(rng, shape, dtype, mean, stddev);
            z.muli(outside.rsub(1.0)).addi(fresh.muli(outside));
        }
        throw new IllegalStateException("truncated normal: values kept falling outside 2 standard deviations");
    }

    /** Random draws need a float type, as in Keras. */
    static void requireFloat(String owner, DataType dtype) {
        if (!dtype.isFPType()) {
            throw new IllegalArgumentException(owner + ": dtype must be a floating-point type, received " + dtype);
        }
    }

    static void requireShape(String owner, long[] shape) {
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException(owner + ": shape dimensions must be >= 0, received shape "
                        + Arrays.toString(shape));
            }
        }
    }

    /** Keras's {@code stddev} arguments: finite and not negative. */
    static double requireStddev(String owner, double stddev) {
        if (!(stddev >= 0) || Double.isInfinite(stddev)) {
            throw new IllegalArgumentException(owner + ": stddev must be a non-negative number, received stddev=" + stddev);
        }
        return stddev;
    }

    /** The optional integer {@code seed} of a config (absent or null: unseeded). */
    static Long seed(Config c) {
        return c.raw("seed") == null ? null : c.getLong("seed", 0);
    }

    /** A config map in argument order; values may be null (Keras's None). */
    static Map<String, Object> config(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
