package org.keras4j.framework.initializers;

import java.util.function.Function;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;

/**
 * Registers the built-in initializers under their Keras 3 class names, snake_case names and
 * aliases ({@code "uniform"}, {@code "normal"}, {@code "one"}, {@code "zero"}, {@code "Orthogonal"}),
 * reading Keras's argument names with Keras's defaults.
 */
public final class InitializersRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
        add(registry, "Zeros", c -> new Zeros(), "zeros", "zero");
        add(registry, "Ones", c -> new Ones(), "ones", "one");
        add(registry, "Constant", c -> new Constant(c.getDouble("value", 0.0)), "constant");
        add(registry, "RandomUniform", c -> new RandomUniform(c.getDouble("minval", -0.05), c.getDouble("maxval", 0.05),
                Sampling.seed(c)), "random_uniform", "uniform");
        add(registry, "RandomNormal", c -> new RandomNormal(c.getDouble("mean", 0.0), c.getDouble("stddev", 0.05),
                Sampling.seed(c)), "random_normal", "normal");
        add(registry, "TruncatedNormal", c -> new TruncatedNormal(c.getDouble("mean", 0.0), c.getDouble("stddev", 0.05),
                Sampling.seed(c)), "truncated_normal");
        add(registry, "VarianceScaling", c -> new VarianceScaling(c.getDouble("scale", 1.0), c.getString("mode", "fan_in"),
                c.getString("distribution", "truncated_normal"), Sampling.seed(c)), "variance_scaling");
        add(registry, "GlorotUniform", c -> new GlorotUniform(Sampling.seed(c)), "glorot_uniform");
        add(registry, "GlorotNormal", c -> new GlorotNormal(Sampling.seed(c)), "glorot_normal");
        add(registry, "HeUniform", c -> new HeUniform(Sampling.seed(c)), "he_uniform");
        add(registry, "HeNormal", c -> new HeNormal(Sampling.seed(c)), "he_normal");
        add(registry, "LecunUniform", c -> new LecunUniform(Sampling.seed(c)), "lecun_uniform");
        add(registry, "LecunNormal", c -> new LecunNormal(Sampling.seed(c)), "lecun_normal");
        add(registry, "OrthogonalInitializer", c -> new Orthogonal(c.getDouble("gain", 1.0), Sampling.seed(c)),
                "orthogonal_initializer", "Orthogonal");
    }

    private static void add(Registry registry, String name, Function<Config, Initializer> factory, String... aliases) {
        registry.register(Kind.INITIALIZER, name, factory, aliases);
    }
}
