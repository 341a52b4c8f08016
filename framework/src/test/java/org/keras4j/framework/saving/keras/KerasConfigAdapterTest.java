package org.keras4j.framework.saving.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Translation of Keras 1.2, 2.x, tf.keras and 3.x configs to the Keras 3 layout, on real files and small specs. */
class KerasConfigAdapterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static Path configs() {
        return org.keras4j.framework.testing.KerasReferenceData.dir().resolve("configs");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> read(String file) throws IOException {
        return JSON.readValue(configs().resolve(file).toFile(), Map.class);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> spec(String json) throws IOException {
        return JSON.readValue(json, Map.class);
    }

    @Test
    void keras1SequentialCnnGetsKeras3NamesAndItsInputShape() throws IOException {
        KerasModelConfig m = KerasConfigAdapter.adaptModel(read("keras1.2.1_sequential_mnist_cnn__dl4j.json"), null);
        assertEquals("1.2.1", m.kerasVersion());
        assertEquals(1, m.kerasMajor());
        assertTrue(m.isSequential());
        assertArrayEquals(new long[] {28, 28, 1}, m.inputShape());
        assertEquals("convolution2d_1_input", m.inputName());
        assertEquals(12, m.layers().size());

        KerasLayerConfig conv = m.layers().get(0);
        assertEquals("Convolution2D", conv.kerasClassName());
        assertEquals("Conv2D", conv.className());
        Map<String, Object> c = conv.config();
        assertEquals(32, c.get("filters"));
        assertEquals(List.of(3, 3), c.get("kernel_size"));
        assertEquals(List.of(1, 1), c.get("strides"));
        assertEquals("valid", c.get("padding"));
        assertEquals("channels_last", c.get("data_format"));
        assertEquals(true, c.get("use_bias"));
        assertEquals("glorot_uniform", c.get("kernel_initializer"));
        for (String legacy : List.of("nb_filter", "nb_row", "nb_col", "subsample", "border_mode", "dim_ordering", "init", "bias",
                "W_regularizer", "b_regularizer", "W_constraint", "b_constraint", "input_dtype")) {
            assertFalse(c.containsKey(legacy), "Keras 1 key left: " + legacy);
        }
        assertEquals(Map.of("name", "maxpooling2d_1", "trainable", true, "data_format", "channels_last", "pool_size", List.of(2, 2),
                "strides", List.of(2, 2), "padding", "valid"), m.layers().get(4).config());
        assertEquals(0.25, m.layers().get(5).config().get("rate"));
        KerasLayerConfig dense = m.layers().get(7);
        assertEquals(128, dense.config().get("units"));
        assertFalse(dense.config().containsKey("output_dim"));
    }

    @Test
    void keras3ConfigLosesItsWrappingAndDtypePolicies() throws IOException {
        KerasModelConfig m = KerasConfigAdapter.adaptModel(read("keras3.5.0_sequential_mlp__binancetrader.json"), "3.5.0");
        assertEquals(3, m.kerasMajor());
        assertArrayEquals(new long[] {51}, m.inputShape());
        assertEquals("input_layer", m.inputName());
        assertEquals(7, m.layers().size()); // the InputLayer became the input
        Map<String, Object> dense = m.layers().get(0).config();
        assertEquals("float32", dense.get("dtype"));
        assertEquals(Map.of("class_name", "GlorotUniform", "config", java.util.Collections.singletonMap("seed", null)),
                dense.get("kernel_initializer"));
        assertFalse(JSON.writeValueAsString(m.layers()).contains("\"module\""));
    }

    @Test
    void tfKerasSequentialWithInputLayerAndKeras2Defaults() throws IOException {
        KerasModelConfig m = KerasConfigAdapter.adaptModel(read("tfkeras2.4.0_sequential_stacked_lstm__kotlindl.json"), null);
        assertEquals("2.4.0", m.kerasVersion());
        assertEquals(2, m.kerasMajor());
        assertEquals("sequential_1", m.name());
        assertEquals(m.layers().get(0).className(), "LSTM");
        assertFalse(m.layers().get(0).config().containsKey("implementation"), "obsolete speed hint dropped");
        assertEquals("sigmoid", m.layers().get(0).config().get("recurrent_activation"));
    }

    @Test
    void keras2SemanticsThatKeras3Changed() throws IOException {
        KerasLayerConfig gru = KerasConfigAdapter.adaptLayer(spec(
                "{\"class_name\": \"GRU\", \"config\": {\"name\": \"g\", \"units\": 4, \"recurrent_activation\": \"hard_sigmoid\"}}"), 2, "t");
        assertEquals(false, gru.config().get("reset_after"), "Keras 2 GRU default");
        assertEquals("hard_sigmoid_keras2", gru.config().get("recurrent_activation"));
        KerasLayerConfig gru3 = KerasConfigAdapter.adaptLayer(spec(
                "{\"class_name\": \"GRU\", \"config\": {\"name\": \"g\", \"units\": 4, \"recurrent_activation\": \"hard_sigmoid\"}}"), 3, "t");
        assertNull(gru3.config().get("reset_after"), "Keras 3's default applies");
        assertEquals("hard_sigmoid", gru3.config().get("recurrent_activation"));

        KerasLayerConfig leaky = KerasConfigAdapter.adaptLayer(spec("{\"class_name\": \"LeakyReLU\", \"config\": {\"alpha\": 0.5}}"), 2, "t");
        assertEquals(Map.of("negative_slope", 0.5), leaky.config());
        KerasLayerConfig bn = KerasConfigAdapter.adaptLayer(spec(
                "{\"class_name\": \"BatchNormalization\", \"config\": {\"axis\": [3], \"fused\": null, \"renorm\": false}}"), 2, "t");
        assertEquals(Map.of("axis", 3), bn.config());
        KerasLayerConfig renorm = KerasConfigAdapter.adaptLayer(spec(
                "{\"class_name\": \"BatchNormalization\", \"config\": {\"renorm\": true}}"), 2, "t");
        assertEquals(true, renorm.config().get("renorm"), "a non-neutral value is left for the layer to refuse");
    }

    @Test
    void keras1RecurrentEmbeddingAndRegularizerNames() throws IOException {
        KerasLayerConfig lstm = KerasConfigAdapter.adaptLayer(spec("{\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm_1\", "
                + "\"output_dim\": 50, \"inner_activation\": \"hard_sigmoid\", \"inner_init\": \"orthogonal\", \"init\": \"glorot_uniform\", "
                + "\"forget_bias_init\": \"one\", \"dropout_W\": 0.0, \"dropout_U\": 0.0, \"consume_less\": \"cpu\", "
                + "\"W_regularizer\": {\"name\": \"WeightRegularizer\", \"l1\": 0.0, \"l2\": 0.01}}}"), 1, "t");
        Map<String, Object> c = lstm.config();
        assertEquals(50, c.get("units"));
        assertEquals("hard_sigmoid_keras2", c.get("recurrent_activation"));
        assertEquals("orthogonal", c.get("recurrent_initializer"));
        assertEquals(true, c.get("unit_forget_bias"));
        assertEquals(0.0, c.get("recurrent_dropout"));
        assertFalse(c.containsKey("consume_less"));
        assertEquals(Map.of("class_name", "L1L2", "config", Map.of("l1", 0.0, "l2", 0.01)), c.get("kernel_regularizer"));

        KerasLayerConfig emb = KerasConfigAdapter.adaptLayer(spec("{\"class_name\": \"Embedding\", \"config\": {"
                + "\"input_dim\": 100, \"output_dim\": 8, \"init\": \"uniform\", \"dropout\": 0.0}}"), 1, "t");
        assertEquals(Map.of("input_dim", 100, "output_dim", 8, "embeddings_initializer", "random_uniform"), emb.config());

        KerasLayerConfig conv1d = KerasConfigAdapter.adaptLayer(spec("{\"class_name\": \"Convolution1D\", \"config\": {"
                + "\"nb_filter\": 4, \"filter_length\": 3, \"subsample_length\": 2, \"border_mode\": \"same\"}}"), 1, "t");
        assertEquals(Map.of("filters", 4, "kernel_size", List.of(3), "strides", List.of(2), "padding", "same"), conv1d.config());
    }

    @Test
    void wrappedLayersAreTranslatedToo() throws IOException {
        KerasModelConfig m = KerasConfigAdapter.adaptModel(read("keras2.0.8_sequential_embedding_bidirectional_lstm__dl4j.json"), null);
        KerasLayerConfig bi = m.layers().get(1);
        assertEquals("Bidirectional", bi.className());
        assertEquals(1, bi.inner().size());
        assertEquals("LSTM", bi.inner().get(0).className());
        @SuppressWarnings("unchecked")
        Map<String, Object> inner = (Map<String, Object>) ((Map<String, Object>) bi.config().get("layer")).get("config");
        assertEquals(bi.inner().get(0).config(), inner);
    }

    @Test
    void malformedConfigsFailClearly() throws IOException {
        assertTrue(assertThrows(KerasImportException.class, () -> KerasConfigAdapter.adaptModel(spec("{\"config\": []}"), null))
                .getMessage().contains("class_name"));
        assertTrue(assertThrows(KerasImportException.class,
                () -> KerasConfigAdapter.adaptModel(spec("{\"class_name\": \"Sequential\", \"config\": {\"layers\": 3}}"), null))
                .getMessage().contains("'layers' must be a list"));
        assertTrue(assertThrows(KerasImportException.class, () -> KerasConfigAdapter.adaptModel(spec(
                "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Dense\", \"config\": {\"batch_input_shape\": [null, -4]}}]}"),
                null)).getMessage().contains("positive integers or null"));
        assertTrue(assertThrows(KerasImportException.class,
                () -> KerasConfigAdapter.adaptModel(spec("{\"class_name\": \"Sequential\", \"config\": [7]}"), null))
                .getMessage().contains("layer 0"));
        assertTrue(assertThrows(KerasImportException.class,
                () -> KerasConfigAdapter.adaptModel(spec("{\"class_name\": \"Sequential\", \"config\": []}"), "9.1"))
                .getMessage().contains("not supported"));
    }

    @Test
    void snakeCaseFollowsKeras() {
        assertEquals("dense", KerasModelImport.snakeCase("Dense"));
        assertEquals("conv2d", KerasModelImport.snakeCase("Conv2D"));
        assertEquals("batch_normalization", KerasModelImport.snakeCase("BatchNormalization"));
        assertEquals("conv2d_transpose", KerasModelImport.snakeCase("Conv2DTranspose"));
        assertEquals("simple_rnn", KerasModelImport.snakeCase("SimpleRNN"));
        assertEquals("lstm", KerasModelImport.snakeCase("LSTM"));
        assertEquals("re_lu", KerasModelImport.snakeCase("ReLU"));
        assertEquals("global_average_pooling2d", KerasModelImport.snakeCase("GlobalAveragePooling2D"));
    }
}
