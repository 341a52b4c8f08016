package org.keras4j.framework.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keras4j.framework.optimizers.OptimizerTesting.GRADS;
import static org.keras4j.framework.optimizers.OptimizerTesting.W0;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.GradientTape;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.optimizers.schedules.CosineDecay;
import org.keras4j.framework.optimizers.schedules.CosineDecayRestarts;
import org.keras4j.framework.optimizers.schedules.ExponentialDecay;
import org.keras4j.framework.optimizers.schedules.InverseTimeDecay;
import org.keras4j.framework.optimizers.schedules.PiecewiseConstantDecay;
import org.keras4j.framework.optimizers.schedules.PolynomialDecay;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Registry names, config round trips through JSON, a real Keras 3 config, and convergence on a quadratic. */
class OptimizersRegistrarTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyNameResolvesWithKerasDefaults() {
        Map<String, Class<?>> byName = Map.of("SGD", SGD.class, "Adam", Adam.class, "AdamW", AdamW.class,
                "RMSprop", RMSprop.class, "Adagrad", Adagrad.class, "Adadelta", Adadelta.class, "Adamax", Adamax.class,
                "Nadam", Nadam.class);
        for (var e : byName.entrySet()) {
            for (String name : List.of(e.getKey(), e.getKey().toLowerCase())) {
                Optimizer o = Registry.get().create(Kind.OPTIMIZER, name, Optimizer.class);
                assertEquals(e.getValue(), o.getClass(), name);
                assertEquals(e.getKey(), o.className());
                assertEquals(e.getKey().equals("SGD") ? 0.01 : 0.001, o.currentLearningRate(), name);
            }
        }
        var unknown = assertThrows(IllegalArgumentException.class,
                () -> Registry.get().create(Kind.OPTIMIZER, "adamm", Optimizer.class));
        assertTrue(unknown.getMessage().startsWith("Unknown optimizer: 'adamm'. Known optimizer names:"), unknown.getMessage());
        assertTrue(unknown.getMessage().contains("Adam"), unknown.getMessage());
        for (String s : List.of("ExponentialDecay", "InverseTimeDecay", "PiecewiseConstantDecay", "PolynomialDecay",
                "CosineDecay", "CosineDecayRestarts", "exponential_decay", "cosine_decay_restarts")) {
            assertTrue(Registry.get().contains(Kind.SCHEDULE, s), s);
        }
    }

    /** Non-default arguments everywhere, so that a dropped or swapped key shows. */
    private static List<Optimizer> samples() {
        return List.of(
                new SGD(0.05, 0.7, true).clipnorm(2.0).name("my_sgd"),
                new SGD(new ExponentialDecay(0.1, 2, 0.5, true)),
                new Adam(0.01, 0.8, 0.9, 1e-4, true).globalClipnorm(3.0),
                new Adam(new CosineDecay(0.0, 10, 0.1, 0.05, 2)),
                new AdamW(0.02, 0.1, 0.85, 0.95, 1e-5, false),
                new AdamW(new PolynomialDecay(0.1, 4, 0.01, 2.0, true), 0.01, 0.9, 0.999, 1e-7, true),
                new RMSprop(0.02, 0.8, 0.5, 1e-5, true).clipvalue(0.5),
                new RMSprop(new InverseTimeDecay(0.1, 1, 0.5)),
                new Adagrad(0.3, 0.2, 1e-4).weightDecay(0.01),
                new Adagrad(new PiecewiseConstantDecay(new long[] {1, 2}, new double[] {0.3, 0.2, 0.1})),
                new Adadelta(1.0, 0.8, 1e-5),
                new Adamax(0.05, 0.7, 0.9, 1e-4),
                new Nadam(0.05, 0.8, 0.95, 1e-5),
                new Nadam(new CosineDecayRestarts(0.1, 1, 2.0, 0.5, 0.1)));
    }

    @Test
    void configRoundTripThroughJsonRebuildsAnEqualOptimizer() throws Exception {
        for (Optimizer original : samples()) {
            String json = JSON.writeValueAsString(Registry.serialize(original));
            Map<String, Object> parsed = JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
            Optimizer rebuilt = Registry.get().deserialize(Kind.OPTIMIZER, parsed, Optimizer.class);
            String what = original.className() + " " + json;
            assertEquals(original.getClass(), rebuilt.getClass(), what);
            assertEquals(original.getConfig(), rebuilt.getConfig(), what);
            if (original.schedule() != null) {
                assertEquals(original.schedule(), rebuilt.schedule(), what);
            }
            // Equal behaviour: the same three steps give bit-identical weights.
            Variable a = OptimizerTesting.variable(W0);
            Variable b = OptimizerTesting.variable(W0);
            for (double[] g : GRADS) {
                OptimizerTesting.step(original, a, g);
                OptimizerTesting.step(rebuilt, b, g);
            }
            assertEquals(a.value(), b.value(), what);
        }
    }

    @Test
    void readsTheOptimizerOfARealKeras3File() throws Exception {
        // compile_config.optimizer of config.json in testdata/conformance/keras/keras3/binancetrader_model.keras (Keras 3.5).
        String keras = "{\"module\": \"keras.optimizers\", \"class_name\": \"Adam\", \"config\": {\"name\": \"adam\", "
                + "\"learning_rate\": 0.0010000000474974513, \"weight_decay\": null, \"clipnorm\": null, \"global_clipnorm\": null, "
                + "\"clipvalue\": null, \"use_ema\": false, \"ema_momentum\": 0.99, \"ema_overwrite_frequency\": null, "
                + "\"loss_scale_factor\": null, \"gradient_accumulation_steps\": null, \"beta_1\": 0.9, \"beta_2\": 0.999, "
                + "\"epsilon\": 1e-07, \"amsgrad\": false}, \"registered_name\": null}";
        Map<String, Object> spec = JSON.readValue(keras, new TypeReference<Map<String, Object>>() { });
        Adam adam = (Adam) Registry.get().deserialize(Kind.OPTIMIZER, spec, Optimizer.class);
        assertEquals(spec.get("config"), adam.getConfig());

        // A schedule as learning_rate, in Keras 3's serialized form.
        String withSchedule = "{\"class_name\": \"SGD\", \"config\": {\"learning_rate\": {\"module\": \"keras.optimizers.schedules\", "
                + "\"class_name\": \"ExponentialDecay\", \"config\": {\"initial_learning_rate\": 0.1, \"decay_steps\": 1000, "
                + "\"decay_rate\": 0.96, \"staircase\": false, \"name\": \"ExponentialDecay\"}, \"registered_name\": null}, "
                + "\"momentum\": 0.9, \"nesterov\": false}}";
        Optimizer sgd = Registry.get().deserialize(Kind.OPTIMIZER,
                JSON.readValue(withSchedule, new TypeReference<Map<String, Object>>() { }), Optimizer.class);
        assertEquals(new ExponentialDecay(0.1, 1000, 0.96), sgd.schedule());
        sgd.setIterations(500);
        assertEquals(0.1 * Math.pow(0.96, 0.5), sgd.currentLearningRate(), 1e-15);
        assertInstanceOf(Map.class, sgd.getConfig().get("learning_rate"));
    }

    /** loss = sum((w - 3)^2) from w = (0, 1, 5), gradients by the tape. */
    private static double minimise(Optimizer opt, int steps) {
        Variable w = new Variable("w", Nd4j.createFromArray(0.0, 1.0, 5.0), true);
        for (int i = 0; i < steps; i++) {
            try (GradientTape tape = new GradientTape()) {
                Tensor loss = Ops.sum(Ops.square(Ops.addScalar(w, -3.0)));
                List<INDArray> grads = tape.gradient(loss, List.of(w));
                opt.applyGradients(grads, List.of(w));
            }
        }
        return w.value().sub(3.0).amaxNumber().doubleValue();
    }

    @Test
    void everyOptimizerMinimisesAQuadratic() {
        Map<String, Optimizer> opts = new java.util.LinkedHashMap<>();
        opts.put("sgd", new SGD(0.1));
        opts.put("nesterov", new SGD(0.05, 0.9, true));
        opts.put("adam", new Adam(0.1));
        opts.put("amsgrad", new Adam(0.1, 0.9, 0.999, 1e-7, true));
        opts.put("adamw", new AdamW(0.1, 0.001));
        opts.put("rmsprop+schedule", new RMSprop(new ExponentialDecay(0.1, 50, 0.5)));
        opts.put("adagrad", new Adagrad(1.0));
        opts.put("adadelta", new Adadelta(10.0, 0.9, 1e-4));
        opts.put("adamax", new Adamax(0.2));
        opts.put("nadam", new Nadam(0.1));
        for (var e : opts.entrySet()) {
            double err = minimise(e.getValue(), 150);
            assertTrue(err < 0.02, e.getKey() + " ends " + err + " away from the minimum");
        }
    }
}
