package org.keras4j.framework.metrics;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;

/**
 * Turns the metric specs of {@code compile} into {@link Metric}s, as Keras 3's
 * {@code compile_utils.get_metric}:
 * <ul>
 * <li>a {@link Metric} is used as it is;</li>
 * <li>a config map {@code {"class_name": ..., "config": {...}}} is built through the {@link Registry};</li>
 * <li>a name is looked up in the registry (Keras class names and their snake_case forms, plus
 *     {@code mse}, {@code mae}) and the metric takes that string as its log name, so
 *     {@code "mse"} logs {@code mse} and {@code val_mse}, {@code "mean_squared_error"} logs
 *     {@code mean_squared_error};</li>
 * <li>{@code "accuracy"} and {@code "acc"} (any case) become, under that same name,
 *     {@link BinaryAccuracy} when the output's last axis is 1, {@link SparseCategoricalAccuracy}
 *     when the targets are integer labels (lower rank than the output, or a last axis of 1 against a
 *     wider output), and {@link CategoricalAccuracy} otherwise.</li>
 * </ul>
 * Unknown names fail with the list of known ones.
 *
 * <pre>{@code
 * Metric acc = Metrics.getByShapes("accuracy", new long[] {32}, new long[] {32, 10}); // SparseCategoricalAccuracy "accuracy"
 * Metric mse = Metrics.get("mse");                                                     // MeanSquaredError "mse"
 * }</pre>
 */
public final class Metrics {
    private Metrics() {
    }

    /**
     * Resolves a spec whose meaning does not depend on shapes, as Keras's {@code keras.metrics.get}
     * (but a name also becomes the metric's log name, so every registered factory must accept a
     * {@code name} config key, as every Keras metric does). {@code "accuracy"} here means the
     * exact-match {@link Accuracy}; {@link #getByShapes} and {@link #get(Object, Loss, long[])} make
     * compile's accuracy choice.
     */
    public static Metric get(Object spec) {
        if (spec instanceof Metric m) {
            return m;
        }
        if (spec instanceof String s) {
            Map<String, Object> named = new LinkedHashMap<>();
            named.put("name", s);
            return Registry.get().create(Kind.METRIC, s, Config.of(named, "metric '" + s + "' config"), Metric.class);
        }
        if (spec == null) {
            throw new IllegalArgumentException("Expected a metric, received null");
        }
        return Registry.get().deserialize(Kind.METRIC, spec, Metric.class);
    }

    /**
     * Resolves a spec once the shapes of the targets and the model output are known (Keras 3
     * decides accuracy on the first batch). Shapes include the batch axis; its size is not used.
     */
    public static Metric getByShapes(Object spec, long[] yTrueShape, long[] yPredShape) {
        if (!isAccuracy(spec)) {
            return get(spec);
        }
        String name = (String) spec;
        boolean binary = yPredShape[yPredShape.length - 1] == 1;
        boolean sparse = yTrueShape.length < yPredShape.length
                || (yTrueShape[yTrueShape.length - 1] == 1 && yPredShape[yPredShape.length - 1] > 1);
        if (binary) {
            return new BinaryAccuracy(name, 0.5);
        }
        return sparse ? new SparseCategoricalAccuracy(name) : new CategoricalAccuracy(name);
    }

    /**
     * Resolves a spec at compile time, before any target is seen: the loss tells the targets'
     * layout. A sparse categorical crossentropy ({@code className() "SparseCategoricalCrossentropy"}
     * or name {@code "sparse_categorical_crossentropy"}) means integer labels; any other loss means
     * targets shaped like the output. Then the rule of {@link #getByShapes} applies,
     * so an output whose last axis is 1 gives {@link BinaryAccuracy}, and a wider output
     * {@link SparseCategoricalAccuracy} or {@link CategoricalAccuracy}. As in Keras 3, a binary
     * crossentropy on a multi-label output wider than 1 gives CategoricalAccuracy (Keras 2 gave
     * BinaryAccuracy); pass {@code new BinaryAccuracy("accuracy", 0.5)} for element-wise accuracy.
     *
     * @param loss        the compiled loss, may be null
     * @param outputShape the model output's shape, batch axis included (its size is not used)
     */
    public static Metric get(Object spec, Loss loss, long[] outputShape) {
        if (!isAccuracy(spec)) {
            return get(spec);
        }
        long[] targetShape = isSparseCategoricalCrossentropy(loss)
                ? java.util.Arrays.copyOf(outputShape, outputShape.length - 1)
                : outputShape;
        return getByShapes(spec, targetShape, outputShape);
    }

    private static boolean isAccuracy(Object spec) {
        if (!(spec instanceof String s)) {
            return false;
        }
        String lower = s.toLowerCase(Locale.ROOT);
        return lower.equals("accuracy") || lower.equals("acc");
    }

    private static boolean isSparseCategoricalCrossentropy(Loss loss) {
        return loss != null && ("SparseCategoricalCrossentropy".equals(loss.className())
                || "sparse_categorical_crossentropy".equals(loss.name()));
    }
}
