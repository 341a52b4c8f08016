package org.keras4j.framework.saving.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.initializers.Initializers;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The import pipeline on files written here with jHDF, using a one-weight test layer
 * ({@code y = x * k}) so the framework is tested without the layers module: Keras 3 archives address
 * weights by class name and position ({@code test_scale}, {@code test_scale_1}), not by layer name;
 * legacy files by {@code layer_names}/{@code weight_names}; unsupported layers are all listed.
 */
class KerasModelImportTest {
    @TempDir
    Path tmp;

    /** {@code y = x * k}, k of shape (last axis,). */
    static final class TestScale extends Layer {
        private Variable k;

        TestScale(String name) {
            super(name);
        }

        @Override
        public void build(Shape in) {
            k = addWeight("k", new long[] {in.last()}, Initializers.get("ones"), null, true);
        }

        @Override
        public Tensor call(Tensor x, boolean training) {
            return Ops.multiply(x, k);
        }

        @Override
        public String className() {
            return "TestScale";
        }

        static TestScale fromConfig(Config c) {
            c.ignore("trainable", "dtype");
            return new TestScale(c.getString("name"));
        }
    }

    @BeforeAll
    static void register() {
        Registry.get().register(Kind.LAYER, "TestScale", TestScale::fromConfig);
        Registry.get().register(Kind.LAYER, "TestUnmapped", TestScale::fromConfig);
        KerasWeightMappings.get().register("TestScale", KerasWeightMapping.inOrder());
    }

    private static String config(String keras, String... layerClassAndName) {
        StringBuilder b = new StringBuilder("{\"class_name\": \"Sequential\", " + keras + "\"config\": {\"name\": \"seq\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 3], \"name\": \"in\"}}");
        for (int i = 0; i < layerClassAndName.length; i += 2) {
            b.append(", {\"module\": \"keras.layers\", \"class_name\": \"").append(layerClassAndName[i])
                    .append("\", \"config\": {\"name\": \"").append(layerClassAndName[i + 1])
                    .append("\", \"trainable\": true, \"dtype\": {\"module\": \"keras\", \"class_name\": \"DTypePolicy\", "
                            + "\"config\": {\"name\": \"float32\"}}}, \"registered_name\": null}");
        }
        return b.append("]}}").toString();
    }

    private Path archive(String config, Path weights) throws IOException {
        Path p = tmp.resolve("m.keras");
        try (OutputStream os = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(os)) {
            z.putNextEntry(new ZipEntry("metadata.json"));
            z.write("{\"keras_version\": \"3.5.0\"}".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("config.json"));
            z.write(config.getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("model.weights.h5"));
            z.write(Files.readAllBytes(weights));
            z.closeEntry();
        }
        return p;
    }

    @Test
    void keras3WeightsAreFoundByClassNameAndPositionNotLayerName() throws IOException {
        Path w = tmp.resolve("model.weights.h5");
        try (WritableHdfFile f = HdfFile.write(w)) {
            WritableGroup layers = f.putGroup("layers");
            layers.putGroup("test_scale").putGroup("vars").putDataset("0", new float[] {2, 3, 4});
            layers.putGroup("test_scale_1").putGroup("vars").putDataset("0", new float[] {10, 100, 1000});
        }
        Model m = KerasModelImport.load(archive(config("", "TestScale", "first", "TestScale", "second"), w));
        assertEquals(List.of("first", "second"), m.layers().stream().map(Layer::name).toList());
        assertEquals(Nd4j.createFromArray(2f, 3f, 4f), m.getLayer("first").weights().get(0).value());
        INDArray y = m.predict(Nd4j.createFromArray(new float[][] {{1, 1, 1}, {1, 2, 3}}));
        assertEquals(Nd4j.createFromArray(new float[][] {{20, 300, 4000}, {20, 600, 12000}}), y);
    }

