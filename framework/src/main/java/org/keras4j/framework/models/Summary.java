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

    private static final int[] FUNCTIONAL_WIDTHS = {29, 21, 12, 24};

    /** Keras 3's functional summary: a fourth column "Connected to" listing each call's inputs. */
    static String renderFunctional(Functional model) {
        List<Layer> layers = model.layers();
        List<Shape> shapes = model.layerOutputShapes();
        int[] w = FUNCTIONAL_WIDTHS;
        StringBuilder b = new StringBuilder();
        b.append("Model: \"").append(model.name()).append("\"\n");
        b.append(rule(w, '┏', '━', '┳', '┓'));
        b.append(row(w, '┃', List.of("Layer (type)"), List.of("Output Shape"), List.of("Param #"), List.of("Connected to")));
        b.append(rule(w, '┡', '━', '╇', '┩'));
        for (int i = 0; i < layers.size(); i++) {
            Layer l = layers.get(i);
            List<String> connected = new java.util.ArrayList<>();
            for (org.keras4j.framework.layers.Node n : model.nodesOf(l)) {
                for (org.keras4j.framework.layers.KerasTensor t : n.inputs()) {
                    connected.add(t.layer().name() + "[" + model.nodeIndex(t.node()) + "][" + t.tensorIndex() + "]");
                }
            }
            for (int c = 0; c < connected.size() - 1; c++) {
                connected.set(c, connected.get(c) + ",");
            }
            if (connected.isEmpty()) {
                connected.add("-");
            }
            Shape s = shapes.get(i);
            String params = String.format(Locale.ROOT, "%,d", l.countParams());
            b.append(row(w, '│', List.of(l.name(), "(" + l.className() + ")"), List.of(s == null ? "multiple" : s.toString()),
                    List.of(params), connected));
            b.append(i < layers.size() - 1 ? rule(w, '├', '─', '┼', '┤') : rule(w, '└', '─', '┴', '┘'));
        }
        appendTotals(b, model);
        return b.toString();
    }

    private static String rule(int[] widths, char left, char fill, char mid, char right) {
        StringBuilder b = new StringBuilder().append(left);
        for (int c = 0; c < widths.length; c++) {
            b.append(String.valueOf(fill).repeat(widths[c]));
            b.append(c < widths.length - 1 ? mid : right);
        }
        return b.append('\n').toString();
    }

    /** A table row whose cells may span several lines (Keras wraps the type and the connections). */
    @SafeVarargs
    private static String row(int[] widths, char edge, List<String>... cells) {
        int lines = 0;
        for (List<String> c : cells) {
            lines = Math.max(lines, c.size());
        }
        StringBuilder b = new StringBuilder();
        for (int line = 0; line < lines; line++) {
            b.append(edge);
            for (int c = 0; c < cells.length; c++) {
                String text = line < cells[c].size() ? cells[c].get(line) : "";
                if (text.length() > widths[c] - 2) {
                    text = text.substring(0, widths[c] - 3) + "…";
                }
                int pad = widths[c] - 2 - text.length();
                b.append(' ').append(c == 2 ? " ".repeat(pad) + text : text + " ".repeat(pad)).append(' ').append(edge);
            }
            b.append('\n');
        }
        return b.toString();
    }

    private static void appendTotals(StringBuilder b, Model model) {
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
