package org.keras4j.layers.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.saving.Models;
import org.keras4j.framework.saving.keras.KerasArchive;
import org.keras4j.framework.saving.keras.KerasHdf5;
import org.keras4j.framework.saving.keras.KerasImportException;
import org.keras4j.framework.saving.keras.KerasModelImport;
import org.keras4j.framework.saving.keras.KerasWeight;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.regularization.Dropout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The real Keras 3.5 archive {@code testdata/conformance/keras/keras3/binancetrader_model.keras}
 * (Input(51), Dense 52 relu, Dropout, Dense 26 relu, Dropout, Dense 14 relu, Dropout, Dense 1
 * sigmoid; no stored outputs): it imports, every kernel and bias lands in the layer the archive
 * stores it for, and predict equals the forward pass computed by hand from the stored arrays.
 */
class KerasArchiveImportTest {
    private static final Path ARCHIVE = KerasConformanceData.dir().resolve("keras3/binancetrader_model.keras");

    @Test
    void keras3ArchiveImportsWithWeightsInTheirLayers() {
        Model model = KerasModelImport.load(ARCHIVE);
        Sequential s = assertInstanceOf(Sequential.class, model);
        assertEquals("sequential", s.name());
        assertArrayEquals(new long[] {-1, 51}, s.input().batchShape().toArray());
        List<String> names = s.layers().stream().map(Layer::name).toList();
        assertEquals(List.of("dense", "dropout", "dense_1", "dropout_1", "dense_2", "dropout_2", "dense_3"), names);
        assertEquals(0.2, ((Dropout) s.getLayer("dropout")).getConfig().get("rate"));

        // Read the stored arrays independently of the import and compare with the layers' weights.
        Map<String, List<KerasWeight>> stored = KerasHdf5.readKeras3Weights(KerasArchive.read(ARCHIVE).weightsH5(), "test");
        long[][] kernels = {{51, 52}, {52, 26}, {26, 14}, {14, 1}};
        String[] dense = {"dense", "dense_1", "dense_2", "dense_3"};
        for (int i = 0; i < dense.length; i++) {
            Dense d = (Dense) s.getLayer(dense[i]);
            List<KerasWeight> w = stored.get(dense[i]);
            assertArrayEquals(kernels[i], d.kernel().shape(), dense[i]);
            assertEquals(w.get(0).value(), d.kernel().value(), dense[i] + " kernel");
            assertEquals(w.get(1).value(), d.bias().value(), dense[i] + " bias");
        }
        assertTrue(stored.get("dropout").isEmpty());
        assertEquals(51 * 52 + 52 + 52 * 26 + 26 + 26 * 14 + 14 + 14 + 1, s.countParams());

        // predict = sigmoid(relu(relu(relu(x W0 + b0) W1 + b1) W2 + b2) W3 + b3), dropout off at inference.
        INDArray x = Nd4j.linspace(-1, 1, 3 * 51, DataType.DOUBLE).reshape(3, 51);
        INDArray h = x;
        for (int i = 0; i < 4; i++) {
            List<KerasWeight> w = stored.get(dense[i]);
            h = h.mmul(w.get(0).value().castTo(DataType.DOUBLE)).addRowVector(w.get(1).value().castTo(DataType.DOUBLE));
            h = i < 3 ? Transforms.relu(h) : Transforms.sigmoid(h);
        }
        INDArray out = s.predict(x.castTo(Backend.floatx())).castTo(DataType.DOUBLE);
        assertArrayEquals(new long[] {3, 1}, out.shape());
        assertTrue(out.equalsWithEps(h, 1e-5), "predict " + out + " vs hand " + h);
        assertTrue(h.maxNumber().doubleValue() > h.minNumber().doubleValue(), "inputs must give distinct outputs");
    }

    @Test
    void theArchiveCompileConfigCompilesTheModelAndTrainingLowersTheLoss() {
        Model m = KerasModelImport.load(ARCHIVE);
        assertTrue(m.isCompiled());
        assertEquals("Adam", m.optimizer().className());
        assertEquals(0.001, (Double) m.optimizer().getConfig().get("learning_rate"), 1e-9);
        assertEquals("BinaryCrossentropy", m.loss().className());
        Nd4j.getRandom().setSeed(7);
        INDArray x = Nd4j.rand(Backend.floatx(), 64, 51);
        INDArray y = x.sum(1).gt(25.5).castTo(Backend.floatx()).reshape(64, 1);
        double before = m.evaluate(x, y).get("loss");
        m.fit(x, y, org.keras4j.framework.models.FitOptions.epochs(5).batchSize(16).verbose(0));
        double after = m.evaluate(x, y).get("loss");
        assertTrue(after < before, "fine-tuning the imported model: loss " + before + " -> " + after);
    }

    @Test
    void modelsLoadHandsKerasFilesToTheImporter() {
        INDArray x = Nd4j.rand(Backend.floatx(), 4, 51);
        assertEquals(KerasModelImport.load(ARCHIVE).predict(x), Models.load(ARCHIVE).predict(x));
        Path h5 = KerasConformanceData.dir().resolve("dl4j/examples/simple_sparse_xent/simple_sparse_xent_mlp_keras_2_model.h5");
        Model m = Models.load(h5);
        assertEquals(List.of("dense_1", "activation_1"), m.layers().stream().map(Layer::name).toList());
    }

    @Test
    void weightsLoadIntoAModelBuiltFromTheSameConfig(@TempDir Path tmp) throws IOException {
        KerasArchive archive = KerasArchive.read(ARCHIVE);
        Path weights = tmp.resolve("model.weights.h5");
        Files.write(weights, archive.weightsH5());
        Model fresh = KerasModelImport.fromJson(archive.configJson());
        Model full = KerasModelImport.load(ARCHIVE);
        INDArray x = Nd4j.rand(Backend.floatx(), 4, 51);
        assertTrue(!fresh.predict(x).equalsWithEps(full.predict(x), 1e-6), "a fresh model has its own initial weights");
        KerasModelImport.loadWeights(fresh, weights);
        assertEquals(full.predict(x), fresh.predict(x));
    }

    @Test
    void weightsOfTheWrongShapeAreRefusedNamingLayerAndShapes(@TempDir Path tmp) throws IOException {
        KerasArchive archive = KerasArchive.read(ARCHIVE);
        Path weights = tmp.resolve("model.weights.h5");
        Files.write(weights, archive.weightsH5());
        Model other = KerasModelImport.fromJson(archive.configJson().replace("\"units\": 52", "\"units\": 50"));
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasModelImport.loadWeights(other, weights));
        assertTrue(e.getMessage().contains("\"dense\"") && e.getMessage().contains("(51, 52)") && e.getMessage().contains("(51, 50)"),
                e.getMessage());
    }
}
