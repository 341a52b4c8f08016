package org.keras4j.framework.activations;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;

/**
 * The built-in activations of Keras 3's {@code keras.activations}, by name or with parameters, and
 * their config form.
 *
 * <pre>{@code
 * Activation a = Activations.get("relu");                  // as Dense(64, "relu") does
 * Activation capped = Activations.relu(0.0, 6.0, 0.0);     // relu(x, max_value=6)
 * Object cfg = Activations.serialize(capped);              // {"class_name": "relu", "config": {...}}
 * }</pre>
 *
 * <p>Keras writes an activation in a layer config as its bare name ({@code "relu"}); so does
 * {@link #serialize} for every activation whose parameters are the defaults. A parameterised one
 * (which Keras can only express as a layer such as {@code ReLU}) is written as
 * {@code {"class_name": name, "config": {parameters}}} with Keras's argument names, and read back by
 * {@link #get(Object)} and {@link Registry#deserialize}.
 */
public final class Activations {
    private Activations() {
    }

    /** The activation registered as {@code name}; unknown names fail listing the known ones. */
    public static Activation get(String name) {
        return Registry.get().create(Kind.ACTIVATION, name, Activation.class);
    }

    /**
     * Resolves a layer's {@code activation} argument as Keras's {@code activations.get}: null means
     * {@link #linear()}, a string is a registered name, a map is the {@code class_name}/{@code config}
     * form, an {@link Activation} is returned as is.
     */
    public static Activation get(Object spec) {
        if (spec == null) {
            return linear();
        }
        if (spec instanceof Activation a) {
            return a;
        }
        return Registry.get().deserialize(Kind.ACTIVATION, spec, Activation.class);
    }

    /**
     * The config form Keras writes: the bare name when {@code a} equals the activation its name
     * gives with default parameters, else {@code {"class_name": ..., "config": {...}}}.
     */
    public static Object serialize(Activation a) {
        String name = a.className();
        Registry registry = Registry.get();
        if (registry.contains(Kind.ACTIVATION, name) && a.equals(registry.create(Kind.ACTIVATION, name, Activation.class))) {
            return name;
        }
        return Registry.serialize(a);
    }

    // ---- the built-ins; each documents Keras's formula ----

    /** {@code linear(x) = x}. */
    public static Activation linear() {
        return of("linear", x -> x);
    }

    /** {@code relu(x) = max(x, 0)}. */
    public static Activation relu() {
        return relu(0.0, null, 0.0);
    }

    /**
     * Keras's parameterised ReLU, in Keras's order of operations: {@code y = x} where
     * {@code x > threshold} else {@code 0} (plain {@code max(x, 0)} when threshold is 0); then, if
     * {@code maxValue} is not null, {@code y = clip(y, 0, maxValue)}; then
     * {@code y -= negativeSlope * max(threshold - x, 0)}. Defaults: {@code negativeSlope=0.0},
     * {@code maxValue=null} (no cap), {@code threshold=0.0}. Example: relu with threshold 5 maps
     * {@code [-10, -5, 0, 5, 10]} to {@code [0, 0, 0, 0, 10]}.
     */
    public static Activation relu(double negativeSlope, Double maxValue, double threshold) {
        Map<String, Object> config = params("negative_slope", negativeSlope, "max_value", maxValue, "threshold", threshold);
        if (negativeSlope == 0 && maxValue == null && threshold == 0) {
            return new BuiltinActivation("relu", config, NnOps::relu);
        }
        if (maxValue == null && threshold == 0) {
            return new BuiltinActivation("relu", config, x -> NnOps.leakyRelu(x, negativeSlope));
        }
        return new BuiltinActivation("relu", config, x -> {
            Tensor y = threshold != 0
                    ? Ops.multiply(x, Tensor.constant(x.value().gt(threshold).castTo(x.dataType())))
                    : NnOps.relu(x);
            if (maxValue != null) {
                y = Ops.clip(y, 0.0, maxValue);
            }
            if (negativeSlope != 0) {
                y = Ops.subtract(y, Ops.multiplyScalar(NnOps.relu(Ops.rsubScalar(threshold, x)), negativeSlope));
            }
            return y;
        });
    }

    /** {@code relu6(x) = min(max(x, 0), 6)}. */
    public static Activation relu6() {
        return of("relu6", x -> Ops.clip(x, 0.0, 6.0));
    }

