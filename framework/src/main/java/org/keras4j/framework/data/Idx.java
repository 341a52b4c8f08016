package org.keras4j.framework.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads IDX files (the format of MNIST and Fashion-MNIST) into ND4J arrays.
 *
 * <p>An IDX file is a 4-byte magic number {@code 0x00 0x00 type rank}, then {@code rank} big-endian
 * int32 dimensions, then the elements in row-major order, big-endian. The type byte selects the
 * element type and the array's natural {@link DataType}:
 * <table>
 *   <caption>IDX element types</caption>
 *   <tr><th>code</th><th>IDX type</th><th>DataType</th></tr>
 *   <tr><td>0x08</td><td>unsigned byte</td><td>UINT8</td></tr>
 *   <tr><td>0x09</td><td>signed byte</td><td>INT8</td></tr>
 *   <tr><td>0x0B</td><td>short (2 bytes)</td><td>INT16</td></tr>
 *   <tr><td>0x0C</td><td>int (4 bytes)</td><td>INT32</td></tr>
 *   <tr><td>0x0D</td><td>float (4 bytes)</td><td>FLOAT</td></tr>
 *   <tr><td>0x0E</td><td>double (8 bytes)</td><td>DOUBLE</td></tr>
 * </table>
 *
 * <p>Gzipped files are recognised by their first two bytes ({@code 1f 8b}), whatever their name.
 * The whole payload is read into one byte array and copied into the ND4J array in one bulk
 * operation. A file that does not hold exactly what its header promises fails with an
 * {@link IOException} naming the file and the problem: a truncated file or a header that claims more
 * data than is present ("expected 2352 bytes of data ..., found 100"), bytes after the data, an
 * unknown type code, a rank of 0, or dimensions whose payload exceeds the largest Java array
 * ({@value #MAX_PAYLOAD_BYTES} bytes). Nothing is ever read short silently.
 *
 * <pre>{@code
 * INDArray labels = Idx.read(dir.resolve("train-labels-idx1-ubyte.gz"), DataType.INT64); // (60000,)
 * INDArray images = Idx.read(dir.resolve("train-images-idx3-ubyte.gz"), DataType.FLOAT, 1 / 255.0);
 * }</pre>
 */
public final class Idx {
    static {
        // Before any ND4J native code loads, so its threads get Keras4J's set-up.
        org.keras4j.framework.backend.Backend.init();
    }

    /** The largest payload one read can hold: the JVM's array size limit. */
    public static final long MAX_PAYLOAD_BYTES = Integer.MAX_VALUE - 8;

    private static final int MAX_RANK = 32; // ND4J's largest rank
    private static final int FIRST_CHUNK = 16 << 20; // gzip payloads grow from here (their size is unknown)
    private static final int STREAM_BUFFER = 1 << 16;

    private Idx() {
    }

    /** The IDX element types: code, ND4J type, size in bytes, and the name used in messages. */
    private enum ElementType {
        UBYTE(0x08, DataType.UINT8, 1, "unsigned byte"),
        BYTE(0x09, DataType.INT8, 1, "signed byte"),
        SHORT(0x0B, DataType.INT16, 2, "short"),
        INT(0x0C, DataType.INT32, 4, "int"),
        FLOAT(0x0D, DataType.FLOAT, 4, "float"),
        DOUBLE(0x0E, DataType.DOUBLE, 8, "double");

        final int code;
        final DataType dataType;
        final int size;
        final String label;

        ElementType(int code, DataType dataType, int size, String label) {
            this.code = code;
            this.dataType = dataType;
            this.size = size;
            this.label = label;
        }

        static ElementType of(int code) {
            for (ElementType t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            return null;
        }
    }

    /**
     * Reads an IDX file into an array of its natural type (see the table above) and the shape its
     * header declares.
     *
     * @throws IOException if the file cannot be read or does not hold exactly what its header says
     */
    public static INDArray read(Path file) throws IOException {
        Objects.requireNonNull(file, "Idx.read: file must not be null");
        Backend.init();
        try (InputStream raw = Files.newInputStream(file);
             BufferedInputStream buffered = new BufferedInputStream(raw, STREAM_BUFFER)) {
            buffered.mark(2);
            boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
            buffered.reset();
            if (!gzip) {
                return new Reader(file, buffered, false, Files.size(file)).read();
            }
            // No buffer on top: a read that hits the cut of a truncated stream would drop the bytes it
            // had already inflated, and the "found M bytes" count must be exact.
            try (InputStream unzipped = gunzip(file, buffered)) {
                return new Reader(file, unzipped, true, -1).read();
            }
        } catch (ZipException e) {
            throw new IOException(where(file) + "corrupt gzip data (" + e.getMessage() + ")", e);
        }
    }

    /**
     * Reads an IDX file and casts it to {@code type}, e.g. labels to {@code INT64} or images to
     * {@code FLOAT}. Casting a floating-point file to an integer type truncates toward zero.
     */
    public static INDArray read(Path file, DataType type) throws IOException {
        Objects.requireNonNull(type, "Idx.read: type must not be null");
        INDArray natural = read(file);
        return natural.dataType() == type ? natural : natural.castTo(type);
    }

    /**
     * Reads an IDX file as the floating-point {@code type} multiplied by {@code scale}, e.g.
     * {@code read(file, DataType.FLOAT, 1 / 255.0)} maps pixels 0..255 to 0..1.
     *
     * @param type  a floating-point type ({@code FLOAT}, {@code DOUBLE}, {@code HALF}, ...)
     * @param scale a finite factor; 1 leaves the values unchanged
     */
    public static INDArray read(Path file, DataType type, double scale) throws IOException {
        Objects.requireNonNull(type, "Idx.read: type must not be null");
        if (!type.isFPType()) {
            throw new IllegalArgumentException(
                    "Idx.read: a scaled read needs a floating-point type, received type=" + type);
        }
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("Idx.read: scale must be finite, received scale=" + scale);
        }
        INDArray out = read(file).castTo(type);
        return scale == 1.0 ? out : out.muli(scale);
    }

    private static InputStream gunzip(Path file, InputStream in) throws IOException {
        try {
            return new GZIPInputStream(in, STREAM_BUFFER);
        } catch (EOFException e) {
            throw new IOException(where(file) + "truncated gzip header", e);
        }
    }

    private static String where(Path file) {
        return "IDX file " + file + ": ";
    }

    /** One read of one file: header, payload, and the check that nothing follows. */
    private static final class Reader {
        private final Path file;
        private final InputStream in;
        private final boolean gzip;
        private final long fileSize; // -1 when unknown (gzip)
        private boolean gzipCut; // the compressed stream ended before its end marker

        Reader(Path file, InputStream in, boolean gzip, long fileSize) {
            this.file = file;
            this.in = in;
            this.gzip = gzip;
            this.fileSize = fileSize;
        }

        INDArray read() throws IOException {
            byte[] magic = new byte[4];
            int got = fill(magic, 0, 4);
            if (got < 4) {
                throw fail("truncated header: expected a 4-byte magic number, found " + got
                        + (got == 1 ? " byte" : " bytes") + cutNote());
            }
            if (magic[0] != 0 || magic[1] != 0) {
                throw fail(String.format("not an IDX file: the magic number must start with two zero bytes, "
                        + "found 0x%02x 0x%02x (gzipped files are recognised by their first bytes 1f 8b)",
                        magic[0] & 0xff, magic[1] & 0xff));
            }
            ElementType type = ElementType.of(magic[2] & 0xff);
            if (type == null) {
                throw fail(String.format("unknown data type code 0x%02x in the magic number; IDX defines "
                        + "0x08 (unsigned byte), 0x09 (signed byte), 0x0b (short), 0x0c (int), "
                        + "0x0d (float) and 0x0e (double)", magic[2] & 0xff));
            }
            int rank = magic[3] & 0xff;
            if (rank < 1 || rank > MAX_RANK) {
                throw fail("rank " + rank + " in the magic number; expected 1 to " + MAX_RANK);
            }
            long[] shape = readShape(rank);
            long expected = payloadBytes(type, shape);
            String what = "for shape " + Shape.format(shape) + " of " + type.label;
            int headerBytes = 4 + 4 * rank;

            // An uncompressed file's size is known: check it before allocating anything.
            if (fileSize >= 0 && fileSize - headerBytes < expected) {
                throw fail("expected " + expected + " bytes of data " + what + ", found "
                        + (fileSize - headerBytes) + " (the file is truncated or its header is wrong)");
            }
            byte[] data = readPayload(expected, what);
            long trailing = countRest(headerBytes + expected);
            if (trailing > 0) {
                throw fail("expected " + expected + " bytes of data " + what + ", found " + (expected + trailing)
                        + " (" + trailing + " trailing bytes after the data)");
            }
            if (gzipCut) {
                throw fail("truncated gzip stream: all " + expected + " bytes of data " + what
                        + " are present, but the compressed stream ends without its end marker and checksum");
            }
            return toArray(data, type, shape);
        }

        private long[] readShape(int rank) throws IOException {
            byte[] raw = new byte[4 * rank];
            int got = fill(raw, 0, raw.length);
            if (got < raw.length) {
                throw fail("truncated header: rank " + rank + " needs " + raw.length + " bytes of dimensions, found "
                        + got + cutNote());
            }
            ByteBuffer dims = ByteBuffer.wrap(raw).order(ByteOrder.BIG_ENDIAN);
            long[] shape = new long[rank];
            for (int i = 0; i < rank; i++) {
                int d = dims.getInt();
                if (d < 0) {
                    throw fail("dimension " + i + " is negative (" + d + " as a signed big-endian int32) in "
                            + "the header; the header is corrupt");
                }
                shape[i] = d;
            }
            return shape;
        }

        private long payloadBytes(ElementType type, long[] shape) throws IOException {
            long bytes = type.size;
            try {
                for (long d : shape) {
                    bytes = Math.multiplyExact(bytes, d);
                }
            } catch (ArithmeticException e) {
                bytes = Long.MAX_VALUE;
            }
            if (bytes > MAX_PAYLOAD_BYTES) {
                throw fail("the header's shape " + Shape.format(shape) + " of " + type.label + " needs "
                        + (bytes == Long.MAX_VALUE ? "more than 2^63" : String.valueOf(bytes))
                        + " bytes of data, more than the " + MAX_PAYLOAD_BYTES
                        + " bytes one read can hold; the header is corrupt or the file too large");
            }
            return bytes;
        }

        private byte[] readPayload(long expected, String what) throws IOException {
            // A gzip header may promise far more than the stream holds: grow the buffer as data arrives
            // rather than trusting the header with one huge allocation.
            int first = (int) (fileSize >= 0 ? expected : Math.min(expected, FIRST_CHUNK));
            byte[] data = new byte[first];
            int got = fill(data, 0, first);
            while (got == data.length && data.length < expected) {
                data = Arrays.copyOf(data, (int) Math.min(expected, 2L * data.length));
                got += fill(data, got, data.length - got);
            }
            if (got < expected) {
                throw fail("expected " + expected + " bytes of data " + what + ", found " + got
                        + (gzipCut ? " (the gzip stream is cut short: the file is truncated)"
                                : " (the file is truncated or its header is wrong)"));
            }
            return data;
        }

        /** Reads up to {@code len} bytes; fewer only at the end of the data. */
        private int fill(byte[] buf, int off, int len) throws IOException {
            int total = 0;
            while (total < len) {
                int n;
                try {
                    n = in.read(buf, off + total, len - total);
                } catch (EOFException e) {
                    // GZIPInputStream's way of saying the compressed stream stops mid-way.
                    gzipCut = true;
                    break;
                }
                if (n < 0) {
                    break;
                }
                total += n;
            }
            return total;
        }

        /** Bytes after the payload: known from the size of an uncompressed file, counted for gzip. */
        private long countRest(long consumed) throws IOException {
            if (fileSize >= 0) {
                return fileSize - consumed;
            }
            try {
                return in.transferTo(OutputStream.nullOutputStream());
            } catch (EOFException e) {
                gzipCut = true;
                return 0;
            }
        }

        private String cutNote() {
            return gzipCut ? " (the gzip stream is cut short)" : "";
        }

        private IOException fail(String problem) {
            return new IOException(where(file) + problem);
        }
    }

    /** Copies big-endian payload bytes into a new native-order array in one bulk transfer. */
    private static INDArray toArray(byte[] data, ElementType type, long[] shape) {
        INDArray out = Nd4j.createUninitialized(type.dataType, shape);
        if (out.isEmpty()) {
            return out;
        }
        ByteBuffer dst = out.data().asNio().order(ByteOrder.nativeOrder());
        ByteBuffer src = ByteBuffer.wrap(data).order(ByteOrder.BIG_ENDIAN);
        // The typed views swap the byte order; floats move as their int bit patterns.
        switch (type.size) {
            case 1 -> dst.put(src);
            case 2 -> dst.asShortBuffer().put(src.asShortBuffer());
            case 4 -> dst.asIntBuffer().put(src.asIntBuffer());
            case 8 -> dst.asLongBuffer().put(src.asLongBuffer());
            default -> throw new AssertionError("element size " + type.size);
        }
        return out;
    }
}
