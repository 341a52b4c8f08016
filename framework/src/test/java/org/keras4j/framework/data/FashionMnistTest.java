package org.keras4j.framework.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.keras4j.framework.data.IdxTest.concat;
import static org.keras4j.framework.data.IdxTest.gzip;
import static org.keras4j.framework.data.IdxTest.header;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link FashionMnist}: the real files when installed, small stand-in files, and every failure message. */
class FashionMnistTest {
    private static final Path SYSTEM = Path.of(FashionMnist.SYSTEM_DIR);

    @TempDir
    Path dir;

    @Test
    void loadsTheInstalledDataSet() throws IOException {
        assumeTrue(Files.isDirectory(SYSTEM), "Fashion-MNIST is not installed in " + SYSTEM
                + " (apt-get install dataset-fashion-mnist); skipping the real-data test");
        TrainTestData data = FashionMnist.load(SYSTEM);
        assertArrayEquals(new long[] {60000, 28, 28}, data.xTrain().shape());
        assertArrayEquals(new long[] {60000}, data.yTrain().shape());
        assertArrayEquals(new long[] {10000, 28, 28}, data.xTest().shape());
        assertArrayEquals(new long[] {10000}, data.yTest().shape());
        assertEquals(DataType.FLOAT, data.xTrain().dataType());
        assertEquals(DataType.INT64, data.yTrain().dataType());

        // raw pixel values, not scaled
        assertEquals(0.0, data.xTrain().minNumber().doubleValue());
        assertEquals(255.0, data.xTrain().maxNumber().doubleValue());
        assertEquals(0.0, data.xTest().minNumber().doubleValue());
        assertEquals(255.0, data.xTest().maxNumber().doubleValue());

        // the classes are balanced: 6000 of each in training, 1000 in test
        for (int c = 0; c < 10; c++) {
            assertEquals(6000, data.yTrain().eq(c).castTo(DataType.INT32).sumNumber().intValue(), "train class " + c);
            assertEquals(1000, data.yTest().eq(c).castTo(DataType.INT32).sumNumber().intValue(), "test class " + c);
        }
        // the first training image is an ankle boot, as in Keras's tutorials
        assertEquals(9, data.yTrain().getLong(0));
        assertEquals("Ankle boot", FashionMnist.CLASS_NAMES.get((int) data.yTrain().getLong(0)));
    }

    @Test
    void loadingTwiceGivesEqualFreshArrays() throws IOException {
        writeStandIn(dir, images(2, 3), labels(5, 6), images(1, 9), labels(7));
        TrainTestData a = FashionMnist.load(dir);
        TrainTestData b = FashionMnist.load(dir);
        assertTrue(a.xTrain() != b.xTrain(), "nothing is cached: each load returns new arrays");
        assertEquals(a.xTrain(), b.xTrain());
        a.xTrain().muli(0); // changing one load's arrays leaves the next load unaffected
        assertEquals(b.xTrain(), FashionMnist.load(dir).xTrain());
    }

    @Test
    void classNames() {
        assertEquals(List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"), FashionMnist.CLASS_NAMES);
    }

    // ---- small stand-in files ----

    /** n images whose pixel k (row-major over the whole file) is {@code (k + offset) mod 256}. */
    static byte[] images(int n, int offset) throws IOException {
        byte[] px = new byte[n * 28 * 28];
        for (int k = 0; k < px.length; k++) {
            px[k] = (byte) (k + offset);
        }
        return concat(header(0x08, n, 28, 28), px);
    }

    static byte[] labels(int... values) throws IOException {
        byte[] b = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            b[i] = (byte) values[i];
        }
        return concat(header(0x08, values.length), b);
    }

    /** Writes the four files into {@code target}, mixing gzipped and uncompressed names. */
    static void writeStandIn(Path target, byte[] trainImages, byte[] trainLabels, byte[] testImages,
            byte[] testLabels) throws IOException {
        Files.createDirectories(target);
        Files.write(target.resolve("train-images-idx3-ubyte"), trainImages);
        Files.write(target.resolve("train-labels-idx1-ubyte.gz"), gzip(trainLabels));
        Files.write(target.resolve("t10k-images-idx3-ubyte.gz"), gzip(testImages));
        Files.write(target.resolve("t10k-labels-idx1-ubyte"), testLabels);
    }

    @Test
    void loadsGzippedAndUncompressedFiles() throws IOException {
        writeStandIn(dir, images(3, 0), labels(9, 0, 3), images(2, 100), labels(1, 8));
        TrainTestData data = FashionMnist.load(dir);
        assertArrayEquals(new long[] {3, 28, 28}, data.xTrain().shape());
        assertArrayEquals(new long[] {2, 28, 28}, data.xTest().shape());
        assertArrayEquals(new long[] {9, 0, 3}, data.yTrain().toLongVector());
        assertArrayEquals(new long[] {1, 8}, data.yTest().toLongVector());
        // train pixel (0, 1, 2) is byte 1*28 + 2 = 30; image 1 pixel (0, 0) is byte 784 mod 256 = 16
        assertEquals(30.0f, data.xTrain().getFloat(0, 1, 2));
        assertEquals(16.0f, data.xTrain().getFloat(1, 0, 0));
        // test pixel (1, 27, 27) is byte (2*784 - 1 + 100) mod 256 = 1667 mod 256 = 131
        assertEquals(131.0f, data.xTest().getFloat(1, 27, 27));
    }

