package org.keras4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras4j.framework.callbacks.Callback;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;

class PlotLoggerTest {
    @TempDir
    Path dir;

    /** Reads the PNG after each epoch (it runs after the PlotLogger in the callback list). */
    private static final class Snapshots extends Callback {
        final Path png;
        final List<byte[]> bytes = new ArrayList<>();
        final List<List<String>> listings = new ArrayList<>();

        Snapshots(Path png) {
            this.png = png;
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
            try {
                bytes.add(Files.readAllBytes(png));
                listings.add(TrainingCurvesTest.files(png.getParent()));
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }
    }

    @Test
    void rewritesTheImageEveryEpochOfARealFit() throws IOException {
        INDArray[] d = TestModels.xor(400, 5);
        Sequential model = TestModels.xorClassifier();
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        Path png = dir.resolve("curves.png");
        PlotLogger logger = new PlotLogger(png.toString());
        Snapshots snaps = new Snapshots(png);
        model.fit(d[0], d[1], FitOptions.epochs(4).batchSize(32).verbose(0).validationSplit(0.25).callbacks(logger, snaps));

        assertEquals(4, snaps.bytes.size());
        for (int i = 1; i < 4; i++) {
            assertFalse(Arrays.equals(snaps.bytes.get(i - 1), snaps.bytes.get(i)), "image not redrawn at epoch " + i);
        }
        for (List<String> listing : snaps.listings) {
            assertEquals(List.of("curves.png"), listing, "temporary files left behind");
        }
        assertArrayEquals(snaps.bytes.get(3), Files.readAllBytes(png));
        BufferedImage img = TrainingCurvesTest.read(png);
        // loss and accuracy, each with its validation curve.
        assertEquals(2 * TrainingCurves.PANEL_WIDTH, img.getWidth());
        assertEquals(TrainingCurves.PANEL_HEIGHT, img.getHeight());
        assertTrue(TrainingCurvesTest.colours(img) > 10);
        assertEquals(List.of(0, 1, 2, 3), logger.epochs());

        // A second fit starts a new record.
        model.fit(d[0], d[1], FitOptions.epochs(1).batchSize(32).verbose(0).callbacks(logger));
        assertEquals(List.of(0), logger.epochs());
        assertEquals(List.of("curves.png"), TrainingCurvesTest.files(dir));
    }

    @Test
    void keysMissingInSomeEpochsKeepTheirEpochs() throws IOException {
        Path png = dir.resolve("freq.png");
        PlotLogger logger = new PlotLogger(png.toString());
        logger.onTrainBegin(Map.of());
        for (int e = 0; e < 4; e++) {
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", 1.0 / (e + 1));
            if (e % 2 == 1) {
                logs.put("val_loss", 1.5 / (e + 1));
            }
            logger.onEpochEnd(e, logs);
        }
        Map<String, List<Double>> m = logger.recorded();
        assertEquals(List.of("loss", "val_loss"), List.copyOf(m.keySet()));
        assertEquals(List.of(Double.NaN, 0.75, Double.NaN, 0.375), m.get("val_loss"));
        double[] valX = TrainingCurves.panels(logger.epochs(), m).get(0).getSeriesMap().get("validation").getXData();
        assertArrayEquals(new double[] {2, 4}, valX);
        assertEquals(TrainingCurves.PANEL_WIDTH, TrainingCurvesTest.read(png).getWidth());
    }

    @Test
    void configRoundTripAndErrors() {
        PlotLogger p = new PlotLogger("runs/curves.png");
        assertEquals(Map.of("filename", "runs/curves.png"), p.getConfig());
        PlotLogger back = Registry.get().deserialize(Kind.CALLBACK, Registry.serialize(p), PlotLogger.class);
        assertEquals(p.getConfig(), back.getConfig());
        PlotLogger created = Registry.get().create(Kind.CALLBACK, "plotlogger", Config.of(Map.of("filename", "a.png")), PlotLogger.class);
        assertEquals("a.png", created.filename());
        assertThrows(IllegalArgumentException.class, () -> new PlotLogger(""));
        assertThrows(IllegalArgumentException.class,
                () -> Registry.get().create(Kind.CALLBACK, "PlotLogger", Config.of(Map.of("filename", "a.png", "dpi", 3)), PlotLogger.class));
    }
}
