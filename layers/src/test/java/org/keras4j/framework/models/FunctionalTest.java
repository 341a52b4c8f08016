package org.keras4j.framework.models;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.GradientTape;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.callbacks.History;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.KerasTensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.optimizers.SGD;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.testing.GradientCheck;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.merging.Add;
import org.keras4j.layers.merging.Concatenate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The functional API: graph checks, shared layers, nesting, multi-output training, configs, custom layers, freezing. */
class FunctionalTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static <L extends Layer> L named(L layer, String name) {
        layer.setName(name);
        return layer;
    }

    private static INDArray m(double[][] rows) {
        return Nd4j.createFromArray(rows).castTo(Backend.floatx());
    }

    @Test
    void sharedLayerKeepsOneSetOfWeightsAndItsGradientIsTheSumOverUses() {
        GradientCheck.inFloat64(() -> {
            KerasTensor a = Input.tensor(4);
            KerasTensor b = Input.tensor(4);
            Dense shared = new Dense(3, "tanh");
            Functional model = Model.of(List.of(a, b), List.of(new Add().apply(shared.apply(a), shared.apply(b))));
            assertEquals(2, model.weights().size(), "a shared layer's weights count once");
            assertEquals(2, model.nodesOf(shared).size());
            INDArray xa = GradientCheck.uniform(-1, 1, 5, 4);
            INDArray xb = GradientCheck.uniform(-1, 1, 5, 4);
            // finite differences through both uses at once
            List<Variable> wrt = new ArrayList<>(model.trainableWeights());
            Variable va = new Variable("xa", xa, true);
            Variable vb = new Variable("xb", xb, true);
            wrt.add(va);
            wrt.add(vb);
            GradientCheck.check(ts -> model.call(List.of(ts.get(0), ts.get(1)), true).get(0), List.of(va, vb), wrt);
            // the gradient is exactly the sum of the gradients of each use taken alone
            Variable kernel = shared.trainableWeights().get(0);
            INDArray both = kernelGradient(kernel, () -> Ops.add(shared.apply(Tensor.constant(xa), true), shared.apply(Tensor.constant(xb), true)));
            INDArray first = kernelGradient(kernel, () -> shared.apply(Tensor.constant(xa), true));
            INDArray second = kernelGradient(kernel, () -> shared.apply(Tensor.constant(xb), true));
            INDArray viaModel = kernelGradient(kernel, () -> model.call(List.of(Tensor.constant(xa), Tensor.constant(xb)), true).get(0));
            assertTrue(both.equalsWithEps(first.add(second), 1e-12));
            assertTrue(viaModel.equalsWithEps(first.add(second), 1e-12));
        });
    }

    private static INDArray kernelGradient(Variable kernel, java.util.function.Supplier<Tensor> f) {
        try (GradientTape tape = new GradientTape()) {
            return tape.gradient(Ops.sum(f.get()), kernel).dup();
        }
    }

    @Test
    void nestedModelsAreLayersAndGradientsFlowThroughThem() {
        GradientCheck.inFloat64(() -> {
            Sequential inner = new Sequential(new Input(4), new Dense(3, "tanh"));
            KerasTensor i2 = Input.tensor(3);
            Functional innerF = Model.of(i2, new Dense(2, "sigmoid").apply(i2));
            KerasTensor x = Input.tensor(4);
            KerasTensor h = inner.apply(x);
            assertEquals(Shape.of(-1, 3), h.shape());
            KerasTensor y = new Dense(2).apply(new Concatenate().apply(innerF.apply(h), h));
            Functional outer = Model.of(x, y);
            assertEquals(6, outer.weights().size());
            assertTrue(outer.layers().contains(inner) && outer.layers().contains(innerF));
            Variable vx = new Variable("x", GradientCheck.uniform(-1, 1, 3, 4), true);
            List<Variable> wrt = new ArrayList<>(outer.trainableWeights());
            wrt.add(vx);
            GradientCheck.check(ts -> outer.call(ts.get(0), true), List.of(vx), wrt);
        });
    }

    @Test
    void constructionErrorsNameTheLayers() {
        KerasTensor a = Input.tensor("left", 3);
        KerasTensor b = Input.tensor("right", 3);
        Dense head = named(new Dense(2), "head_on_right");
        KerasTensor onRight = head.apply(b);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Model.of(a, onRight));
        assertTrue(e.getMessage().contains("disconnected") && e.getMessage().contains("head_on_right")
                && e.getMessage().contains("\"right\"") && e.getMessage().contains("[left]"), e.getMessage());

        KerasTensor onLeft = new Dense(2).apply(a);
        e = assertThrows(IllegalArgumentException.class, () -> Model.of(List.of(a, b), List.of(onLeft)));
        assertTrue(e.getMessage().contains("input \"right\" does not reach any output"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> Model.of(List.of(onLeft), List.of(onLeft)));
        assertTrue(e.getMessage().contains("Input.tensor"), e.getMessage());

        KerasTensor c = Input.tensor(5);
        e = assertThrows(IllegalArgumentException.class, () -> new Add("bad_merge").apply(onLeft, named(new Dense(4), "four_wide").apply(c)));
        assertTrue(e.getMessage().contains("bad_merge") && e.getMessage().contains("four_wide") && e.getMessage().contains("(None, 4)"),
                e.getMessage());
    }

    @Test
    void aCycleInAConfigIsReportedWithItsLayers() {
        Map<String, Object> in = layerSpec("InputLayer", Map.of("name", "x", "batch_input_shape", java.util.Arrays.asList(null, 2)), List.of());
        Map<String, Object> p = layerSpec("Dense", Map.of("name", "ping", "units", 2), List.of(List.of(List.of("pong", 0, 0, Map.of()))));
        Map<String, Object> q = layerSpec("Dense", Map.of("name", "pong", "units", 2), List.of(List.of(List.of("ping", 0, 0, Map.of()))));
        Map<String, Object> cfg = new LinkedHashMap<>();
        cfg.put("name", "loop");
        cfg.put("layers", List.of(in, p, q));
        cfg.put("input_layers", List.of(List.of("x", 0, 0)));
        cfg.put("output_layers", List.of(List.of("pong", 0, 0)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Registry.get().deserialize(Kind.LAYER, Map.of("class_name", "Model", "config", cfg), Layer.class));
        assertTrue(e.getMessage().contains("cycle") && e.getMessage().contains("ping") && e.getMessage().contains("pong"), e.getMessage());
    }

    private static Map<String, Object> layerSpec(String cls, Map<String, Object> config, List<Object> inbound) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("class_name", cls);
        s.put("config", config);
        s.put("name", config.get("name"));
        s.put("inbound_nodes", inbound);
        return s;
    }

    /** Two inputs (the signs of two numbers), one output: their XOR, which needs the hidden layer. */
    @Test
    void aTwoInputModelTrainsToHighAccuracy() {
        Backend.setRandomSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 2000, 2).muli(2).subi(1);
        INDArray y = x.getColumn(0).mul(x.getColumn(1)).gt(0).castTo(DataType.INT64);
        INDArray x0 = x.getColumn(0).reshape(2000, 1).dup();
        INDArray x1 = x.getColumn(1).reshape(2000, 1).dup();
        KerasTensor a = Input.tensor("a", 1);
        KerasTensor b = Input.tensor("b", 1);
        KerasTensor h = new Dense(16, "relu").apply(new Concatenate().apply(a, b));
        Functional model = Model.of(List.of(a, b), List.of(new Dense(2, "softmax").apply(new Dense(16, "relu").apply(h))));
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        History hist = model.fit(Map.of("a", x0, "b", x1), y, FitOptions.epochs(30).batchSize(32).verbose(0).validationSplit(0.2));
        assertEquals(List.of("loss", "accuracy", "val_loss", "val_accuracy"), new ArrayList<>(hist.history().keySet()));
        Map<String, Double> scores = model.evaluate(List.of(x0, x1), y, 256, 0);
        assertTrue(scores.get("accuracy") > 0.95, "XOR accuracy " + scores);
    }

    /**
     * Two outputs with hand-computable losses: x = [[1,2],[3,4]]; "reg_a" = x0 + x1 gives [3,7]
     * against [2,9] (mse 2.5, mae 1.5); "reg_b" = x1 + 1 gives [3,5] against [3,1] (mae 2, times
     * weight 0.5 = 1). Total 3.5. With learning rate 0 fit logs the same numbers.
     */
    @Test
    void multiOutputLogsAreNamedAsKerasAndHaveTheRightValues() {
        KerasTensor x = Input.tensor("features", 2);
        Dense ra = named(new Dense(1), "reg_a");
        Dense rb = named(new Dense(1), "reg_b");
        Functional model = Model.of(List.of(x), List.of(ra.apply(x), rb.apply(x)));
        model.setWeights(List.of(m(new double[][] {{1}, {1}}), Nd4j.zeros(Backend.floatx(), 1),
                m(new double[][] {{0}, {1}}), Nd4j.ones(Backend.floatx(), 1)));
        model.compile(new SGD(0.0), Map.of("reg_a", "mse", "reg_b", "mae"), Map.of("reg_a", List.of("mae")),
                Map.of("reg_b", 0.5));
        INDArray xs = m(new double[][] {{1, 2}, {3, 4}});
        INDArray ya = m(new double[][] {{2}, {9}});
        INDArray yb = m(new double[][] {{3}, {1}});
        Map<String, Double> logs = model.evaluate(xs, Map.of("reg_a", ya, "reg_b", yb), 2, 0);
        assertEquals(List.of("loss", "reg_a_mae", "reg_a_loss", "reg_b_loss"), new ArrayList<>(logs.keySet()));
        assertEquals(3.5, logs.get("loss"), 1e-5);
        assertEquals(1.5, logs.get("reg_a_mae"), 1e-5);
        assertEquals(2.5, logs.get("reg_a_loss"), 1e-5);
        assertEquals(1.0, logs.get("reg_b_loss"), 1e-5);

        History h = model.fit(xs, List.of(ya, yb), FitOptions.epochs(1).batchSize(2).verbose(0).shuffle(false)
                .validationData(List.of(xs), List.of(ya, yb)));
        assertEquals(List.of("loss", "reg_a_mae", "reg_a_loss", "reg_b_loss", "val_loss", "val_reg_a_mae", "val_reg_a_loss",
                "val_reg_b_loss"), new ArrayList<>(h.history().keySet()));
        assertEquals(3.5, h.get("val_loss").get(0), 1e-5);
        assertEquals(1.0, h.get("reg_b_loss").get(0), 1e-5);

        List<INDArray> pred = model.predict(List.of(xs));
        assertEquals(2, pred.size());
        assertEquals(m(new double[][] {{3}, {7}}), pred.get(0));
        assertEquals(m(new double[][] {{3}, {5}}), pred.get(1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.evaluate(xs, Map.of("reg_a", ya, "reg_c", yb), 2, 0));
        assertTrue(e.getMessage().contains("reg_c") && e.getMessage().contains("reg_a, reg_b"), e.getMessage());
    }

    @Test
    void configRoundTripsThroughJsonWithSharedLayersAndNesting() throws Exception {
        KerasTensor a = Input.tensor("a", 4);
        KerasTensor b = Input.tensor("b", 4);
        Dense shared = new Dense(3, "relu");
        Sequential tail = new Sequential(new Input(3), new Dense(2));
        KerasTensor sum = new Add().apply(shared.apply(a), shared.apply(b));
        Functional model = Model.of(List.of(a, b), List.of(tail.apply(sum), new Dense(1, "sigmoid").apply(sum)));
        String json = JSON.writeValueAsString(Registry.serialize(model));
        @SuppressWarnings("unchecked")
        Map<String, Object> parsed = JSON.readValue(json, Map.class);
        Functional back = (Functional) Registry.get().deserialize(Kind.LAYER, parsed, Layer.class);
        assertEquals(JSON.writeValueAsString(model.getConfig()), JSON.writeValueAsString(back.getConfig()));
        assertEquals(2, back.nodesOf(back.getLayer(shared.name())).size());
        assertTrue(json.contains("\"keras_history\":[\"" + shared.name() + "\",1,0]"), json);
        back.setWeights(model.getWeights());
        INDArray xa = Nd4j.rand(Backend.floatx(), 5, 4);
        INDArray xb = Nd4j.rand(Backend.floatx(), 5, 4);
        List<INDArray> p1 = model.predict(List.of(xa, xb));
        List<INDArray> p2 = back.predict(Map.of("a", xa, "b", xb));
        assertEquals(p1.get(0), p2.get(0));
        assertEquals(p1.get(1), p2.get(1));
    }

    @Test
    void readsAKeras2FunctionalConfig() throws Exception {
        Path file = Path.of("/work/shared/conformance/keras/configs/keras2.1.5_functional_two_inputs_add__dl4j.json");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(file), "conformance configs not installed");
        @SuppressWarnings("unchecked")
        Map<String, Object> spec = JSON.readValue(file.toFile(), Map.class);
        spec.remove("keras_version");
        spec.remove("backend");
        Functional model = (Functional) Registry.get().deserialize(Kind.LAYER, spec, Layer.class);
        assertEquals(List.of("input_3", "input_4"), model.inputNames());
        INDArray out = model.predict(List.of(Nd4j.rand(Backend.floatx(), 3, 16), Nd4j.rand(Backend.floatx(), 3, 32))).get(0);
        assertEquals(3, out.size(0));
        assertTrue(model.summaryText().contains("Connected to"), model.summaryText());
    }

    /** A user layer with only build and call: y = x * k (k per feature, initialized to 2). */
    static final class Scale extends Layer {
        private Variable k;

        Scale(String name) {
            super(name);
        }

        @Override
        public void build(Shape in) {
            k = addWeight("k", new long[] {in.last()}, new org.keras4j.framework.initializers.Constant(2.0), null, true);
        }

        @Override
        public Tensor call(Tensor x, boolean training) {
            return Ops.multiply(x, k);
        }

        static Scale fromConfig(Config c) {
            return applyBaseConfig(c, new Scale(null));
        }
    }

    @Test
    void customLayerWorksInAGraphAndRoundTripsOnceRegistered() throws Exception {
        Registry.get().register(Kind.LAYER, "Scale", Scale::fromConfig);
        KerasTensor x = Input.tensor(3);
        Scale scale = new Scale("my_scale");
        KerasTensor y = scale.apply(x);
        assertEquals(Shape.of(-1, 3), y.shape());
        Functional model = Model.of(x, new Dense(1).apply(y));
        INDArray xs = Nd4j.rand(Backend.floatx(), 4, 3);
        assertEquals(xs.mul(2), scale.apply(Tensor.constant(xs), false).value());
        Map<?, ?> parsed = JSON.readValue(JSON.writeValueAsString(Registry.serialize(model)), Map.class);
        Functional back = (Functional) Registry.get().deserialize(Kind.LAYER, parsed, Layer.class);
        assertEquals("Scale", back.getLayer("my_scale").className());
        back.setWeights(model.getWeights());
        assertEquals(model.predict(xs), back.predict(xs));
        // gradients reach the custom weight through the tape
        model.compile(new SGD(0.1), "mse");
        INDArray before = scale.weights().get(0).value().dup();
        model.fit(xs, Nd4j.ones(Backend.floatx(), 4, 1), FitOptions.epochs(1).batchSize(4).verbose(0));
        assertNotEquals(before, scale.weights().get(0).value());
    }

    @Test
    void frozenLayersAndModelsKeepTheirWeights() {
        KerasTensor x = Input.tensor(3);
        // tanh, not relu: a frozen random relu stack can be dead on every sample, leaving the head no gradient
        Dense frozen = new Dense(4, "tanh");
        Sequential innerModel = new Sequential(new Input(4), new Dense(4, "tanh"));
        Dense head = new Dense(1);
        Functional model = Model.of(x, head.apply(innerModel.apply(frozen.apply(x))));
        frozen.setTrainable(false);
        innerModel.setTrainable(false);
        assertEquals(2, model.trainableWeights().size());
        assertEquals(4, model.nonTrainableWeights().size());
        List<INDArray> before = model.getWeights();
        model.compile("adam", "mse");
        model.fit(Nd4j.rand(Backend.floatx(), 32, 3), Nd4j.rand(Backend.floatx(), 32, 1), FitOptions.epochs(2).batchSize(8).verbose(0));
        List<INDArray> after = model.getWeights();
        for (int i = 0; i < 4; i++) {
            assertEquals(before.get(i), after.get(i), "frozen weight " + i);
        }
        assertNotEquals(before.get(4), after.get(4), "the head trains");
        assertTrue(model.summaryText().contains("Non-trainable params: 36"), model.summaryText());
    }

    /** A Functional subclass overriding trainStep (as Keras's custom train_step) is what fit runs. */
    static final class CountingModel extends Functional {
        int steps;

        CountingModel(KerasTensor in, KerasTensor out) {
            super(in, out);
        }

        @Override
        protected void trainStep(INDArray x, INDArray y, INDArray sampleWeight) {
            steps++;
            super.trainStep(x, y, sampleWeight);
        }
    }

    @Test
    void trainStepOverrideAndAlternatingTrainOnBatch() {
        KerasTensor x = Input.tensor(2);
        CountingModel model = new CountingModel(x, new Dense(1).apply(x));
        model.compile("sgd", "mse");
        model.fit(Nd4j.rand(Backend.floatx(), 10, 2), Nd4j.rand(Backend.floatx(), 10, 1), FitOptions.epochs(3).batchSize(4).verbose(0));
        assertEquals(9, model.steps);

        // GAN-style: the discriminator is frozen while the combined model trains the generator, and thawed for its own step
        KerasTensor z = Input.tensor(2);
        Functional generator = Model.of(z, new Dense(2).apply(z));
        KerasTensor s = Input.tensor(2);
        Functional discriminator = Model.of(s, new Dense(1, "sigmoid").apply(s));
        discriminator.compile(new SGD(0.5), "binary_crossentropy");
        KerasTensor z2 = Input.tensor(2);
        Functional combined = Model.of(z2, discriminator.apply(generator.apply(z2)));
        combined.compile(new SGD(0.5), "binary_crossentropy");
        INDArray noise = Nd4j.rand(Backend.floatx(), 8, 2);
        List<INDArray> d0 = discriminator.getWeights();
        List<INDArray> g0 = generator.getWeights();
        discriminator.setTrainable(false);
        combined.trainOnBatch(noise, Nd4j.ones(Backend.floatx(), 8, 1));
        assertEquals(d0, discriminator.getWeights(), "frozen discriminator");
        assertNotEquals(g0.get(0), generator.getWeights().get(0), "generator moved");
        discriminator.setTrainable(true);
        Map<String, Double> dl = discriminator.trainOnBatch(generator.predict(noise), Nd4j.zeros(Backend.floatx(), 8, 1));
        assertTrue(dl.get("loss") > 0);
        assertNotEquals(d0.get(0), discriminator.getWeights().get(0), "discriminator moved");
    }

    @Test
    void summaryShowsConnections() {
        KerasTensor a = Input.tensor("in_a", 3);
        KerasTensor b = Input.tensor("in_b", 3);
        Dense d = named(new Dense(2), "shared_dense");
        Functional model = Model.of(List.of(a, b), List.of(new Add(null).apply(d.apply(a), d.apply(b))), "summary_model");
        String text = model.summaryText();
        assertTrue(text.contains("Connected to"), text);
        assertTrue(text.contains("in_a[0][0]") && text.contains("in_b[0][0]"), text);
        assertTrue(text.contains("shared_dense[0][0],") && text.contains("shared_dense[1][0]"), text);
        assertTrue(text.contains("Total params: 8"), text);
        assertSame(d, model.getLayer("shared_dense"));
    }

    @Test
    void readsTheKeras3DictNodeForm() throws Exception {
        String json = """
            {"module": "keras", "class_name": "Functional", "registered_name": null, "config": {
              "name": "k3", "trainable": true,
              "layers": [
                {"module": "keras.layers", "class_name": "InputLayer", "registered_name": null,
                 "config": {"batch_shape": [null, 3], "dtype": "float32", "sparse": false, "name": "in1"}, "name": "in1", "inbound_nodes": []},
                {"module": "keras.layers", "class_name": "InputLayer", "registered_name": null,
                 "config": {"batch_shape": [null, 3], "dtype": "float32", "sparse": false, "name": "in2"}, "name": "in2", "inbound_nodes": []},
                {"module": "keras.layers", "class_name": "Add", "registered_name": null,
                 "config": {"name": "add", "trainable": true, "dtype": "float32"}, "name": "add",
                 "inbound_nodes": [{"args": [[
                    {"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "dtype": "float32", "keras_history": ["in1", 0, 0]}},
                    {"class_name": "__keras_tensor__", "config": {"shape": [null, 3], "dtype": "float32", "keras_history": ["in2", 0, 0]}}]],
                   "kwargs": {}}]}],
              "input_layers": [["in1", 0, 0], ["in2", 0, 0]],
              "output_layers": ["add", 0, 0]}}
            """;
        Functional model = (Functional) Registry.get().deserialize(Kind.LAYER, JSON.readValue(json, Map.class), Layer.class);
        assertEquals(List.of("in1", "in2"), model.inputNames());
        assertEquals(List.of("add"), model.outputNames());
        INDArray a = m(new double[][] {{1, 2, 3}});
        INDArray b = m(new double[][] {{10, 20, 30}});
        assertEquals(m(new double[][] {{11, 22, 33}}), model.predict(List.of(a, b)).get(0));
    }

    /** A user layer that produces a mask: entries equal to 0 are padding. */
    static final class ZeroMask extends Layer {
        @Override
        public Tensor call(Tensor x, boolean training) {
            return Ops.multiplyScalar(x, 1.0); // a new tensor: Layer.apply never attaches a mask to its own input
        }

        @Override
        public INDArray computeMask(Tensor inputs, INDArray mask) {
            return inputs.value().neq(0);
        }
    }

    @Test
    void masksFlowAlongTheGraphAndMergeWithAnd() {
        KerasTensor a = Input.tensor(4);
        KerasTensor b = Input.tensor(4);
        Functional model = Model.of(List.of(a, b), List.of(new Add().apply(new ZeroMask().apply(a), new ZeroMask().apply(b))));
        Tensor out = model.call(List.of(Tensor.constant(m(new double[][] {{1, 0, 2, 3}})), Tensor.constant(m(new double[][] {{1, 1, 0, 3}}))), false).get(0);
        assertEquals(Nd4j.createFromArray(new boolean[][] {{true, false, false, true}}), out.mask());
    }

    /** Keras's transfer-learning rule: BatchNormalization inside a frozen model runs in inference mode during fit. */
    @Test
    void frozenBatchNormalizationKeepsItsMovingStatistics() {
        Sequential base = new Sequential(new Input(3), new Dense(4), new org.keras4j.layers.normalization.BatchNormalization());
        KerasTensor x = Input.tensor(3);
        Functional model = Model.of(x, new Dense(1).apply(base.apply(x)));
        base.setTrainable(false);
        List<INDArray> before = base.getWeights();
        model.compile("adam", "mse");
        INDArray xs = Nd4j.rand(Backend.floatx(), 64, 3).muli(5);
        model.fit(xs, Nd4j.rand(Backend.floatx(), 64, 1), FitOptions.epochs(2).batchSize(16).verbose(0));
        assertEquals(before, base.getWeights(), "moving statistics and weights of the frozen base");
        // in inference mode the output is the moving-statistics normalization, the same in training and predict
        Tensor inTraining = model.call(Tensor.constant(xs), true);
        assertTrue(inTraining.value().equalsWithEps(model.predict(xs), 1e-5));
        base.setTrainable(true);
        model.fit(xs, Nd4j.rand(Backend.floatx(), 64, 1), FitOptions.epochs(1).batchSize(16).verbose(0));
        assertNotEquals(before, base.getWeights(), "thawed, it trains and updates its statistics");
    }

    /**
     * The functional reference configs written by Keras 2.1 to tf.keras 2.5 rebuild into models with
     * the same layers, inputs and outputs, and run; a config whose layer classes are not all
     * registered yet is skipped.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {
        "keras2.1.3_functional_embedding_concat_bidirectional__dl4j.json",
        "keras2.1.5_functional_two_inputs_add__dl4j.json",
        "keras2.3.1_functional_three_inputs_embedding_reshape_concat__dl4j.json",
        "tfkeras2.2.4_functional_toy_resnet__kotlindl.json",
        "tfkeras2.2.4_functional_mobilenet_v1__kotlindl.json",
        "tfkeras2.5.0_functional_efficientnet_b0__kotlindl.json"})
    @SuppressWarnings("unchecked")
    void rebuildsReferenceFunctionalConfigs(String name) throws Exception {
        Path file = Path.of("/work/shared/conformance/keras/configs", name);
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(file), "conformance configs not installed");
        Map<String, Object> spec = JSON.readValue(file.toFile(), Map.class);
        Map<String, Object> config = (Map<String, Object>) spec.get("config");
        List<Map<String, Object>> layers = (List<Map<String, Object>>) config.get("layers");
        for (Map<String, Object> l : layers) {
            String cls = (String) l.get("class_name");
            org.junit.jupiter.api.Assumptions.assumeTrue(Registry.get().contains(Kind.LAYER, cls), cls + " is not registered yet");
        }
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("class_name", spec.get("class_name"));
        plain.put("config", config);
        Functional model = (Functional) Registry.get().deserialize(Kind.LAYER, plain, Layer.class);
        assertEquals(layers.size(), model.layers().size(), "layer count");
        for (Map<String, Object> l : layers) {
            assertEquals(l.get("class_name").equals("Model") || l.get("class_name").equals("Functional") ? "Functional"
                    : l.get("class_name"), model.getLayer((String) l.get("name")).className(), (String) l.get("name"));
        }
        List<String> expectedInputs = new ArrayList<>();
        for (Object ref : (List<Object>) config.get("input_layers")) {
            expectedInputs.add((String) ((List<Object>) ref).get(0));
        }
        assertEquals(expectedInputs, model.inputNames());
        List<INDArray> zeros = new ArrayList<>();
        for (KerasTensor t : model.inputs()) {
            long[] dims = t.shape().withBatch(2).toArray();
            for (int d = 0; d < dims.length; d++) {
                if (dims[d] < 0) { // a variable length: take another input's size on that axis, so merges line up
                    dims[d] = 3;
                    for (KerasTensor other : model.inputs()) {
                        long[] o = other.shape().toArray();
                        if (o.length > d && o[d] > 0) {
                            dims[d] = o[d];
                        }
                    }
                }
            }
            zeros.add(Nd4j.zeros(Backend.floatx(), dims));
        }
        List<INDArray> out = model.predict(zeros);
        for (int k = 0; k < out.size(); k++) {
            assertTrue(model.outputs().get(k).shape().isCompatibleWith(out.get(k).shape()),
                    "output " + k + ": predicted " + model.outputs().get(k).shape() + " vs " + Shape.format(out.get(k).shape()));
        }
    }

    /** A compiled two-output model saved to a file loads with its per-output losses, weights and metrics. */
    @Test
    void multiOutputModelSavesAndLoadsWithItsCompileSettings() throws Exception {
        KerasTensor a = Input.tensor("a", 3);
        KerasTensor b = Input.tensor("b", 2);
        Dense shared = new Dense(4, "relu");
        KerasTensor h = new Concatenate().apply(shared.apply(a), new Dense(4).apply(b));
        Functional model = Model.of(List.of(a, b), List.of(named(new Dense(3, "softmax"), "cls").apply(h),
                named(new Dense(1), "val").apply(h)));
        model.compile("adam", Map.of("cls", "sparse_categorical_crossentropy", "val", "mse"),
                Map.of("cls", List.of("accuracy"), "val", List.of("mae")), Map.of("val", 0.25));
        INDArray xa = Nd4j.rand(Backend.floatx(), 16, 3);
        INDArray xb = Nd4j.rand(Backend.floatx(), 16, 2);
        INDArray yc = Nd4j.createFromArray(new long[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0});
        INDArray yv = Nd4j.rand(Backend.floatx(), 16, 1);
        model.fit(List.of(xa, xb), List.of(yc, yv), FitOptions.epochs(1).batchSize(8).verbose(0));
        Path file = Files.createTempDirectory("functional").resolve("two_outputs.keras4j");
        model.save(file);
        Model back = org.keras4j.framework.saving.Models.load(file);
        assertTrue(back instanceof Functional);
        Map<String, Double> expected = model.evaluate(List.of(xa, xb), List.of(yc, yv), 16, 0);
        Map<String, Double> actual = back.evaluate(Map.of("a", xa, "b", xb), Map.of("cls", yc, "val", yv), 16, 0);
        assertEquals(List.of("loss", "cls_accuracy", "val_mae", "cls_loss", "val_loss"), new ArrayList<>(actual.keySet()));
        for (String k : expected.keySet()) {
            assertEquals(expected.get(k), actual.get(k), 1e-6, k);
        }
        assertEquals(0.25, ((Map<?, ?>) back.getCompileConfig().get("loss_weights")).get("val"));
        // training resumes identically from the restored optimizer state
        model.fit(List.of(xa, xb), List.of(yc, yv), FitOptions.epochs(1).batchSize(16).verbose(0).shuffle(false));
        back.fit(List.of(xa, xb), List.of(yc, yv), FitOptions.epochs(1).batchSize(16).verbose(0).shuffle(false));
        assertTrue(model.predict(List.of(xa, xb)).get(1).equalsWithEps(back.predict(List.of(xa, xb)).get(1), 1e-6));
    }
}
