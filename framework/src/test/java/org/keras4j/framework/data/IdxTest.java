package org.keras4j.framework.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes IDX files byte by byte (independently of the reader) and checks that {@link Idx} reads them
 * back exactly, gzipped or not, and that every kind of damage fails with a message naming the file
 * and the problem.
 */
class IdxTest {
    @TempDir
    Path dir;

    // ---- writing test files ----

    /** The header: 0, 0, type, rank, then big-endian int32 dims. */
    static byte[] header(int type, int... dims) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes); // DataOutputStream writes big-endian
        out.write(new byte[] {0, 0, (byte) type, (byte) dims.length});
        for (int d : dims) {
            out.writeInt(d);
        }
        return bytes.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] gzip(byte[] raw) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
            gz.write(raw);
        }
        return bytes.toByteArray();
    }

    Path write(String name, byte[] content, boolean gzipped) throws IOException {
        Path file = dir.resolve(name + (gzipped ? ".gz" : ""));
        Files.write(file, gzipped ? gzip(content) : content);
        return file;
    }

    interface Payload {
        void write(DataOutputStream out) throws IOException;
    }

    static byte[] payload(Payload p) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        p.write(out);
        out.flush();
        return bytes.toByteArray();
    }

    // ---- every type code, plain and gzipped ----

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void unsignedBytesRank3(boolean gz) throws IOException {
        byte[] data = {0, 1, 127, (byte) 128, (byte) 200, (byte) 255, 7, 8, 9, 10, 11, 12};
        Path f = write("u8", concat(header(0x08, 2, 2, 3), data), gz);
        INDArray a = Idx.read(f);
        assertEquals(DataType.UINT8, a.dataType());
        assertArrayEquals(new long[] {2, 2, 3}, a.shape());
        // unsigned: byte 0xC8 is 200, not -56
        assertArrayEquals(new int[] {0, 1, 127, 128, 200, 255, 7, 8, 9, 10, 11, 12},
                a.castTo(DataType.INT32).reshape(12).toIntVector());
        assertEquals(255, a.getInt(0, 1, 2));
        assertEquals(9, a.getInt(1, 0, 2));
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void signedBytes(boolean gz) throws IOException {
        Path f = write("i8", concat(header(0x09, 4), new byte[] {-128, -1, 0, 127}), gz);
        INDArray a = Idx.read(f);
        assertEquals(DataType.INT8, a.dataType());
        assertArrayEquals(new long[] {4}, a.shape());
        assertArrayEquals(new int[] {-128, -1, 0, 127}, a.castTo(DataType.INT32).toIntVector());
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void shorts(boolean gz) throws IOException {
        short[] v = {Short.MIN_VALUE, -2, 1, 258, Short.MAX_VALUE, 0};
        Path f = write("i16", concat(header(0x0B, 3, 2), payload(out -> {
            for (short s : v) {
                out.writeShort(s);
            }
        })), gz);
        INDArray a = Idx.read(f);
        assertEquals(DataType.INT16, a.dataType());
        assertArrayEquals(new long[] {3, 2}, a.shape());
        assertArrayEquals(new int[] {-32768, -2, 1, 258, 32767, 0}, a.castTo(DataType.INT32).reshape(6).toIntVector());
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void ints(boolean gz) throws IOException {
        int[] v = {Integer.MIN_VALUE, -1, 65536, Integer.MAX_VALUE};
        Path f = write("i32", concat(header(0x0C, 2, 2), payload(out -> {
            for (int i : v) {
                out.writeInt(i);
            }
        })), gz);
        INDArray a = Idx.read(f);
        assertEquals(DataType.INT32, a.dataType());
        assertArrayEquals(v, a.reshape(4).toIntVector());
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void floats(boolean gz) throws IOException {
        float[] v = {1.5f, -0.25f, Float.MAX_VALUE, Float.MIN_VALUE, -0.0f};
        Path f = write("f32", concat(header(0x0D, 5), payload(out -> {
            for (float x : v) {
                out.writeFloat(x);
            }
        })), gz);
        INDArray a = Idx.read(f);
        assertEquals(DataType.FLOAT, a.dataType());
        float[] back = a.toFloatVector();
        for (int i = 0; i < v.length; i++) { // bit-exact, including the sign of -0.0
            assertEquals(Float.floatToRawIntBits(v[i]), Float.floatToRawIntBits(back[i]), "element " + i);
        }
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void doubles(boolean gz) throws IOException {
        double[] v = {Math.PI, -1e300, 0.1, Double.MIN_VALUE, -0.0, 42};
        Path f = write("f64", concat(header(0x0E, 1, 2, 3), payload(out -> {
            for (double x : v) {
                out.writeDouble(x);
            }
        })), gz);
        INDArray a = Idx.read(f);
        assertEquals(DataType.DOUBLE, a.dataType());
        assertArrayEquals(new long[] {1, 2, 3}, a.shape());
        double[] back = a.reshape(6).toDoubleVector();
        for (int i = 0; i < v.length; i++) {
            assertEquals(Double.doubleToRawLongBits(v[i]), Double.doubleToRawLongBits(back[i]), "element " + i);
        }
    }

    @Test
    void gzipIsDetectedByContentNotName() throws IOException {
        byte[] file = concat(header(0x08, 3), new byte[] {5, 6, 7});
        Path gzNoSuffix = dir.resolve("labels-without-suffix");
        Files.write(gzNoSuffix, gzip(file));
        Path plainWithSuffix = dir.resolve("plain-but-named.gz");
        Files.write(plainWithSuffix, file);
        assertArrayEquals(new int[] {5, 6, 7}, Idx.read(gzNoSuffix).castTo(DataType.INT32).toIntVector());
        assertArrayEquals(new int[] {5, 6, 7}, Idx.read(plainWithSuffix).castTo(DataType.INT32).toIntVector());
    }

    @Test
    void castAndScaledReads() throws IOException {
        Path f = write("px", concat(header(0x08, 2, 2), new byte[] {0, 51, (byte) 204, (byte) 255}), true);
        INDArray labels = Idx.read(f, DataType.INT64);
        assertEquals(DataType.INT64, labels.dataType());
        assertArrayEquals(new long[] {0, 51, 204, 255}, labels.reshape(4).toLongVector());
        INDArray scaled = Idx.read(f, DataType.FLOAT, 1 / 255.0);
        assertEquals(DataType.FLOAT, scaled.dataType());
        // 51/255 = 0.2, 204/255 = 0.8
        assertArrayEquals(new float[] {0f, 0.2f, 0.8f, 1f}, scaled.reshape(4).toFloatVector(), 1e-7f);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Idx.read(f, DataType.INT32, 2.0));
        assertTrue(e.getMessage().contains("type=INT"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Idx.read(f, DataType.FLOAT, Double.NaN));
        assertTrue(e.getMessage().contains("scale=NaN"), e.getMessage());
    }

    @Test
    void zeroSizedDimensionGivesAnEmptyArray() throws IOException {
        INDArray a = Idx.read(write("empty", header(0x08, 0, 28, 28), false));
        assertTrue(a.isEmpty());
        assertArrayEquals(new long[] {0, 28, 28}, a.shape());
    }

    // ---- damaged files ----

    /** Reads {@code file}, expecting an IOException whose message names the file and holds every fragment. */
    static String failure(Path file, String... fragments) {
        IOException e = assertThrows(IOException.class, () -> Idx.read(file));
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), "message should name the file: " + m);
        for (String f : fragments) {
            assertTrue(m.contains(f), "message should contain '" + f + "': " + m);
        }
        return m;
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void truncatedData(boolean gz) throws IOException {
        // 3 x 4 unsigned bytes = 12 bytes promised, 7 present
        Path f = write("cut", concat(header(0x08, 3, 4), new byte[7]), gz);
        failure(f, "expected 12 bytes of data", "found 7", "(3, 4)", "unsigned byte");
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void lyingHeader(boolean gz) throws IOException {
        // the header says 1000 images of 28 x 28 = 784000 bytes; only 100 follow
        Path f = write("liar", concat(header(0x08, 1000, 28, 28), new byte[100]), gz);
        failure(f, "expected 784000 bytes of data", "found 100");
        // ints: 2 x 3 x 4 bytes = 24 promised, 10 present
        Path g = write("liar32", concat(header(0x0C, 2, 3), new byte[10]), gz);
        failure(g, "expected 24 bytes of data", "found 10", "of int");
    }

    @ParameterizedTest(name = "gzipped={0}")
    @ValueSource(booleans = {false, true})
    void trailingGarbage(boolean gz) throws IOException {
        Path f = write("tail", concat(header(0x08, 3, 4), new byte[12], "junk!".getBytes()), gz);
        failure(f, "expected 12 bytes of data", "found 17", "5 trailing bytes");
    }

    @Test
    void truncatedGzipStream() throws IOException {
        byte[] full = gzip(concat(header(0x08, 100, 28, 28), new byte[78400]));
        // keep the gzip header and part of the deflate data
        Path mid = dir.resolve("half.gz");
        Files.write(mid, Arrays.copyOf(full, full.length / 2));
        failure(mid, "expected 78400 bytes of data", "truncated");
        // every payload byte present, but the 8-byte trailer (CRC and size) is cut off
        Path noTrailer = dir.resolve("no-trailer.gz");
        Files.write(noTrailer, Arrays.copyOf(full, full.length - 8));
        failure(noTrailer, "truncated gzip");
        // only the first 5 bytes of the 10-byte gzip header
        Path headerOnly = dir.resolve("header-only.gz");
        Files.write(headerOnly, Arrays.copyOf(full, 5));
        failure(headerOnly, "gzip");
    }

    @Test
    void corruptGzip() throws IOException {
        byte[] full = gzip(concat(header(0x08, 4), new byte[] {1, 2, 3, 4}));
        byte[] badCrc = full.clone();
        badCrc[badCrc.length - 8] ^= 0x5a; // first CRC-32 byte of the trailer
        Path f = dir.resolve("crc.gz");
        Files.write(f, badCrc);
        failure(f, "corrupt gzip data");
        Path g = dir.resolve("garbage.gz");
        Files.write(g, new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, (byte) 0xff, (byte) 0xff, 1, 2, 3});
        failure(g, "gzip");
    }

    @Test
    void unknownTypeCode() throws IOException {
        Path f = write("type", concat(header(0x0A, 2), new byte[2]), false);
        failure(f, "unknown data type code 0x0a", "0x08 (unsigned byte)");
    }

    @Test
    void absurdDimensions() throws IOException {
        // 65536 x 65536 x 2 bytes = 2^33 bytes: beyond one Java array, refused before any allocation
        Path big = write("big", header(0x08, 65536, 65536, 2), true);
        failure(big, "8589934592 bytes", "(65536, 65536, 2)");
        // four dimensions of 2^31-1 doubles: the product overflows a long
        Path overflow = write("overflow", header(0x0E, Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE,
                Integer.MAX_VALUE), false);
        failure(overflow, "more than 2^63");
        // 0xFFFFFFFF as a dimension
        Path negative = write("negative", header(0x08, 3, -1), false);
        failure(negative, "dimension 1 is negative (-1");
        // a header that promises 10^9 bytes in a small uncompressed file: checked against the file size
        Path liar = write("liar-big", concat(header(0x08, 1000, 1000, 1000), new byte[16]), false);
        failure(liar, "expected 1000000000 bytes of data", "found 16");
        // the same from a gzip stream, whose size is unknown until read
        Path liarGz = write("liar-big", concat(header(0x08, 1000, 1000, 1000), new byte[16]), true);
        failure(liarGz, "expected 1000000000 bytes of data", "found 16");
    }

    @Test
    void damagedHeaders() throws IOException {
        failure(write("empty-file", new byte[0], false), "truncated header", "found 0 bytes");
        failure(write("two-bytes", new byte[] {0, 0}, false), "truncated header", "found 2 bytes");
        failure(write("not-idx", "PK\u0003\u0004rest".getBytes(), false), "not an IDX file", "0x50 0x4b");
        failure(write("rank0", new byte[] {0, 0, 8, 0}, false), "rank 0");
        // rank 3 needs 12 bytes of dimensions; 5 present
        failure(write("dims", concat(new byte[] {0, 0, 8, 3}, new byte[5]), false),
                "rank 3 needs 12 bytes of dimensions, found 5");
        failure(write("dims", concat(new byte[] {0, 0, 8, 3}, new byte[5]), true),
                "rank 3 needs 12 bytes of dimensions, found 5");
    }
}
