package org.keras4j.framework.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.metrics.Metric;
import org.keras4j.framework.optimizers.Optimizer;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Configurable;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;

/**
 * A model's compile arguments as a config map and back: Keras's {@code get_compile_config} and
 * {@code compile_from_config}, which model files keep so that training resumes. {@code optimizer}
 * and {@code loss} are written as {@code {"class_name", "config"}}, {@code metrics} as given (names
 * stay names); a model with several outputs writes {@code loss} and {@code metrics} as maps by output
 * name, and {@code loss_weights} by name when it has them.
 */
final class CompileConfig {
    private CompileConfig() {
    }

    /** The compile config of a compiled model. */
    static Map<String, Object> write(Model model) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("optimizer", Registry.serialize(model.optimizer()));
        List<String> names = model.outputNames();
        CompiledMetrics metrics = model.compiledMetrics();
        List<Loss> outputLosses = model.outputLosses();
        if (outputLosses == null) {
            c.put("loss", Registry.serialize(model.loss()));
            c.put("metrics", metricConfigs(metrics.specs()));
        } else {
            Map<String, Object> losses = new LinkedHashMap<>();
            Map<String, Object> ms = new LinkedHashMap<>();
            for (int k = 0; k < names.size(); k++) {
                losses.put(names.get(k), outputLosses.get(k) == null ? null : Registry.serialize(outputLosses.get(k)));
                ms.put(names.get(k), metricConfigs(metrics.outputSpecs(k)));
            }
            c.put("loss", losses);
            c.put("metrics", ms);
        }
        double[] lossWeights = model.lossWeights();
        if (lossWeights != null) {
            Map<String, Object> w = new LinkedHashMap<>();
            for (int k = 0; k < names.size(); k++) {
                w.put(names.get(k), lossWeights[k]);
            }
            c.put("loss_weights", w);
        }
        return c;
    }

    /** Compiles {@code model} from a config written by {@link #write} (or by Keras). */
    static void apply(Model model, Map<String, ?> config) {
        Config c = Config.of(config, "compile_config");
        Object ms = c.raw("metrics");
        if (ms != null && !(ms instanceof List<?>) && !(ms instanceof Map<?, ?>)) {
            throw new IllegalArgumentException("compile_config: 'metrics' must be a list or a map by output name, received " + ms);
        }
        Registry r = Registry.get();
        Optimizer opt = r.deserialize(Kind.OPTIMIZER, Model.requireSpec("optimizer", c.raw("optimizer")), Optimizer.class);
        Object lossSpec = Model.requireSpec("loss", c.raw("loss"));
        Object weights = c.raw("loss_weights");
        // Keras writes these too; only their defaults have a meaning here.
        c.ignore("weighted_metrics", "run_eagerly", "steps_per_execution", "jit_compile", "auto_scale_loss");
        c.checkAllUsed("compile_config");
        boolean byOutput = lossSpec instanceof Map<?, ?> m && !m.containsKey("class_name");
        boolean perOutput = byOutput || lossSpec instanceof List<?> || ms instanceof Map<?, ?> || weights != null;
        if (!perOutput) {
            model.compile(opt, r.deserialize(Kind.LOSS, lossSpec, Loss.class), metricObjects(ms).toArray());
            return;
        }
        model.compileStructured(opt, losses(lossSpec, byOutput), metricsArgument(ms), lossWeights(weights));
    }

    private static Object losses(Object spec, boolean byOutput) {
        Registry r = Registry.get();
        if (byOutput) {
            Map<String, Object> byName = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) spec).entrySet()) {
                byName.put(String.valueOf(e.getKey()), e.getValue() == null ? null : r.deserialize(Kind.LOSS, e.getValue(), Loss.class));
            }
            return byName;
        }
        if (spec instanceof List<?> list) {
            List<Object> byPosition = new ArrayList<>();
            for (Object o : list) {
                byPosition.add(o == null ? null : r.deserialize(Kind.LOSS, o, Loss.class));
            }
            return byPosition;
        }
        return r.deserialize(Kind.LOSS, spec, Loss.class);
    }

    private static Object metricsArgument(Object ms) {
        if (ms instanceof Map<?, ?> m) {
            Map<String, Object> byName = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                byName.put(String.valueOf(e.getKey()), metricObjects(e.getValue()));
            }
            return byName;
        }
        return ms == null ? null : metricObjects(ms);
    }

    /** Loss weights as {@code compileStructured} takes them: a map by output name, a {@code double[]}, or null. */
    private static Object lossWeights(Object weights) {
        if (weights instanceof Map<?, ?> m) {
            Map<String, Double> byName = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                byName.put(String.valueOf(e.getKey()), ((Number) e.getValue()).doubleValue());
            }
            return byName;
        }
        if (weights instanceof List<?> list) {
            double[] d = new double[list.size()];
            for (int i = 0; i < d.length; i++) {
                d[i] = ((Number) list.get(i)).doubleValue();
            }
            return d;
        }
        return null;
    }

    private static List<Object> metricConfigs(List<Object> specs) {
        List<Object> ms = new ArrayList<>();
        for (Object m : specs) {
            ms.add(m instanceof Configurable cm ? Registry.serialize(cm) : m);
        }
        return ms;
    }

    private static List<Object> metricObjects(Object specs) {
        List<Object> out = new ArrayList<>();
        if (specs instanceof List<?> list) {
            for (Object m : list) {
                out.add(m instanceof Map<?, ?> ? Registry.get().deserialize(Kind.METRIC, m, Metric.class) : m);
            }
        } else if (specs != null) {
            out.add(specs instanceof Map<?, ?> ? Registry.get().deserialize(Kind.METRIC, specs, Metric.class) : specs);
        }
        return out;
    }
}
