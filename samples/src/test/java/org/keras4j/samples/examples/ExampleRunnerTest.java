package org.keras4j.samples.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.Sequential;
import org.keras4j.layers.core.Dense;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ExampleRunnerTest {

    /** Three Gaussian blobs in 4-D: easy enough for 3 epochs, small enough for a unit test. */
    private static final Example BLOBS = new Example() {
        @Override public String name() { return "blobs"; }
        @Override public String description() { return "test"; }
        @Override public Prepared prepare() {
            Backend.setRandomSeed(3);
            INDArray labels = Nd4j.rand(DataType.FLOAT, 600).muli(3).castTo(DataType.INT64);
            INDArray centers = Nd4j.createFromArray(new float[][] {{3, 0, 0, 0}, {0, 3, 0, 0}, {0, 0, 3, 0}});
            INDArray x = Nd4j.randn(DataType.FLOAT, 600, 4).addi(Nd4j.pullRows(centers, 1, labels.toIntVector()));
            var model = new Sequential(new Input(4), new Dense(8, "relu"), new Dense(3, "softmax"));
            model.compile(new org.keras4j.framework.optimizers.Adam(0.02), "sparse_categorical_crossentropy", "accuracy");
            return new Prepared(model, x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 500)),
                    labels.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 500)),
                    x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(500, 600)),
                    labels.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(500, 600)), 32, 0.1);
        }
    };

    @Test
    void printsTestScoresAndWritesTheReport(@TempDir Path dir) throws Exception {
        Path report = dir.resolve("sub/report.json");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ExampleRunner.run(BLOBS, 3, 2, report, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertTrue(out.contains("Epoch 3/3") && out.contains("Test accuracy: "), out);
        JsonNode json = new ObjectMapper().readTree(Files.readString(report));
        for (String key : new String[] {"loss", "accuracy", "val_loss", "val_accuracy"}) {
            assertEquals(3, json.get("history").get(key).size(), key);
        }
        assertEquals(3, json.get("epoch_seconds").size());
        assertTrue(json.get("test").get("accuracy").asDouble() > 0.8, json.toString());
        try (var files = Files.list(report.getParent())) {
            assertEquals(1, files.count(), "no temporary file may be left beside the report");
        }
    }
}
