package org.keras4j.callbacks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;
import org.keras4j.framework.callbacks.History;

/**
 * Draws training curves from a {@link History} into a PNG: one panel per metric, the way people
 * plot {@code history.history} with matplotlib after {@code model.fit} in Keras.
 *
 * <p>Each key {@code x} gets a panel titled {@code x}; if {@code val_x} was recorded too it is drawn
 * in the same panel, the legend reading "training" and "validation". A {@code val_x} without its
 * {@code x}, and keys such as {@code learning_rate}, get a panel of their own. Panels are
 * {@value #PANEL_WIDTH}x{@value #PANEL_HEIGHT} pixels, laid out in rows of up to
 * {@value #COLUMNS}, in the order the keys first appeared. The x axis is the epoch, 1-based as
 * Keras prints it ("Epoch 1/10"). Non-finite values (NaN, infinity) are left out of a curve, whose
 * line then joins the neighbouring epochs; the other points keep their epochs. The legend sits in
 * the corner the curves leave free (top right for a falling loss, bottom right for a rising
 * accuracy).
 *
 * <p>The file is written atomically: the image goes to a hidden temporary file in the same
 * directory, which is then moved over {@code png}, so a viewer or a web page reloading the file
 * never sees half an image. The directory must exist. Rendering needs no display: unless the
 * application chose otherwise, {@code java.awt.headless} is set to {@code true} when this class
 * loads.
 *
 * <pre>{@code
 * History h = model.fit(x, y, FitOptions.epochs(20).validationSplit(0.2));
 * TrainingCurves.plot(h, Path.of("curves.png"));
 * }</pre>
 *
 * <p>To redraw the file after every epoch while training runs, use {@link PlotLogger}.
 */
public final class TrainingCurves {
    /** Width in pixels of one panel. */
    public static final int PANEL_WIDTH = 500;
    /** Height in pixels of one panel. */
    public static final int PANEL_HEIGHT = 350;
    /** Panels per row at most. */
    public static final int COLUMNS = 2;

    private static final String VAL = "val_";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Color TRAINING_COLOR = new Color(31, 119, 180); // matplotlib's C0 and C1
    private static final Color VALIDATION_COLOR = new Color(255, 127, 14);

    static {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    private TrainingCurves() {
    }

    /**
     * Writes the curves of {@code history} to {@code png}, replacing it atomically.
     *
     * <p>A metric recorded in fewer epochs than {@link History#epochs()} (History keeps no epoch
     * per value) is drawn at the first epochs; {@link PlotLogger} keeps the exact epochs.
     *
     * @throws IllegalArgumentException if the history has no epochs or no metrics
     * @throws UncheckedIOException naming {@code png} if it cannot be written
     */
    public static void plot(History history, Path png) {
        if (history == null) {
            throw new IllegalArgumentException("TrainingCurves: history must not be null");
        }
        plot(history.epochs(), history.history(), png);
    }

    /**
     * Writes the curves to {@code png}: {@code metrics} maps each key to one value per entry of
     * {@code epochs} (0-based), NaN where an epoch has no value.
     */
    static void plot(List<Integer> epochs, Map<String, List<Double>> metrics, Path png) {
        if (png == null) {
            throw new IllegalArgumentException("TrainingCurves: png must be a path, received null");
        }
        if (epochs.isEmpty() || metrics.isEmpty()) {
            throw new IllegalArgumentException("TrainingCurves: the history is empty (epochs=" + epochs.size()
                    + ", metrics=" + metrics.keySet() + "); plot it after at least one epoch of fit()");
        }
        List<XYChart> panels = panels(epochs, metrics);
        write(render(panels), png);
    }

    /** One chart per panel: {@code x} with {@code val_x}, other keys alone. */
    static List<XYChart> panels(List<Integer> epochs, Map<String, List<Double>> metrics) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (String key : metrics.keySet()) {
            String base = key.startsWith(VAL) && metrics.containsKey(key.substring(VAL.length()))
                    ? key.substring(VAL.length()) : key;
            groups.computeIfAbsent(base, k -> new ArrayList<>()).add(key);
        }
        List<XYChart> charts = new ArrayList<>();
        for (Map.Entry<String, List<String>> g : groups.entrySet()) {
            XYChart chart = chart(g.getKey(), epochs);
            boolean paired = g.getValue().size() > 1;
            // The legend goes in the corner the first curve leaves free: top right for a falling
            // curve (loss), bottom right for a rising one (accuracy).
            chart.getStyler().setLegendPosition(rising(metrics.get(g.getValue().get(0)))
                    ? Styler.LegendPosition.InsideSE : Styler.LegendPosition.InsideNE);
            for (String key : g.getValue()) {
                boolean validation = paired ? key.startsWith(VAL) : isValidation(key);
                addCurve(chart, validation ? "validation" : "training", epochs, metrics.get(key),
                        validation ? VALIDATION_COLOR : TRAINING_COLOR);
            }
            // A lone learning_rate curve is neither training nor validation: its title says all.
            chart.getStyler().setLegendVisible(paired || !isHyperparameter(g.getKey()));
            charts.add(chart);
        }
        return charts;
    }