    @Test
    void legacyH5FullModelUsesLayerAndWeightNames() throws IOException {
        Path h5 = tmp.resolve("model.h5");
        try (WritableHdfFile f = HdfFile.write(h5)) {
            f.putAttribute("model_config", config("\"keras_version\": \"2.3.1\", ", "TestScale", "a", "TestScale", "b"));
            f.putAttribute("keras_version", "2.3.1");
            f.putAttribute("backend", "tensorflow");
            WritableGroup mw = f.putGroup("model_weights");
            mw.putAttribute("layer_names", new String[] {"a", "b"});
            WritableGroup b = mw.putGroup("b");
            b.putAttribute("weight_names", new String[] {"b/k:0"});
            b.putGroup("b").putDataset("k:0", new float[] {5, 6, 7});
            WritableGroup a = mw.putGroup("a");
            a.putAttribute("weight_names", new String[] {"a/k:0"});
            a.putGroup("a").putDataset("k:0", new float[] {-1, 0, 1});
        }
        Model m = KerasModelImport.load(h5);
        assertEquals(Nd4j.createFromArray(-1f, 0f, 1f), m.getLayer("a").weights().get(0).value());
        assertEquals(Nd4j.createFromArray(5f, 6f, 7f), m.getLayer("b").weights().get(0).value());
        assertEquals(Nd4j.createFromArray(new float[][] {{-5, 0, 7}}), m.predict(Nd4j.createFromArray(new float[][] {{1, 1, 1}})));
    }

    @Test
    void weightsForALayerTheModelLacksAreRefused() throws IOException {
        Path w = tmp.resolve("model.weights.h5");
        try (WritableHdfFile f = HdfFile.write(w)) {
            WritableGroup layers = f.putGroup("layers");
            layers.putGroup("test_scale").putGroup("vars").putDataset("0", new float[] {2, 3, 4});
            layers.putGroup("dense").putGroup("vars").putDataset("0", new float[] {1});
        }
        KerasImportException e = assertThrows(KerasImportException.class,
                () -> KerasModelImport.load(archive(config("", "TestScale", "only"), w)));
        assertTrue(e.getMessage().contains("'dense'"), e.getMessage());
    }

    @Test
    void allUnsupportedLayersAreListedAtOnce() throws IOException {
        Path w = tmp.resolve("model.weights.h5");
        try (WritableHdfFile f = HdfFile.write(w)) {
            f.putGroup("layers");
        }
        Path p = archive(config("", "Conv2D", "c1", "TestScale", "ok", "Bogus", "b1", "TestUnmapped", "u1", "Conv2D", "c2"), w);
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasModelImport.load(p));
        String msg = e.getMessage();
        assertTrue(msg.contains("4 unsupported layer(s): Conv2D \"c1\", Bogus \"b1\", TestUnmapped \"u1\" (no weight mapping), "
                + "Conv2D \"c2\"."), msg);
        assertTrue(msg.contains("Keras 3.5.0") && msg.contains(p.toString()), msg);