    @Test
    void searchPathOrder() {
        assertEquals(List.of(SYSTEM), FashionMnist.searchPath(null));
        assertEquals(List.of(SYSTEM), FashionMnist.searchPath("  "));
        assertEquals(List.of(Path.of("/data/fashion-mnist"), Path.of("/data"), SYSTEM),
                FashionMnist.searchPath("/data"));
    }

    @Test
    void firstCompleteDirectoryWins() throws IOException {
        Path partial = dir.resolve("partial");
        Files.createDirectories(partial);
        Files.write(partial.resolve("train-images-idx3-ubyte.gz"), gzip(images(1, 0)));
        Path full = dir.resolve("full");
        writeStandIn(full, images(2, 0), labels(4, 5), images(1, 0), labels(6));
        TrainTestData data = FashionMnist.loadFirst(List.of(dir.resolve("absent"), partial, full));
        assertArrayEquals(new long[] {4, 5}, data.yTrain().toLongVector());
    }

    @Test
    void missingFilesListEveryPlaceLookedAt() throws IOException {
        Path absent = dir.resolve("absent");
        Path partial = dir.resolve("partial");
        Files.createDirectories(partial);
        Files.write(partial.resolve("train-images-idx3-ubyte.gz"), gzip(images(1, 0)));
        Files.write(partial.resolve("t10k-labels-idx1-ubyte"), labels(3));
        Path plainFile = dir.resolve("a-file");
        Files.write(plainFile, new byte[] {1});
        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> FashionMnist.loadFirst(List.of(absent, partial, plainFile)));
        String m = e.getMessage();
        assertTrue(m.contains(absent + ": does not exist"), m);
        assertTrue(m.contains(partial + ": missing train-labels-idx1-ubyte[.gz], t10k-images-idx3-ubyte[.gz]"), m);
        assertFalse(m.contains("missing train-images"), m);
        assertTrue(m.contains(plainFile + ": not a directory"), m);
        assertTrue(m.contains("apt-get install dataset-fashion-mnist"), m);
        assertTrue(m.contains("KERAS4J_DATA"), m);

        // an explicit directory is the only place looked at
        e = assertThrows(FileNotFoundException.class, () -> FashionMnist.load(absent));
        assertTrue(e.getMessage().contains(absent + ": does not exist"), e.getMessage());
        assertFalse(e.getMessage().contains(FashionMnist.SYSTEM_DIR), e.getMessage());
    }

    @Test
    void inconsistentFilesAreRejected() throws IOException {
        Path counts = dir.resolve("counts");
        writeStandIn(counts, images(3, 0), labels(1, 2), images(1, 0), labels(0));
        IOException e = assertThrows(IOException.class, () -> FashionMnist.load(counts));
        assertTrue(e.getMessage().contains("holds 2 labels, but " + counts.resolve("train-images-idx3-ubyte")
                + " holds 3 images"), e.getMessage());

        Path range = dir.resolve("range");
        writeStandIn(range, images(2, 0), labels(3, 10), images(1, 0), labels(0));
        e = assertThrows(IOException.class, () -> FashionMnist.load(range));
        assertTrue(e.getMessage().contains("train-labels-idx1-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains("class indices 0..9, found values from 3 to 10"), e.getMessage());

        Path size = dir.resolve("size");
        writeStandIn(size, concat(header(0x08, 1, 27, 27), new byte[27 * 27]), labels(1), images(1, 0), labels(0));
        e = assertThrows(IOException.class, () -> FashionMnist.load(size));
        assertTrue(e.getMessage().contains("expected images of shape (n, 28, 28), found shape (1, 27, 27)"),
                e.getMessage());

        Path broken = dir.resolve("broken");
        writeStandIn(broken, images(1, 0), labels(1), images(1, 0), labels(0));
        Files.write(broken.resolve("t10k-labels-idx1-ubyte"), concat(header(0x08, 5), new byte[2]));
        e = assertThrows(IOException.class, () -> FashionMnist.load(broken));
        assertTrue(e.getMessage().contains("expected 5 bytes of data"), e.getMessage());
        // every content error says how to repair the files too
        assertTrue(e.getMessage().contains("The Fashion-MNIST files in " + broken + " are damaged"), e.getMessage());
        assertTrue(e.getMessage().contains("apt-get install --reinstall dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("KERAS4J_DATA"), e.getMessage());
    }

    @Test
    void labelsAreInt64AndImagesRawFloats() throws IOException {
        writeStandIn(dir, images(1, 250), labels(7), images(1, 0), labels(2));
        TrainTestData data = FashionMnist.load(dir);
        INDArray x = data.xTrain();
        assertEquals(DataType.FLOAT, x.dataType());
        // pixels 250..255 then wrapping to 0: raw values, not divided by 255
        assertEquals(255.0f, x.getFloat(0, 0, 5));
        assertEquals(0.0f, x.getFloat(0, 0, 6));
        assertEquals(DataType.INT64, data.yTrain().dataType());
    }
}
