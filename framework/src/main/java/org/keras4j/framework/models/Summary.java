package org.keras4j.framework.models;

import java.util.List;
import java.util.Locale;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;

/** Renders Keras 3's model summary table. */
final class Summary {
    private static final int[] WIDTHS = {33, 24, 15};

    private Summary() {
    }

    static String render(Model model) {
        List<Layer> layers = model.layers();
        List<Shape> shapes = model.layerOutputShapes();
        StringBuilder b = new StringBuilder();
        b.append("Model: \"").append(model.name()).append("\"\n");
        b.append(rule('┏', '━', '┳', '┓'));
        b.append(row('┃', "Layer (type)", "Output Shape", "Param #"));
        b.append(rule('┡', '━', '╇', '┩'));
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            Shape s = shapes.get(i);
            String params = l.isBuilt() ? String.format(Locale.ROOT, "%,d", l.countParams()) : "0 (unbuilt)";
            b.append(row('│', l.name() + " (" + l.className() + ")", s == null ? "?" : s.toString(), params));
            b.append(i < layers.size() - 1 ? rule('├', '─', '┼', '┤') : rule('└', '─', '┴', '┘'));
        }
        if (layers.isEmpty()) {
            b.append(rule('└', '─', '┴', '┘'));
        }
        long total = 0;
        long trainable = 0;
        for (Variable v : model.weights()) {
            total += v.value().length();
            if (v.isTrainable()) {
                trainable += v.value().length();
            }
        }
        long bytesPer = model.weights().isEmpty() ? 4 : model.weights().get(0).value().dataType().width();
        b.append(String.format(Locale.ROOT, " Total params: %,d (%s)%n", total, bytes(total * bytesPer)));
        b.append(String.format(Locale.ROOT, " Trainable params: %,d (%s)%n", trainable, bytes(trainable * bytesPer)));
        b.append(String.format(Locale.ROOT, " Non-trainable params: %,d (%s)%n", total - trainable, bytes((total - trainable) * bytesPer)));
        return b.toString();
    }

    private static String rule(char left, char fill, char mid, char right) {
        StringBuilder b = new StringBuilder().append(left);
        for (int c = 0; c < WIDTHS.length; c++) {
            b.append(String.valueOf(fill).repeat(WIDTHS[c]));
            b.append(c < WIDTHS.length - 1 ? mid : right);
        }
        return b.append('\n').toString();
    }

    private static String row(char edge, String layer, String shape, String params) {
        String[] cells = {layer, shape, params};
        StringBuilder b = new StringBuilder().append(edge);
        for (int c = 0; c < cells.length; c++) {
            String text = cells[c].length() > WIDTHS[c] - 2 ? cells[c].substring(0, WIDTHS[c] - 3) + "…" : cells[c];
            int pad = WIDTHS[c] - 2 - text.length();
            b.append(' ');
            b.append(c == 2 ? " ".repeat(pad) + text : text + " ".repeat(pad));
            b.append(' ').append(edge);
        }
        return b.append('\n').toString();
    }

    /** Keras's size notation: {@code 918.54 KB}. */
    static String bytes(long n) {
        String[] units = {"B", "KB", "MB", "GB"};
        double v = n;
        int u = 0;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }
}
