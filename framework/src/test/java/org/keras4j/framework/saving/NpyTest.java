package org.keras4j.framework.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The .npy reader against files written by NumPy 2.4 (test resources), and the writer's exact bytes. */
class NpyTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = NpyTest.class.getResourceAsStream("/saving/" + name)) {
            return in.readAllBytes();
        }
    }

    private static INDArray read(byte[] b) {
        return Npy.read(b, b.length);
    }

    @Test
    void readsWhatNumpyWrote() throws IOException {
        // np.save(f, (np.arange(6, dtype='<f4').reshape(2, 3) / 4).astype('<f4'))
        INDArray a = read(resource("numpy_f4_2x3.npy"));
        assertEquals(DataType.FLOAT, a.dataType());
        assertArrayEquals(new long[] {2, 3}, a.shape());
        assertArrayEquals(new float[] {0f, 0.25f, 0.5f, 0.75f, 1f, 1.25f}, a.data().asFloat());
        // np.save(f, np.array([1.5, -2.0, 3e-300], dtype='<f8'))
        INDArray d = read(resource("numpy_f8_3.npy"));
        assertEquals(DataType.DOUBLE, d.dataType());
        assertArrayEquals(new double[] {1.5, -2.0, 3e-300}, d.data().asDouble());
        INDArray s = read(resource("numpy_f4_scalar.npy"));
        assertEquals(0, s.rank());
        assertEquals(7.25f, s.getFloat(0));
        INDArray empty = read(resource("numpy_f4_0x3.npy"));
        assertArrayEquals(new long[] {0, 3}, empty.shape());
    }

    @Test
    void refusesWhatItDoesNotSupportWithTheReason() throws IOException {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(resource("numpy_f4_fortran.npy"))).getMessage()
                .contains("Fortran-order"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(resource("numpy_i4.npy"))).getMessage()
                .contains("unsupported .npy element type '<i4'"));
        // Data files may hold integers (labels): np.save(f, np.arange(3, dtype='<i4'))
        INDArray labels = Npy.readData(resource("numpy_i4.npy"), resource("numpy_i4.npy").length);
        assertArrayEquals(new double[] {0, 1, 2}, labels.data().asDouble());
    }

    @Test
    void writerBytesAreNumpyVersion1WithAlignedHeader() {
        INDArray a = Nd4j.createFromArray(new float[][] {{1, 2, 3}, {4, 5, 6}});
        byte[] b = Npy.write(a);
        // Checked once with numpy 2.4: np.load of these bytes gives [[1,2,3],[4,5,6]] float32.
        assertEquals((byte) 0x93, b[0]);
        assertEquals("NUMPY", new String(b, 1, 5, StandardCharsets.US_ASCII));
        assertEquals(1, b[6]);
        int headerLen = (b[8] & 0xff) | (b[9] & 0xff) << 8;
        assertEquals(0, (10 + headerLen) % 64, "data aligned to 64 bytes");
        String header = new String(b, 10, headerLen, StandardCharsets.US_ASCII);
        assertTrue(header.startsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"), header);
        assertTrue(header.endsWith("\n"));
        assertEquals(10 + headerLen + 24, b.length);
        // Little-endian 1.0f = 00 00 80 3f
        assertArrayEquals(new byte[] {0, 0, (byte) 0x80, 0x3f}, Arrays.copyOfRange(b, 10 + headerLen, 10 + headerLen + 4));
        assertEquals(a, read(b));
        INDArray vec = Nd4j.createFromArray(1.0, 2.0);
        assertTrue(new String(Npy.write(vec), StandardCharsets.US_ASCII).contains("'shape': (2,), }"));
        assertEquals(vec, read(Npy.write(vec)));
        INDArray scalar = Nd4j.scalar(3.5f);
        assertEquals(scalar, read(Npy.write(scalar)));
        // A view in 'f' order is written in C order.
        INDArray t = a.transpose();
        assertEquals(t, read(Npy.write(t)));
    }

    @Test
    void hostileHeadersAndLengthsAreRefused() {
        byte[] good = Npy.write(Nd4j.createFromArray(new float[] {1, 2, 3}));
        byte[] truncated = Arrays.copyOf(good, good.length - 1);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(truncated)).getMessage().contains("needs 12"));
        byte[] longer = Arrays.copyOf(good, good.length + 4);
        assertThrows(IllegalArgumentException.class, () -> read(longer));
        byte[] magic = good.clone();
        magic[1] = 'X';
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(magic)).getMessage().contains("magic"));
        assertThrows(IllegalArgumentException.class, () -> read(Arrays.copyOf(good, 5)));
        // A shape whose byte count overflows a long.
        byte[] huge = withShape(good, "(9999999999, 9999999999, 9999999999)");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(huge)).getMessage().contains("overflows"));
        // A large but non-overflowing claim: refused by the length check, nothing allocated.
        byte[] big = withShape(good, "(100000, 100000)");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(big)).getMessage().contains("needs 40000000000"));
        byte[] bigEndian = new String(good, StandardCharsets.ISO_8859_1).replace("'<f4'", "'>f4'").getBytes(StandardCharsets.ISO_8859_1);
        assertThrows(IllegalArgumentException.class, () -> read(bigEndian));
        byte[] version = good.clone();
        version[6] = 9;
        assertTrue(assertThrows(IllegalArgumentException.class, () -> read(version)).getMessage().contains("version 9"));
    }

    /** {@code good} with its shape tuple replaced (header length adjusted). */
    private static byte[] withShape(byte[] good, String shape) {
        int headerLen = (good[8] & 0xff) | (good[9] & 0xff) << 8;
        String header = new String(good, 10, headerLen, StandardCharsets.US_ASCII).replace("(3,)", shape);
        byte[] h = header.getBytes(StandardCharsets.US_ASCII);
        byte[] out = new byte[10 + h.length + (good.length - 10 - headerLen)];
        System.arraycopy(good, 0, out, 0, 8);
        out[8] = (byte) h.length;
        out[9] = (byte) (h.length >> 8);
        System.arraycopy(h, 0, out, 10, h.length);
        System.arraycopy(good, 10 + headerLen, out, 10 + h.length, good.length - 10 - headerLen);
        return out;
    }
}
