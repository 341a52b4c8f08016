package org.keras4j.framework.activations;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.keras4j.framework.autodiff.Tensor;

/**
 * A built-in activation: its Keras name, its parameters (the config, empty for most) and the
 * differentiable function. Two built-ins are equal when name and parameters are; made only by
 * {@link Activations}.
 */
final class BuiltinActivation implements Activation {
    private final String name;
    private final Map<String, Object> config;
    private final UnaryOperator<Tensor> function;

    BuiltinActivation(String name, Map<String, Object> config, UnaryOperator<Tensor> function) {
        this.name = name;
        this.config = Collections.unmodifiableMap(new LinkedHashMap<>(config));
        this.function = function;
    }

    @Override
    public Tensor apply(Tensor x) {
        return function.apply(x);
    }

    @Override
    public String className() {
        return name;
    }

    @Override
    public Map<String, Object> getConfig() {
        return new LinkedHashMap<>(config);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BuiltinActivation b && name.equals(b.name) && config.equals(b.config);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, config);
    }

    @Override
    public String toString() {
        return config.isEmpty() ? name : name + config;
    }
}
