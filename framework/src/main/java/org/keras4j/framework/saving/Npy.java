package org.keras4j.framework.saving;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * NumPy's {@code .npy} format (version 1.0 written, 1.0 and 2.0 read) for float32 and float64
 * arrays, little-endian, C order: what {@code numpy.save} writes and {@code numpy.load} reads.
 *
 * <p>The reader is written for untrusted input: the header must have exactly NumPy's three keys,
 * the type must be {@code <f4} or {@code <f8}, the dimensions non-negative with a product that fits
 * the caller's limit, and the data exactly as long as the shape says. It never allocates more than
 * the limit, whatever the header claims. (ND4J's own {@code createFromNpy} trusts the header.)
 */
public final class Npy {
    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y'};
    private static final int MAX_HEADER = 4096;
    private static final int MAX_RANK = 32;
    private static final Pattern HEADER = Pattern.compile(
            "\\{'descr': '([<>|=][a-z][0-9]+)', 'fortran_order': (True|False), 'shape': \\(([0-9, ]*)\\), \\}\\s*");

    private Npy() {
    }

    /** The element type, shape and data offset of an {@code .npy} header. */
    public record Header(DataType type, long[] shape, int dataOffset) {
        /** Bytes of data that follow the header. */
        public long dataBytes() {
            long n = type.width();
            for (long d : shape) {
                n = Math.multiplyExact(n, d);
            }
            return n;
        }
    }

    /** The {@code .npy} bytes of {@code a} (float32 or float64; other types are written as float32). */
    public static byte[] write(INDArray a) {
        DataType t = a.dataType() == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
        StringBuilder shape = new StringBuilder();
        for (long d : a.shape()) {
            shape.append(d).append(", ");
        }
        String dims = a.rank() == 1 ? shape.toString().trim() : a.rank() == 0 ? "" : shape.substring(0, shape.length() - 2);
        String dict = "{'descr': '" + (t == DataType.DOUBLE ? "<f8" : "<f4") + "', 'fortran_order': False, 'shape': (" + dims + "), }";
        int unpadded = MAGIC.length + 2 + 2 + dict.length() + 1;
        int pad = (64 - unpadded % 64) % 64; // NumPy aligns the data to 64 bytes
        String header = dict + " ".repeat(pad) + "\n";
        long n = a.length() * t.width();
        if (n + header.length() + 10 > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("Array of shape " + Arrays.toString(a.shape()) + " is too large for one .npy entry (2 GB)");
        }
        ByteBuffer out = ByteBuffer.allocate(10 + header.length() + (int) n).order(ByteOrder.LITTLE_ENDIAN);
        out.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
        out.put(header.getBytes(StandardCharsets.US_ASCII));
        INDArray c;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            c = a.castTo(t).dup('c');
        }
        if (t == DataType.DOUBLE) {
            out.asDoubleBuffer().put(c.data().asDouble());
        } else {
            out.asFloatBuffer().put(c.data().asFloat());
        }
        c.close();
        return out.array();
    }

    /**
     * Parses the header at the start of {@code bytes} (at least its first 10 bytes plus the header length).
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static Header readHeader(byte[] bytes, int available) {
        if (available < 10) {
            throw new IllegalArgumentException("not an .npy array: " + available + " bytes, shorter than the 10-byte preamble");
        }
        for (int i = 0; i < MAGIC.length; i++) {
            if (bytes[i] != MAGIC[i]) {
                throw new IllegalArgumentException("not an .npy array (bad magic bytes)");
            }
        }
        int major = bytes[6] & 0xff;
        int headerLen;
        int start;
        if (major == 1) {
            headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8;
            start = 10;
        } else if (major == 2 && available >= 12) {
            headerLen = (bytes[8] & 0xff) | (bytes[9] & 0xff) << 8 | (bytes[10] & 0xff) << 16 | (bytes[11] & 0xff) << 24;
            start = 12;
        } else {
            throw new IllegalArgumentException("unsupported .npy version " + major + "." + (bytes[7] & 0xff));
        }
        if (headerLen < 0 || headerLen > MAX_HEADER) {
            throw new IllegalArgumentException(".npy header length " + headerLen + " outside [0, " + MAX_HEADER + "]");
        }
        if (start + headerLen > available) {
            throw new IllegalArgumentException(".npy header truncated");
        }
        String h = new String(bytes, start, headerLen, StandardCharsets.US_ASCII);
        Matcher m = HEADER.matcher(h);
        if (!m.matches()) {
            throw new IllegalArgumentException("malformed .npy header " + quote(h));
        }
        DataType type = switch (m.group(1)) {
            case "<f4" -> DataType.FLOAT;
            case "<f8" -> DataType.DOUBLE;
            default -> throw new IllegalArgumentException("unsupported .npy element type '" + m.group(1)
                    + "' (Keras4J reads little-endian float32 '<f4' and float64 '<f8')");
        };
        if (m.group(2).equals("True")) {
            throw new IllegalArgumentException("Fortran-order .npy arrays are not supported; save the array in C order");
        }
        String[] parts = m.group(3).split(",");
        long[] shape = new long[0];
        for (String p : parts) {
            String s = p.trim();
            if (s.isEmpty()) {
                continue;
            }
            if (s.length() > 12 || shape.length >= MAX_RANK) {
                throw new IllegalArgumentException("unreasonable .npy shape (" + m.group(3) + ")");
            }
            shape = Arrays.copyOf(shape, shape.length + 1);
            shape[shape.length - 1] = Long.parseLong(s);
        }
        Header header = new Header(type, shape, start + headerLen);
        try {
            header.dataBytes();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(".npy shape " + Arrays.toString(shape) + " overflows");
        }
        return header;
    }

    /** The array of a complete {@code .npy} file held in {@code bytes[0, length)}; the length must be exact. */
    public static INDArray read(byte[] bytes, int length) {
        Header h = readHeader(bytes, length);
        long expected = h.dataOffset() + h.dataBytes();
        if (expected != length) {
            throw new IllegalArgumentException(".npy data is " + (length - h.dataOffset()) + " bytes but shape "
                    + Arrays.toString(h.shape()) + " of " + (h.type() == DataType.DOUBLE ? "float64" : "float32")
                    + " needs " + h.dataBytes());
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, h.dataOffset(), (int) h.dataBytes()).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) (h.dataBytes() / h.type().width());
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            if (n == 0) {
                return Nd4j.create(h.type(), h.shape());
            }
            if (h.type() == DataType.DOUBLE) {
                double[] v = new double[n];
                data.asDoubleBuffer().get(v);
                return Nd4j.create(v, h.shape(), 'c');
            }
            float[] v = new float[n];
            data.asFloatBuffer().get(v);
            return Nd4j.create(v, h.shape(), 'c');
        }
    }

    /**
     * A data array from an {@code .npy} file: the float types of {@link #read} plus little-endian
     * integers ({@code |u1}, {@code <i4}, {@code <i8}, as NumPy writes labels), returned as float64
     * values. For data sets (e.g. the command line's {@code .npy} inputs), not for weights.
     */
    public static INDArray readData(byte[] bytes, int length) {
        Header h;
        DataType intType = null;
        try {
            h = readHeader(bytes, length);
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            intType = m.contains("'|u1'") || m.contains("'<u1'") ? DataType.UINT8 : m.contains("'<i4'") ? DataType.INT
                    : m.contains("'<i8'") ? DataType.LONG : null;
            if (intType == null) {
                throw e;
            }
            String patched = new String(bytes, 0, Math.min(length, 10 + MAX_HEADER), StandardCharsets.ISO_8859_1)
                    .replaceFirst("'(\\|u1|<u1|<i4|<i8)'", "'<f8'");
            h = readHeader(patched.getBytes(StandardCharsets.ISO_8859_1), Math.min(length, 10 + MAX_HEADER));
        }
        if (intType == null) {
            return read(bytes, length);
        }
        int width = intType == DataType.UINT8 ? 1 : intType == DataType.INT ? 4 : 8;
        long n = 1;
        for (long d : h.shape()) {
            n = Math.multiplyExact(n, d);
        }
        if (h.dataOffset() + n * width != length) {
            throw new IllegalArgumentException(".npy data is " + (length - h.dataOffset()) + " bytes but shape "
                    + Arrays.toString(h.shape()) + " needs " + n * width);
        }
        ByteBuffer data = ByteBuffer.wrap(bytes, h.dataOffset(), (int) (n * width)).order(ByteOrder.LITTLE_ENDIAN);
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = width == 1 ? data.get() & 0xff : width == 4 ? data.getInt() : data.getLong();
        }
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return n == 0 ? Nd4j.create(DataType.DOUBLE, h.shape()) : Nd4j.create(v, h.shape(), 'c');
        }
    }

    private static String quote(String s) {
        String t = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return "\"" + t.replaceAll("[^\\x20-\\x7e]", "?") + "\"";
    }
}