    /** {@code leaky_relu(x) = x if x > 0 else 0.2 * x} (Keras's default {@code negative_slope=0.2}). */
    public static Activation leakyRelu() {
        return leakyRelu(0.2);
    }

    /** {@code leaky_relu(x) = x if x > 0 else negativeSlope * x}. */
    public static Activation leakyRelu(double negativeSlope) {
        return new BuiltinActivation("leaky_relu", params("negative_slope", negativeSlope),
                x -> NnOps.leakyRelu(x, negativeSlope));
    }

    /** {@code elu(x) = x if x > 0 else exp(x) - 1} ({@code alpha=1.0}). */
    public static Activation elu() {
        return elu(1.0);
    }

    /** {@code elu(x) = x if x > 0 else alpha * (exp(x) - 1)}. */
    public static Activation elu(double alpha) {
        return new BuiltinActivation("elu", params("alpha", alpha), x -> NnOps.elu(x, alpha));
    }

    /** {@code selu(x) = scale * elu(x, alpha)} with Klambauer et al.'s alpha=1.67326324, scale=1.05070098. */
    public static Activation selu() {
        return of("selu", NnOps::selu);
    }

    /** Exact GELU, {@code 0.5 x (1 + erf(x / sqrt(2)))} (Keras's default {@code approximate=false}). */
    public static Activation gelu() {
        return gelu(false);
    }

    /** GELU; {@code approximate=true} uses {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. */
    public static Activation gelu(boolean approximate) {
        return new BuiltinActivation("gelu", params("approximate", approximate), x -> NnOps.gelu(x, approximate));
    }

    /** {@code silu(x) = x * sigmoid(x)}, also registered as {@code swish}. */
    public static Activation silu() {
        return of("silu", NnOps::silu);
    }

    /** {@code sigmoid(x) = 1 / (1 + exp(-x))}; the output remembers its logits for cross-entropy. */
    public static Activation sigmoid() {
        return of("sigmoid", NnOps::sigmoid);
    }

    /** Keras 3's {@code hard_sigmoid(x) = relu6(x + 3) / 6}: 0 below -3, 1 above 3, {@code x/6 + 0.5} between. */
    public static Activation hardSigmoid() {
        return of("hard_sigmoid", NnOps::hardSigmoid);
    }

    /** {@code hard_silu(x) = x * hard_sigmoid(x)}, also registered as {@code hard_swish}. */
    public static Activation hardSilu() {
        return of("hard_silu", x -> Ops.multiply(x, NnOps.hardSigmoid(x)));
    }

    /** {@code tanh(x)}. */
    public static Activation tanh() {
        return of("tanh", NnOps::tanh);
    }

    /** Softmax over the last axis (Keras's default {@code axis=-1}). */
    public static Activation softmax() {
        return softmax(-1);
    }

    /** {@code softmax(x) = exp(x) / sum(exp(x), axis)}; the output remembers its logits for cross-entropy. */
    public static Activation softmax(int axis) {
        return new BuiltinActivation("softmax", params("axis", axis), x -> NnOps.softmax(x, axis));
    }

    /** Log-softmax over the last axis (Keras's default {@code axis=-1}). */
    public static Activation logSoftmax() {
        return logSoftmax(-1);
    }

    /** {@code log_softmax(x) = x - log(sum(exp(x), axis))}. */
    public static Activation logSoftmax(int axis) {
        return new BuiltinActivation("log_softmax", params("axis", axis), x -> NnOps.logSoftmax(x, axis));
    }

    /** {@code softplus(x) = log(exp(x) + 1)}. */
    public static Activation softplus() {
        return of("softplus", NnOps::softplus);
    }

    /** {@code softsign(x) = x / (|x| + 1)}. */
    public static Activation softsign() {
        return of("softsign", NnOps::softsign);
    }

    /** {@code mish(x) = x * tanh(softplus(x))}. */
    public static Activation mish() {
        return of("mish", x -> Ops.multiply(x, NnOps.tanh(NnOps.softplus(x))));
    }

    /** {@code exponential(x) = exp(x)}. */
    public static Activation exponential() {
        return of("exponential", Ops::exp);
    }

    private static Activation of(String name, UnaryOperator<Tensor> f) {
        return new BuiltinActivation(name, Map.of(), f);
    }

    /** A parameter map in argument order; values may be null (Keras's None). */
    private static Map<String, Object> params(Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }
}
