package org.keras4j.callbacks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.callbacks.Callback;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Configurable;

/**
 * Streams each epoch's logs to a CSV file (Keras's {@code keras.callbacks.CSVLogger}).
 *
 * <p>The file is opened (truncated unless {@code append}) at {@code onTrainBegin}. At the first
 * {@code onEpochEnd} the columns are fixed: {@code epoch}, then the log keys sorted; if no key
 * starts with {@code val_}, a {@code val_} column per key is added as well (Keras does this so a
 * run with {@code validation_freq > 1} keeps its validation columns). Each later epoch writes one
 * row in those columns: a key absent from that epoch's logs is written {@code NA}, a key not among
 * the columns is dropped. Every row is flushed at once; the file is closed at {@code onTrainEnd}.
 *
 * <p>The output matches Keras's byte for byte: rows end with {@code \r\n} (Python's {@code csv}
 * "excel" dialect), a field containing the separator, a quote or a line break is quoted, and
 * numbers are printed as Python's {@code str(float)} ({@code 0.5}, {@code 1e-05}, {@code nan},
 * {@code inf}) rather than Java's {@code Double.toString} ({@code 1.0E-5}, {@code NaN}), so files
 * from both can be compared or concatenated.
 *
 * <pre>{@code
 * model.fit(x, y, FitOptions.epochs(10).callbacks(new CSVLogger("training.log")));
 * }</pre>
 *
 * <ul>
 * <li>{@code filename}: the CSV file's path.</li>
 * <li>{@code separator} (","): the field separator, one character.</li>
 * <li>{@code append} (false): add to an existing file; its header is written only if the file is
 *     missing or its first line is empty.</li>
 * </ul>
 *
 * <p>Registered as callback {@code "CSVLogger"}; config keys {@code filename}, {@code separator},
 * {@code append}.
 */
public final class CSVLogger extends Callback implements Configurable, StatefulCallback {
    private static final String EOL = "\r\n";

    private final String filename;
    private final String separator;
    private final boolean append;

    private Writer writer;
    private List<String> keys;
    private boolean writeHeader;
    /** Bytes the file had before this fit wrote to it (kept when appending), and what this fit wrote since. */
    private long startLength;
    private final StringBuilder written = new StringBuilder();

    /** Overwrites {@code filename}, separator ",". */
    public CSVLogger(String filename) {
        this(filename, ",", false);
    }

    public CSVLogger(String filename, String separator, boolean append) {
        if (filename == null || filename.isEmpty()) {
            throw new IllegalArgumentException("CSVLogger: filename must be a non-empty path, received filename=" + filename);
        }
        if (separator == null || separator.length() != 1 || separator.equals("\"") || separator.equals("\r")
                || separator.equals("\n")) {
            throw new IllegalArgumentException("CSVLogger: separator must be a single character other than a quote "
                    + "or line break, received separator=" + (separator == null ? null : "\"" + separator + "\""));
        }
        this.filename = filename;
        this.separator = separator;
        this.append = append;
    }

    /** Rebuilds a logger from {@link #getConfig()}. */
    public static CSVLogger fromConfig(Config c) {
        return new CSVLogger(c.getString("filename"), c.getString("separator", ","), c.getBoolean("append", false));
    }

    @Override
    public String className() {
        return "CSVLogger";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("filename", filename);
        c.put("separator", separator);
        c.put("append", append);
        return c;
    }

    public String filename() {
        return filename;
    }

    public String separator() {
        return separator;
    }