    /** Whether the last finite value is above the first. */
    static boolean rising(List<Double> values) {
        Double first = null;
        Double last = null;
        for (Double v : values) {
            if (v != null && Double.isFinite(v)) {
                first = first == null ? v : first;
                last = v;
            }
        }
        return first != null && last > first;
    }

    /** A y tick as a person writes it: {@code 0.008} (not XChart's {@code .008}), {@code 1e-05}, {@code 250}. */
    static String tickLabel(double v) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.toString(v);
        }
        // Ticks are sums of float steps (0.30000000000000004): six significant digits are plenty.
        BigDecimal d = new BigDecimal(v).round(new MathContext(6, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        double a = Math.abs(v);
        if (a >= 1e-4 && a < 1e6) {
            return d.toPlainString();
        }
        int exp = d.precision() - d.scale() - 1;
        String mantissa = d.movePointLeft(exp).stripTrailingZeros().toPlainString();
        return mantissa + "e" + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    private static boolean isValidation(String key) {
        return key.startsWith(VAL);
    }

    private static boolean isHyperparameter(String key) {
        return key.equals("learning_rate") || key.equals("lr");
    }

    private static XYChart chart(String title, List<Integer> epochs) {
        XYChart chart = new XYChartBuilder().width(PANEL_WIDTH).height(PANEL_HEIGHT).title(title)
                .xAxisTitle("epoch").yAxisTitle(title).build();
        var s = chart.getStyler();
        s.setChartBackgroundColor(Color.WHITE);
        s.setPlotBackgroundColor(Color.WHITE);
        s.setPlotBorderColor(Color.GRAY);
        s.setPlotGridLinesColor(new Color(225, 225, 225));
        s.setLegendBorderColor(Color.LIGHT_GRAY);
        s.setMarkerSize(5);
        s.setToolTipsEnabled(false);
        int first = epochs.stream().mapToInt(Integer::intValue).min().orElse(0) + 1;
        int last = epochs.stream().mapToInt(Integer::intValue).max().orElse(0) + 1;
        // Whole epochs only: XChart puts ticks at 0.5 steps on short runs.
        s.setxAxisTickLabelsFormattingFunction(v -> Math.abs(v - Math.rint(v)) < 1e-9
                ? Long.toString(Math.round(v)) : "");
        s.setyAxisTickLabelsFormattingFunction(TrainingCurves::tickLabel);
        s.setXAxisMin(first - (last == first ? 1.0 : 0.0));
        s.setXAxisMax(last + (last == first ? 1.0 : 0.0));
        return chart;
    }

    private static void addCurve(XYChart chart, String name, List<Integer> epochs, List<Double> values, Color color) {
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < values.size() && i < epochs.size(); i++) {
            Double v = values.get(i);
            if (v != null && Double.isFinite(v)) {
                xs.add(epochs.get(i) + 1.0);
                ys.add(v);
            }
        }
        if (xs.isEmpty()) {
            // Nothing finite to draw (e.g. every value NaN): say so in the legend rather than fail.
            chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
            xs.add(Double.NaN);
            ys.add(Double.NaN);
            name = name + " (no finite values)";
        }
        XYSeries series = chart.addSeries(name, xs, ys);
        series.setLineColor(color);
        series.setMarkerColor(color);
        series.setMarker(SeriesMarkers.CIRCLE);
        series.setLineStyle(new BasicStroke(2f));
    }

    /** The panels on a white canvas, up to {@link #COLUMNS} a row. */
    static BufferedImage render(List<XYChart> panels) {
        int cols = Math.min(COLUMNS, panels.size());
        int rows = (panels.size() + cols - 1) / cols;
        BufferedImage image = new BufferedImage(cols * PANEL_WIDTH, rows * PANEL_HEIGHT, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            for (int i = 0; i < panels.size(); i++) {
                BufferedImage panel = BitmapEncoder.getBufferedImage(panels.get(i));
                g.drawImage(panel, (i % cols) * PANEL_WIDTH, (i / cols) * PANEL_HEIGHT, null);
            }
        } finally {
            g.dispose();
        }
        return image;
    }

    /** Writes a temporary PNG beside {@code png} and moves it into place. */
    private static void write(BufferedImage image, Path png) {
        Path target = png.toAbsolutePath();
        Path dir = target.getParent();
        Path tmp = null;
        try {
            // Not Files.createTempFile: its owner-only permissions would pass to the PNG.
            Path candidate = dir.resolve("." + target.getFileName() + "." + Long.toHexString(RANDOM.nextLong()) + ".tmp");
            OutputStream stream = Files.newOutputStream(candidate, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            tmp = candidate;
            try (OutputStream out = stream) {
                if (!ImageIO.write(image, "png", out)) {
                    throw new IOException("no PNG writer available in javax.imageio");
                }
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("TrainingCurves: cannot write '" + png + "': " + e, e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the original error is the one to report
                }
            }
        }
    }
}
