package org.keras4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.XYChart;
import org.keras4j.framework.callbacks.History;

class TrainingCurvesTest {
    @TempDir
    Path dir;

    /** Five epochs of loss/accuracy with validation; val_loss is NaN in the third. */
    static History scripted() {
        double[] loss = {1.0, 0.7, 0.5, 0.4, 0.35};
        double[] valLoss = {1.1, 0.8, Double.NaN, 0.55, 0.5};
        double[] acc = {0.5, 0.6, 0.7, 0.75, 0.8};
        double[] valAcc = {0.45, 0.55, 0.6, 0.7, 0.72};
        History h = new History();
        h.onTrainBegin(Map.of());
        for (int e = 0; e < 5; e++) {
            Map<String, Double> logs = new LinkedHashMap<>();
            logs.put("loss", loss[e]);
            logs.put("accuracy", acc[e]);
            logs.put("val_loss", valLoss[e]);
            logs.put("val_accuracy", valAcc[e]);
            h.onEpochEnd(e, logs);
        }
        return h;
    }

    static BufferedImage read(Path png) throws IOException {
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img != null, "not a decodable image: " + png);
        return img;
    }

    static int colours(BufferedImage img) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 3) {
            for (int x = 0; x < img.getWidth(); x += 3) {
                seen.add(img.getRGB(x, y));
            }
        }
        return seen.size();
    }

    static List<String> files(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void writesOnePanelPerMetricPairedWithValidation() throws IOException {
        Path png = dir.resolve("curves.png");
        TrainingCurves.plot(scripted(), png);
        BufferedImage img = read(png);
        // loss + accuracy panels side by side.
        assertEquals(2 * TrainingCurves.PANEL_WIDTH, img.getWidth());
        assertEquals(TrainingCurves.PANEL_HEIGHT, img.getHeight());
        assertTrue(colours(img) > 10, "image looks blank: " + colours(img) + " colours");
        assertEquals(List.of("curves.png"), files(dir));
    }

    @Test
    void historyPlotFindsThisModulesPlotterAndDrawsTheSameImage() throws IOException {
        Path viaHistory = dir.resolve("history.png");
        Path direct = dir.resolve("direct.png");
        History h = scripted();
        h.plot(viaHistory);
        TrainingCurves.plot(h, direct);
        BufferedImage a = read(viaHistory);
        BufferedImage b = read(direct);
        assertEquals(b.getWidth(), a.getWidth());
        assertEquals(b.getHeight(), a.getHeight());
        for (int y = 0; y < a.getHeight(); y += 7) {
            for (int x = 0; x < a.getWidth(); x += 7) {
                assertEquals(b.getRGB(x, y), a.getRGB(x, y));
            }
        }
    }

    @Test
    void panelsPairKeysAndSkipNaNButKeepEpochs() {
        History h = scripted();
        List<XYChart> charts = TrainingCurves.panels(h.epochs(), h.history());
        assertEquals(List.of("loss", "accuracy"), charts.stream().map(XYChart::getTitle).collect(Collectors.toList()));
        XYChart loss = charts.get(0);
        assertEquals(List.of("training", "validation"), List.copyOf(loss.getSeriesMap().keySet()));
        double[] valX = loss.getSeriesMap().get("validation").getXData();
        assertEquals(List.of(1.0, 2.0, 4.0, 5.0), java.util.Arrays.stream(valX).boxed().collect(Collectors.toList()));
        assertEquals(List.of(1.0, 2.0, 3.0, 4.0, 5.0),
                java.util.Arrays.stream(loss.getSeriesMap().get("training").getXData()).boxed().collect(Collectors.toList()));
    }

    @Test
    void lonelyKeysGetTheirOwnPanelsInAGridOfTwoColumns() throws IOException {
        Map<String, List<Double>> m = new LinkedHashMap<>();
        m.put("loss", List.of(1.0, 0.5, 0.25));
        m.put("mae", List.of(0.9, 0.6, 0.3));
        m.put("learning_rate", List.of(0.1, 0.01, 0.001));
        m.put("val_loss", List.of(1.2, 0.7, 0.4));
        List<XYChart> charts = TrainingCurves.panels(List.of(0, 1, 2), m);
        assertEquals(List.of("loss", "mae", "learning_rate"), charts.stream().map(XYChart::getTitle).collect(Collectors.toList()));
        assertEquals(List.of("training"), List.copyOf(charts.get(1).getSeriesMap().keySet()));
        assertFalse(charts.get(2).getStyler().isLegendVisible());

        Path png = dir.resolve("three.png");
        TrainingCurves.plot(List.of(0, 1, 2), m, png);
        BufferedImage img = read(png);
        assertEquals(2 * TrainingCurves.PANEL_WIDTH, img.getWidth());
        assertEquals(2 * TrainingCurves.PANEL_HEIGHT, img.getHeight());
    }

    @Test
    void oneEpochAndAllNaNStillDraw() throws IOException {
        Map<String, List<Double>> m = new LinkedHashMap<>();
        m.put("loss", List.of(Double.NaN));
        m.put("val_loss", List.of(0.5));
        Path png = dir.resolve("one.png");
        TrainingCurves.plot(List.of(0), m, png);
        BufferedImage img = read(png);
        assertEquals(TrainingCurves.PANEL_WIDTH, img.getWidth());
        assertEquals(TrainingCurves.PANEL_HEIGHT, img.getHeight());
        assertTrue(colours(img) > 10);
    }

    @Test
    void replacesAnExistingFile() throws IOException {
        Path png = dir.resolve("curves.png");
        Files.writeString(png, "old");
        TrainingCurves.plot(scripted(), png);
        read(png);
        assertEquals(List.of("curves.png"), files(dir));
    }

    @Test
    void theImageGetsTheUsualPermissionsNotATempFilesOwnerOnlyOnes() throws IOException {
        if (!dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
            return;
        }
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Path png = dir.resolve("curves.png");
        TrainingCurves.plot(scripted(), png);
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(png));
    }

    @Test
    void tickLabelsAndLegendCorner() {
        assertEquals("0.008", TrainingCurves.tickLabel(0.008000000000000002));
        assertEquals("0.3", TrainingCurves.tickLabel(0.30000000000000004));
        assertEquals("0", TrainingCurves.tickLabel(0));
        assertEquals("250", TrainingCurves.tickLabel(250));
        assertEquals("-1.5", TrainingCurves.tickLabel(-1.5));
        assertEquals("1e-05", TrainingCurves.tickLabel(1e-5));
        assertEquals("-3.25e-07", TrainingCurves.tickLabel(-3.25e-7));
        assertEquals("2.5e+06", TrainingCurves.tickLabel(2.5e6));
        assertTrue(TrainingCurves.rising(List.of(Double.NaN, 0.5, 0.9)));
        assertFalse(TrainingCurves.rising(List.of(1.0, 0.5, Double.NaN)));
        assertFalse(TrainingCurves.rising(List.of(Double.NaN)));
    }

    @Test
    void emptyHistoryIsAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainingCurves.plot(new History(), dir.resolve("x.png")));
        assertTrue(e.getMessage().contains("history is empty"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    @Test
    void missingDirectoryIsAnErrorNamingThePath() throws IOException {
        Path png = dir.resolve("no/such/dir/curves.png");
        UncheckedIOException e = assertThrows(UncheckedIOException.class, () -> TrainingCurves.plot(scripted(), png));
        assertTrue(e.getMessage().contains(png.toString()), e.getMessage());
        assertEquals(List.of(), files(dir));
    }
}
