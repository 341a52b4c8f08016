package org.keras4j.samples.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.data.FashionMnist;
import org.keras4j.framework.data.Idx;
import org.keras4j.framework.data.TrainTestData;
import org.keras4j.framework.saving.Npy;
import org.keras4j.samples.cli.Spec.RunConfigException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The data sets a run file can name, each an object with a {@code source}:
 * <pre>
 * {"source": "fashion_mnist", "split": "train"|"test", "flatten": false, "sample_shape": null, "scale": 1.0, "dir": null}
 * {"source": "idx",  "images": PATH, "labels": PATH, "flatten": false, "sample_shape": null, "scale": 1.0}
 * {"source": "csv",  "path": PATH, "label_column": NAME|INDEX|null, "header": true, "delimiter": ",", "scale": 1.0}
 * {"source": "npy",  "x": PATH, "y": PATH|null, "flatten": false, "sample_shape": null, "scale": 1.0}
 * </pre>
 * {@code scale} multiplies the inputs (1/255 for pixels), {@code flatten} reshapes each sample to
 * one axis, {@code sample_shape} reshapes each sample to the given shape (same number of values;
 * e.g. {@code [28, 28, 1]} gives Fashion-MNIST images the channel axis a Conv2D expects). Relative paths are resolved against {@code base} (the run file's directory).
 */
final class Datasets {
    private Datasets() {
    }

    /** Inputs and targets (targets null when the data set has none). */
    record Data(INDArray x, INDArray y) {
    }

    /** Checks a data set description without reading any file. */
    static void validate(Spec d) {
        String source = d.get("source").string();
        switch (source) {
            case "fashion_mnist" -> {
                d.keys("source", "split", "flatten", "sample_shape", "scale", "dir");
                String split = d.get("split").string("train");
                if (!split.equals("train") && !split.equals("test")) {
                    throw d.get("split").error("expected \"train\" or \"test\", got \"" + split + "\"");
                }
                d.get("dir").string(null);
            }
            case "idx" -> {
                d.keys("source", "images", "labels", "flatten", "sample_shape", "scale");
                d.get("images").string();
                d.get("labels").string(null);
            }
            case "csv" -> {
                d.keys("source", "path", "label_column", "header", "delimiter", "scale");
                d.get("path").string();
                Object lc = d.get("label_column").raw();
                if (lc != null && !(lc instanceof String) && !(lc instanceof Integer)) {
                    throw d.get("label_column").error("expected a column name or index, got " + Spec.shown(lc));
                }
                d.get("header").bool(true);
                if (d.get("delimiter").string(",").length() != 1) {
                    throw d.get("delimiter").error("expected one character");
                }
            }
            case "npy" -> {
                d.keys("source", "x", "y", "flatten", "sample_shape", "scale");
                d.get("x").string();
                d.get("y").string(null);
            }
            default -> throw d.get("source").error("expected one of \"fashion_mnist\", \"idx\", \"csv\", \"npy\", got \"" + source + "\"");
        }
        boolean flatten = d.get("flatten").bool(false);
        d.get("scale").number(1.0);
        if (d.get("sample_shape").present() && !source.equals("csv")) {
            if (flatten) {
                throw d.get("sample_shape").error("give either \"flatten\": true or a sample_shape, not both");
            }
            sampleShape(d.get("sample_shape"));
        }
    }

    /** The per-sample shape of a {@code sample_shape} entry: a non-empty list of positive integers. */
    private static long[] sampleShape(Spec s) {
        List<Spec> dims = s.list();
        if (dims.isEmpty()) {
            throw s.error("expected a non-empty list of sizes, e.g. [28, 28, 1]");
        }
        long[] out = new long[dims.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = dims.get(i).integer(1, Integer.MAX_VALUE);
        }
        return out;
    }

    static Data load(Spec d, Path base) throws IOException {
        validate(d);
        Data raw = switch (d.get("source").string()) {
            case "fashion_mnist" -> {
                String dir = d.get("dir").string(null);
                TrainTestData t = dir == null ? FashionMnist.load() : FashionMnist.load(base.resolve(dir));
                yield d.get("split").string("train").equals("train") ? new Data(t.xTrain(), t.yTrain()) : new Data(t.xTest(), t.yTest());
            }
            case "idx" -> new Data(Idx.read(file(d.get("images"), base), Backend.floatx()),
                    d.get("labels").present() ? Idx.read(file(d.get("labels"), base), DataType.INT64) : null);
            case "csv" -> csv(d, file(d.get("path"), base));
            default -> new Data(npy(d.get("x"), base), d.get("y").present() ? npy(d.get("y"), base) : null);
        };
        INDArray x = raw.x().castTo(Backend.floatx());
        double scale = d.get("scale").number(1.0);
        if (scale != 1.0) {
            x = x.mul(scale);
        }
        if (d.get("flatten").bool(false) && x.rank() > 2) {
            x = x.reshape('c', x.size(0), x.length() / x.size(0));
        }
        if (d.get("sample_shape").present()) {
            long[] sample = sampleShape(d.get("sample_shape"));
            long per = 1;
            for (long v : sample) {
                per *= v;
            }
            long have = x.size(0) == 0 ? 0 : x.length() / x.size(0);
            if (per != have) {
                throw d.get("sample_shape").error("samples of shape " + org.keras4j.framework.layers.Shape.format(
                        java.util.Arrays.copyOfRange(x.shape(), 1, x.rank())) + " (" + have + " values) cannot be reshaped to "
                        + org.keras4j.framework.layers.Shape.format(sample) + " (" + per + " values)");
            }
            long[] full = new long[sample.length + 1];
            full[0] = x.size(0);
            System.arraycopy(sample, 0, full, 1, sample.length);
            x = x.reshape('c', full);
        }
        INDArray y = raw.y();
        if (y != null && y.size(0) != x.size(0)) {
            throw d.error("inputs have " + x.size(0) + " samples but targets have " + y.size(0));
        }
        return new Data(x, y);
    }

    private static Path file(Spec s, Path base) {
        Path p = base.resolve(s.string());
        if (!Files.isRegularFile(p)) {
            throw s.error("no such file: " + p);
        }
        return p;
    }

    private static INDArray npy(Spec s, Path base) throws IOException {
        Path p = file(s, base);
        byte[] b = Files.readAllBytes(p);
        try {
            return Npy.readData(b, b.length);
        } catch (IllegalArgumentException e) {
            throw s.error(p + ": " + e.getMessage());
        }
    }

    /** Numeric CSV; the label column (by header name or 0-based index) becomes y of shape (n, 1). */
    static Data csv(Spec d, Path p) throws IOException {
        boolean header = d.get("header").bool(true);
        String delim = java.util.regex.Pattern.quote(d.get("delimiter").string(","));
        List<String> lines = Files.readAllLines(p, StandardCharsets.UTF_8);
        List<String> names = null;
        int first = 0;
        if (header) {
            if (lines.isEmpty()) {
                throw d.error(p + " is empty");
            }
            names = List.of(lines.get(0).trim().split(delim, -1));
            first = 1;
        }
        int labelIndex = -1;
        Object lc = d.get("label_column").raw();
        if (lc instanceof String name) {
            if (names == null || !names.contains(name)) {
                throw d.get("label_column").error("no column '" + name + "' in " + p + (names == null ? " (it has no header)" : "; columns: " + names));
            }
            labelIndex = names.indexOf(name);
        } else if (lc instanceof Integer i) {
            labelIndex = i;
        }
        List<double[]> rows = new ArrayList<>();
        int width = -1;
        for (int li = first; li < lines.size(); li++) {
            String line = lines.get(li).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(delim, -1);
            if (width < 0) {
                width = cells.length;
                if (labelIndex >= width || labelIndex < -1) {
                    throw d.get("label_column").error("column index " + labelIndex + " but " + p + " has " + width + " columns");
                }
            } else if (cells.length != width) {
                throw d.error(p + " line " + (li + 1) + ": " + cells.length + " columns, expected " + width);
            }
            double[] row = new double[width];
            for (int c = 0; c < width; c++) {
                try {
                    row[c] = Double.parseDouble(cells[c].trim());
                } catch (NumberFormatException e) {
                    throw d.error(p + " line " + (li + 1) + ", column " + (names != null ? "'" + names.get(c) + "'" : c)
                            + ": not a number: '" + cells[c] + "'");
                }
            }
            rows.add(row);
        }
        if (rows.isEmpty()) {
            throw d.error(p + " has no data rows");
        }
        int n = rows.size();
        int features = labelIndex >= 0 ? width - 1 : width;
        double[][] x = new double[n][features];
        double[][] y = labelIndex >= 0 ? new double[n][1] : null;
        for (int r = 0; r < n; r++) {
            double[] row = rows.get(r);
            for (int c = 0, k = 0; c < width; c++) {
                if (c == labelIndex) {
                    y[r][0] = row[c];
                } else {
                    x[r][k++] = row[c];
                }
            }
        }
        return new Data(Nd4j.create(x), y == null ? null : Nd4j.create(y).castTo(Backend.floatx()));
    }
}
