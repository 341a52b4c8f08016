package org.keras4j.samples.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.saving.Models;
import org.keras4j.framework.saving.Npy;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.regularization.Dropout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Format version 1 forever: {@code golden/v1/mlp.keras4j} was written once by Keras4J (format 1)
 * and must keep loading with the same predictions. The expected predictions were computed by NumPy
 * from the .npy weights inside the file (softmax(relu(x W1 + b1) W2 + b2)), not by Keras4J:
 * <pre>
 * python3 - &lt;&lt;EOF   # in samples/src/test/resources/golden/v1
 * import zipfile, io, numpy as np
 * z = zipfile.ZipFile('mlp.keras4j'); w = [np.load(io.BytesIO(z.read(f'weights/{i}.npy'))) for i in range(4)]
 * x = np.load('input.npy').astype(np.float64); h = np.maximum(x @ w[0] + w[1], 0); z2 = h @ w[2] + w[3]
 * e = np.exp(z2 - z2.max(1, keepdims=True)); np.save('expected.npy', e / e.sum(1, keepdims=True))
 * EOF
 * </pre>
 * Never regenerate these files; a new format version adds {@code golden/v2/...} beside them.
 */
class GoldenModelFileTest {
    @TempDir
    Path dir;

    private static INDArray npy(String name) throws IOException {
        try (InputStream in = GoldenModelFileTest.class.getResourceAsStream("/golden/v1/" + name)) {
            byte[] b = in.readAllBytes();
            return Npy.read(b, b.length);
        }
    }

    private Path golden() throws IOException {
        Path p = dir.resolve("mlp.keras4j");
        try (InputStream in = GoldenModelFileTest.class.getResourceAsStream("/golden/v1/mlp.keras4j")) {
            Files.copy(in, p);
        }
        return p;
    }

    @Test
    void formatVersion1FileLoadsWithItsPredictions() throws IOException {
        Model m = Models.load(golden());
        INDArray x = npy("input.npy");
        INDArray expected = npy("expected.npy");
        INDArray p = m.predict(x).castTo(DataType.DOUBLE);
        assertEquals(expected.shape()[0], p.shape()[0]);
        double maxDiff = p.sub(expected).amaxNumber().doubleValue();
        assertTrue(maxDiff < 1e-6, "max |keras4j - numpy| = " + maxDiff);
        // It was saved compiled after 6 Adam steps: compile settings and optimizer state come back.
        assertEquals(6, m.optimizer().iterations());
        assertEquals("Adam", m.optimizer().className());
        assertEquals(4, m.optimizer().slots().size(), "Adam state for both Dense kernels and biases");
        for (Map<String, INDArray> s : m.optimizer().slots().values()) {
            assertEquals(java.util.Set.of("momentum", "velocity"), s.keySet());
        }
        // Training continues from the file: one more step from the restored state lowers the loss on its data.
        INDArray y = Nd4j.createFromArray(new float[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2}).reshape(12, 1);
        double before = m.evaluate(x.castTo(DataType.FLOAT), y, 32, 0).get("loss");
        m.fit(x.castTo(DataType.FLOAT), y, FitOptions.epochs(20).batchSize(12).verbose(0).shuffle(false));
        assertEquals(26, m.optimizer().iterations());
        assertTrue(m.evaluate(x.castTo(DataType.FLOAT), y, 32, 0).get("loss") < before);
    }

    /** Wrote the v1 golden file once ({@code -Dkeras4j.writeGolden=DIR}); kept to document how it was made. */
    @Test
    @EnabledIfSystemProperty(named = "keras4j.writeGolden", matches = ".+")
    void writeGoldenV1() throws IOException {
        Path out = Path.of(System.getProperty("keras4j.writeGolden"));
        Backend.setRandomSeed(2024);
        Sequential m = new Sequential(new Input(4), new Dense(5, "relu"), new Dropout(0.2), new Dense(3, "softmax"));
        m.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        INDArray x = Nd4j.create(DataType.FLOAT, 12, 4);
        for (int i = 0; i < 12; i++) {
            for (int j = 0; j < 4; j++) {
                x.putScalar(i, j, ((i * 4 + j) % 7) / 7.0 - 0.3);
            }
        }
        INDArray y = Nd4j.createFromArray(new float[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2}).reshape(12, 1);
        m.fit(x, y, FitOptions.epochs(3).batchSize(6).verbose(0));
        m.save(out.resolve("mlp.keras4j"));
        Files.write(out.resolve("input.npy"), Npy.write(x));
    }
}
