package org.keras4j.framework.activations;

import java.util.function.Function;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;

/**
 * Registers the built-in activations under their Keras 3 names (plus the aliases {@code swish} and
 * {@code hard_swish}). Parameterised ones read their Keras argument names from the config, with
 * Keras's defaults when absent.
 */
public final class ActivationsRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
        add(registry, "linear", c -> Activations.linear());
        add(registry, "relu", c -> Activations.relu(c.getDouble("negative_slope", 0.0),
                c.getNullableDouble("max_value", null), c.getDouble("threshold", 0.0)));
        add(registry, "relu6", c -> Activations.relu6());
        add(registry, "leaky_relu", c -> Activations.leakyRelu(c.getDouble("negative_slope", 0.2)));
        add(registry, "elu", c -> Activations.elu(c.getDouble("alpha", 1.0)));
        add(registry, "selu", c -> Activations.selu());
        add(registry, "gelu", c -> Activations.gelu(c.getBoolean("approximate", false)));
        add(registry, "silu", c -> Activations.silu(), "swish");
        add(registry, "sigmoid", c -> Activations.sigmoid());
        add(registry, "hard_sigmoid", c -> Activations.hardSigmoid());
        add(registry, "hard_silu", c -> Activations.hardSilu(), "hard_swish");
        add(registry, "tanh", c -> Activations.tanh());
        add(registry, "softmax", c -> Activations.softmax(c.getInt("axis", -1)));
        add(registry, "log_softmax", c -> Activations.logSoftmax(c.getInt("axis", -1)));
        add(registry, "softplus", c -> Activations.softplus());
        add(registry, "softsign", c -> Activations.softsign());
        add(registry, "mish", c -> Activations.mish());
        add(registry, "exponential", c -> Activations.exponential());
    }

    private static void add(Registry registry, String name, Function<Config, Activation> factory, String... aliases) {
        registry.register(Kind.ACTIVATION, name, factory, aliases);
    }
}