        // Without weights, a registered layer needs no mapping.
        KerasImportException c = assertThrows(KerasImportException.class,
                () -> KerasModelImport.fromJson(config("", "TestUnmapped", "u1", "Bogus", "b1")));
        assertTrue(c.getMessage().contains("1 unsupported layer(s): Bogus \"b1\"."), c.getMessage());
        Model fresh = KerasModelImport.fromJson(config("", "TestUnmapped", "u1"));
        assertEquals(1, fresh.layers().size());
    }

    @Test
    void functionalConfigsNameTheirModelClass() {
        String functional = "{\"class_name\": \"Functional\", \"config\": {\"name\": \"f\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"name\": \"in\", \"config\": {\"batch_input_shape\": [null, 3], \"name\": \"in\"}, \"inbound_nodes\": []},"
                + "{\"class_name\": \"Add\", \"name\": \"add\", \"config\": {\"name\": \"add\"}, \"inbound_nodes\": [[[\"in\", 0, 0, {}]]]}],"
                + "\"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"add\", 0, 0]]}}";
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasModelImport.fromJson(functional));
        assertTrue(e.getMessage().contains("Functional \"f\"") && e.getMessage().contains("1 unsupported layer(s): Add \"add\""),
                e.getMessage());
    }

    @Test
    void keras2FunctionalModelImportsWithWeightsByLayerName() throws IOException {
        String functional = "{\"class_name\": \"Model\", \"keras_version\": \"2.1.5\", \"config\": {\"name\": \"f\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"name\": \"in\", \"config\": {\"batch_input_shape\": [null, 3], \"dtype\": \"float32\", "
                + "\"sparse\": false, \"name\": \"in\"}, \"inbound_nodes\": []},"
                + "{\"class_name\": \"TestScale\", \"name\": \"s1\", \"config\": {\"name\": \"s1\", \"trainable\": true}, "
                + "\"inbound_nodes\": [[[\"in\", 0, 0, {}]]]},"
                + "{\"class_name\": \"TestScale\", \"name\": \"s2\", \"config\": {\"name\": \"s2\", \"trainable\": true}, "
                + "\"inbound_nodes\": [[[\"s1\", 0, 0, {}]]]}],"
                + "\"input_layers\": [[\"in\", 0, 0]], \"output_layers\": [[\"s2\", 0, 0]]}}";
        Path h5 = tmp.resolve("functional.h5");
        try (WritableHdfFile f = HdfFile.write(h5)) {
            f.putAttribute("model_config", functional);
            f.putAttribute("keras_version", "2.1.5");
            WritableGroup mw = f.putGroup("model_weights");
            mw.putAttribute("layer_names", new String[] {"s1", "s2"}); // (jHDF cannot write the empty list Keras gives "in")
            WritableGroup g1 = mw.putGroup("s1");
            g1.putAttribute("weight_names", new String[] {"s1/k:0"});
            g1.putGroup("s1").putDataset("k:0", new float[] {1, 2, 3});
            WritableGroup g2 = mw.putGroup("s2");
            g2.putAttribute("weight_names", new String[] {"s2/k:0"});
            g2.putGroup("s2").putDataset("k:0", new float[] {10, 10, -1});
        }
        Model m = KerasModelImport.load(h5);
        assertEquals("Functional", m.className());
        assertEquals(Nd4j.createFromArray(new float[][] {{10, 40, -9}}), m.predict(Nd4j.createFromArray(new float[][] {{1, 2, 3}})));
    }

    @Test
    void aConfigAskingForMoreWeightsThanTheFileStoresFailsBeforeAllocating() throws IOException {
        Path w = tmp.resolve("model.weights.h5");
        try (WritableHdfFile f = HdfFile.write(w)) {
            f.putGroup("layers").putGroup("test_scale").putGroup("vars").putDataset("0", new float[] {2, 3, 4});
        }
        // 2^33 inputs would make a 32 GiB weight; the file stores 3 elements, so the budget is 3.
        String huge = config("", "TestScale", "big").replace("[null, 3]", "[null, 8589934592]");
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasModelImport.load(archive(huge, w)));
        assertTrue(e.getMessage().contains("weight budget of 3 elements") && e.getMessage().contains("\"big\""), e.getMessage());
    }

    @Test
    void hdf5ReadingRefusesTruncatedFiles() throws IOException {
        Path h5 = tmp.resolve("model.h5");
        try (WritableHdfFile f = HdfFile.write(h5)) {
            f.putAttribute("model_config", config("", "TestScale", "a"));
            f.putGroup("model_weights").putAttribute("layer_names", new String[] {"a"});
        }
        byte[] bytes = Files.readAllBytes(h5);
        Path cut = tmp.resolve("cut.h5");
        Files.write(cut, java.util.Arrays.copyOf(bytes, Math.min(bytes.length, 600)));
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasModelImport.load(cut));
        assertTrue(e.getMessage().contains(cut.toString()), e.getMessage());
    }

    @Test
    void weightsLoadIntoAJavaBuiltModel() throws IOException {
        Sequential s = new Sequential(new org.keras4j.framework.layers.Input(3), new TestScale("mine"));
        Path w = tmp.resolve("weights.h5");
        try (WritableHdfFile f = HdfFile.write(w)) {
            f.putAttribute("layer_names", new String[] {"mine"});
            f.putGroup("mine").putAttribute("weight_names", new String[] {"mine_k:0"});
        }
        // weight_names lists an array the group does not hold
        assertThrows(KerasImportException.class, () -> KerasModelImport.loadWeights(s, w));
        Path ok = tmp.resolve("ok.h5");
        try (WritableHdfFile f = HdfFile.write(ok)) {
            f.putAttribute("layer_names", new String[] {"mine"});
            WritableGroup g = f.putGroup("mine");
            g.putAttribute("weight_names", new String[] {"mine_k:0"});
            g.putDataset("mine_k:0", new double[] {1.5, 2.5, 3.5});
        }
        KerasModelImport.loadWeights(s, ok);
        assertEquals(Nd4j.createFromArray(1.5, 2.5, 3.5).castTo(s.weights().get(0).value().dataType()), s.weights().get(0).value());
        assertEquals(DataType.FLOAT, s.weights().get(0).value().dataType());
    }
}
