package org.keras4j.callbacks;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * A file name with Python {@code str.format} fields, as Keras's {@code ModelCheckpoint} and
 * {@code BackupAndRestore} accept: {@code "ckpt-{epoch:02d}-{val_loss:.4f}.keras"}.
 *
 * <p>A field is {@code {key}} or {@code {key:spec}}; {@code {{} and {@code }}} are literal
 * braces. The supported spec is Python's {@code [sign][0][width][.precision][type]}:
 * <ul>
 * <li>{@code sign}: {@code +} (always), {@code -} (default, negatives only) or a space;</li>
 * <li>{@code 0}: pad with zeros after the sign up to {@code width} (otherwise spaces on the left);</li>
 * <li>{@code type}: {@code d} (integers only), {@code f}/{@code F} (fixed, precision 6 by
 * default), {@code e}/{@code E} (scientific, exponent of at least two digits), {@code g}/{@code G}
 * (Python's general format: {@code precision} significant digits, trailing zeros removed), or
 * none (integers as is, numbers as Python's {@code repr}: {@code 0.25}, {@code 1e-05}).</li>
 * </ul>
 * Rounding is Python's: the exact binary value rounded half-to-even, so {@code {x:.2f}} of 0.125
 * gives {@code 0.12}. A spec outside this subset fails when the template is made; a key that is
 * not among the values fails when it is formatted, listing the keys that are.
 *
 * <pre>{@code
 * new FilepathTemplate("ckpt-{epoch:02d}-{val_loss:.4f}.keras").format(Map.of("epoch", 3, "val_loss", 0.123456))
 * // "ckpt-03-0.1235.keras"
 * }</pre>
 */
public final class FilepathTemplate {
    private final String template;
    private final List<Object> parts = new ArrayList<>();

    private record Field(String key, char sign, boolean zeroPad, int width, int precision, char type) {
    }

    /** Parses {@code template}; an {@link IllegalArgumentException} names the bad field. */
    public FilepathTemplate(String template) {
        if (template == null || template.isEmpty()) {
            throw new IllegalArgumentException("filepath must be a non-empty path, received " + (template == null ? "null" : "\"\""));
        }
        this.template = template;
        StringBuilder literal = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '{') {
                literal.append('{');
                i += 2;
            } else if (c == '}' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
                literal.append('}');
                i += 2;
            } else if (c == '{') {
                int end = template.indexOf('}', i);
                if (end < 0) {
                    throw bad("a '{' without its closing '}'");
                }
                if (literal.length() > 0) {
                    parts.add(literal.toString());
                    literal.setLength(0);
                }
                parts.add(parseField(template.substring(i + 1, end)));
                i = end + 1;
            } else if (c == '}') {
                throw bad("a single '}' (write '}}' for a literal brace)");
            } else {
                literal.append(c);
                i++;
            }
        }
        if (literal.length() > 0) {
            parts.add(literal.toString());
        }
    }

    private Field parseField(String body) {
        int colon = body.indexOf(':');
        String key = colon < 0 ? body : body.substring(0, colon);
        String spec = colon < 0 ? "" : body.substring(colon + 1);
        if (key.isEmpty()) {
            throw bad("a field without a name ('{}'); name the value, e.g. {epoch}");
        }
        if (key.contains("[") || key.contains(".") || key.contains("!")) {
            throw bad("field {" + body + "}: only plain names are supported (no indexing, attributes or conversions)");
        }
        int p = 0;
        char sign = '-';
        if (p < spec.length() && "+- ".indexOf(spec.charAt(p)) >= 0) {
            sign = spec.charAt(p++);
        }
        boolean zero = false;
        if (p < spec.length() && spec.charAt(p) == '0') {
            zero = true;
            p++;
        }
        int width = 0;
        while (p < spec.length() && Character.isDigit(spec.charAt(p))) {
            width = width * 10 + (spec.charAt(p++) - '0');
        }
        int precision = -1;
        if (p < spec.length() && spec.charAt(p) == '.') {
            p++;
            int start = p;
            precision = 0;
            while (p < spec.length() && Character.isDigit(spec.charAt(p))) {
                precision = precision * 10 + (spec.charAt(p++) - '0');
            }
            if (p == start) {
                throw bad("field {" + body + "}: '.' must be followed by a precision");
            }
        }
        char type = 0;
        if (p < spec.length()) {
            type = spec.charAt(p++);
            if ("dfFeEgG".indexOf(type) < 0) {
                throw bad("field {" + body + "}: format type '" + type + "' is not supported (use d, f, e or g)");
            }
        }
        if (p != spec.length()) {
            throw bad("field {" + body + "}: spec '" + spec + "' is not of the supported form [sign][0][width][.precision][type]");
        }
        if (type == 'd' && precision >= 0) {
            throw bad("field {" + body + "}: precision not allowed in integer format specifier");
        }
        return new Field(key, sign, zero, width, precision, type);
    }

    private IllegalArgumentException bad(String what) {
        return new IllegalArgumentException("Failed to parse filepath template \"" + template + "\": " + what);
    }

    /** The template as given. */
    public String template() {
        return template;
    }

    /** The field names used, in order of appearance. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        for (Object part : parts) {
            if (part instanceof Field f) {
                keys.add(f.key());
            }
        }
        return keys;
    }

    /**
     * Fills every field from {@code values} ({@link Integer}/{@link Long} or {@link Double} values).
     *
     * @throws IllegalArgumentException if a field's key is missing, listing the available keys, or
     *                                  its value does not suit the format (e.g. {@code d} of a float)
     */
    public String format(Map<String, ?> values) {
        StringBuilder out = new StringBuilder();
        for (Object part : parts) {
            if (part instanceof Field f) {
                Object v = values.get(f.key());
                if (v == null) {
                    throw new IllegalArgumentException("Failed to format filepath \"" + template + "\": no value named '"
                            + f.key() + "'. Available keys: " + String.join(", ", new TreeSet<>(values.keySet())));
                }
                out.append(formatValue(f, v));
            } else {
                out.append((String) part);
            }
        }
        return out.toString();
    }

    private String formatValue(Field f, Object v) {
        boolean integral = v instanceof Integer || v instanceof Long;
        if (!integral && !(v instanceof Double) && !(v instanceof Float)) {
            throw new IllegalArgumentException("Failed to format filepath \"" + template + "\": value of '" + f.key()
                    + "' is not a number: " + v);
        }
        String body;
        boolean negative;
        if (integral) {
            long n = ((Number) v).longValue();
            negative = n < 0;
            body = switch (f.type()) {
                case 0, 'd' -> Long.toString(Math.abs(n));
                default -> formatDouble(f, Math.abs((double) n));
            };
        } else {
            double d = ((Number) v).doubleValue();
            if (f.type() == 'd') {
                throw new IllegalArgumentException("Failed to format filepath \"" + template + "\": unknown format code 'd' for '"
                        + f.key() + "', a float (" + v + "); use e.g. {" + f.key() + ":.4f}");
            }
            negative = d < 0 || (d == 0 && 1 / d < 0);
            body = Double.isNaN(d) ? special("nan", f) : formatDouble(f, Math.abs(d));
        }
        String signText = negative ? "-" : f.sign() == '+' ? "+" : f.sign() == ' ' ? " " : "";
        int pad = f.width() - signText.length() - body.length();
        if (pad <= 0) {
            return signText + body;
        }
        // Python pads numbers on the left; '0' puts the zeros between the sign and the digits.
        return f.zeroPad() && Character.isDigit(body.charAt(0)) ? signText + "0".repeat(pad) + body : " ".repeat(pad) + signText + body;
    }

    private static String special(String s, Field f) {
        return Character.isUpperCase(f.type()) ? s.toUpperCase(Locale.ROOT) : s;
    }

    /** Formats a non-negative (or NaN-free) magnitude by the field's float type. */
    private static String formatDouble(Field f, double a) {
        if (Double.isInfinite(a)) {
            return special("inf", f);
        }
        BigDecimal exact = new BigDecimal(a);
        return switch (f.type()) {
            case 'f', 'F' -> exact.setScale(f.precision() < 0 ? 6 : f.precision(), RoundingMode.HALF_EVEN).toPlainString();
            case 'e', 'E' -> scientific(exact, f.precision() < 0 ? 6 : f.precision(), f.type() == 'E');
            case 'g', 'G' -> general(exact, f.precision() < 0 ? 6 : Math.max(1, f.precision()), f.type() == 'G');
            default -> CSVLogger.pythonRepr(a);
        };
    }

    private static String scientific(BigDecimal exact, int digitsAfterPoint, boolean upper) {
        if (exact.signum() == 0) {
            return (digitsAfterPoint == 0 ? "0" : "0." + "0".repeat(digitsAfterPoint)) + (upper ? "E+00" : "e+00");
        }
        BigDecimal r = exact.round(new MathContext(digitsAfterPoint + 1, RoundingMode.HALF_EVEN));
        int exp = r.precision() - r.scale() - 1;
        String digits = r.unscaledValue().toString();
        digits = (digits + "0".repeat(digitsAfterPoint + 1)).substring(0, digitsAfterPoint + 1);
        String mantissa = digitsAfterPoint == 0 ? digits : digits.charAt(0) + "." + digits.substring(1);
        return mantissa + (upper ? "E" : "e") + (exp < 0 ? "-" : "+") + (Math.abs(exp) < 10 ? "0" : "") + Math.abs(exp);
    }

    private static String general(BigDecimal exact, int p, boolean upper) {
        if (exact.signum() == 0) {
            return "0";
        }
        BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
        int exp = r.precision() - r.scale() - 1;
        String s = exp >= -4 && exp < p
                ? r.setScale(p - 1 - exp, RoundingMode.HALF_EVEN).toPlainString()
                : scientific(exact, p - 1, upper);
        return stripZeros(s);
    }

    /** Removes trailing zeros of the fraction (and a bare point), keeping any exponent. */
    private static String stripZeros(String s) {
        int e = Math.max(s.indexOf('e'), s.indexOf('E'));
        String mantissa = e < 0 ? s : s.substring(0, e);
        String exponent = e < 0 ? "" : s.substring(e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + exponent;
    }

    @Override
    public String toString() {
        return template;
    }
}