    public boolean append() {
        return append;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        closeQuietly();
        Path path = Path.of(filename);
        try {
            writeHeader = true;
            if (append && Files.exists(path)) {
                try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                    String first = r.readLine();
                    writeHeader = first == null || first.isEmpty();
                }
            }
            startLength = append && Files.exists(path) ? Files.size(path) : 0;
            written.setLength(0);
            writer = append
                    ? Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND)
                    : Files.newBufferedWriter(path, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot open '" + filename + "' for writing: " + e.getMessage(), e);
        }
        keys = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (writer == null) {
            throw new IllegalStateException("CSVLogger: onEpochEnd(" + epoch + ") was called before onTrainBegin "
                    + "(or after onTrainEnd); the file '" + filename + "' is not open");
        }
        Map<String, Double> l = logs == null ? Map.of() : logs;
        StringBuilder sb = new StringBuilder();
        if (keys == null) {
            keys = new ArrayList<>(l.keySet());
            keys.sort(null);
            if (!keys.isEmpty() && keys.stream().noneMatch(k -> k.startsWith("val_"))) {
                List<String> val = new ArrayList<>();
                for (String k : keys) {
                    val.add("val_" + k);
                }
                keys.addAll(val);
            }
            if (writeHeader) {
                sb.append("epoch");
                for (String k : keys) {
                    sb.append(separator).append(field(k));
                }
                sb.append(EOL);
            }
        }
        sb.append(epoch);
        for (String k : keys) {
            Double v = l.get(k);
            sb.append(separator).append(v == null ? "NA" : field(pythonRepr(v)));
        }
        sb.append(EOL);
        try {
            writer.write(sb.toString());
            writer.flush();
            written.append(sb);
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot write to '" + filename + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException e) {
                throw new UncheckedIOException("CSVLogger: cannot close '" + filename + "': " + e.getMessage(), e);
            } finally {
                writer = null;
            }
        }
    }

    /**
     * The column keys and the text this fit has written, so that a run resumed by
     * {@link BackupAndRestore} rewrites the file as it was at the backup and goes on appending to it.
     */
    @Override
    public Map<String, Object> state() {
        Map<String, Object> st = new LinkedHashMap<>();
        st.put("keys", keys == null ? null : new ArrayList<>(keys));
        st.put("start_length", startLength);
        st.put("written", written.toString());
        return st;
    }

    @Override
    public void restoreState(Map<String, Object> st) {
        closeQuietly();
        Path path = Path.of(filename);
        long keep = StateValues.asLong(st.get("start_length"));
        String text = (String) st.get("written");
        try {
            // The file now holds the earlier content (when appending) plus whatever the killed run wrote after the backup.
            byte[] before = new byte[0];
            if (keep > 0 && Files.exists(path)) {
                byte[] all = Files.readAllBytes(path);
                before = java.util.Arrays.copyOf(all, (int) Math.min(keep, all.length));
            }
            byte[] prefix = before;
            CheckpointFiles.write(path, tmp -> {
                Files.write(tmp, prefix);
                Files.write(tmp, text.getBytes(StandardCharsets.UTF_8), StandardOpenOption.APPEND);
            });
            writer = Files.newBufferedWriter(path, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException("CSVLogger: cannot restore '" + filename + "': " + e.getMessage(), e);
        }
        startLength = keep;
        written.setLength(0);
        written.append(text);
        Object k = st.get("keys");
        keys = null;
        if (k instanceof List<?> l) {
            keys = new ArrayList<>();
            for (Object o : l) {
                keys.add(String.valueOf(o));
            }
        }
        writeHeader = false;
    }

    private void closeQuietly() {
        if (writer != null) {
            try {
                writer.close();
            } catch (IOException ignored) {
                // a stale writer from an interrupted fit; the new one reports its own errors
            }
            writer = null;
        }
    }

    /** Quotes a field as Python's csv module does by default (QUOTE_MINIMAL, doubled quotes). */
    private String field(String s) {
        if (s.contains(separator) || s.indexOf('"') >= 0 || s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }

    /**
     * A double as Python's {@code repr}/{@code str}: the shortest digits that round-trip, positional for exponents -4..15 ({@code 0.0001}, {@code 123.0}),
     * otherwise scientific with a signed two-digit exponent ({@code 1e-05}, {@code 1.5e+16}).
     */
    static String pythonRepr(double v) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0.0" : "0.0";
        }
        BigDecimal d = shortest(Math.abs(v));
        String digits = d.unscaledValue().toString();
        int exp = digits.length() - 1 - d.scale(); // decimal exponent of the first digit
        StringBuilder sb = new StringBuilder(v < 0 ? "-" : "");
        if (exp < -4 || exp >= 16) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            sb.append('e').append(exp < 0 ? '-' : '+');
            int a = Math.abs(exp);
            sb.append(a < 10 ? "0" + a : Integer.toString(a));
        } else if (exp < 0) {
            sb.append("0.").append("0".repeat(-exp - 1)).append(digits);
        } else if (digits.length() <= exp + 1) {
            sb.append(digits).append("0".repeat(exp + 1 - digits.length())).append(".0");
        } else {
            sb.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
        }
        return sb.toString();
    }

    /**
     * The decimal with the fewest significant digits that parses back to {@code v} (the nearest one
     * when several have that length). JDK 17's {@code Double.toString} is not always shortest
     * ({@code 4.9E-324} for Python's {@code 5e-324}), so the digits are searched for directly.
     */
    private static BigDecimal shortest(double v) {
        BigDecimal exact = new BigDecimal(v);
        for (int p = 1; p < 17; p++) {
            BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
            if (r.doubleValue() == v) {
                return r.stripTrailingZeros();
            }
        }
        return exact.round(new MathContext(17, RoundingMode.HALF_EVEN)).stripTrailingZeros();
    }
}
