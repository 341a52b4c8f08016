package org.keras4j.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Minimal reader of the Fashion-MNIST IDX files (gzip-compressed, as the Debian package
 * {@code dataset-fashion-mnist} installs them in {@code /usr/share/datasets/fashion-mnist}).
 *
 * <p>Images become a float32 matrix {@code (n, 784)} scaled to [0, 1] ({@code pixel / 255}); labels
 * become an int32 vector {@code (n,)} of class indices 0..9. The directory can be overridden with the
 * environment variable {@code FMNIST_DIR}, as in {@code bench_torch.py}.
 *
 * <p>TODO: switch to {@code org.keras4j.framework.data.FashionMnist} once the framework's data loader
 * is merged; this private copy only exists so that the benchmark does not wait for it.
 */
final class FashionMnistIdx {

    /** Default location of the Debian package's files. */
    static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";

    /** One split: {@code x} float32 (n, 784) in [0, 1], {@code y} int32 (n,) class indices. */
    record Split(INDArray x, INDArray y) {
        long size() {
            return y.length();
        }

        /** The first {@code n} examples (a copy), or this split if {@code n} is 0 or not smaller. */
        Split head(long n) {
            if (n <= 0 || n >= size()) {
                return this;
            }
            return new Split(x.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup('c'),
                    y.get(NDArrayIndex.interval(0, n)).dup());
        }
    }

    private FashionMnistIdx() {
    }

    static Path directory() {
        String dir = System.getenv("FMNIST_DIR");
        return Path.of(dir == null || dir.isEmpty() ? DEFAULT_DIR : dir);
    }

    /** Reads {@code train} (60,000 examples) or {@code test} (10,000 examples). */
    static Split load(String split) throws IOException {
        String prefix = switch (split) {
            case "train" -> "train";
            case "test" -> "t10k";
            default -> throw new IllegalArgumentException(
                    "FashionMnistIdx: split must be 'train' or 'test', received split=" + split);
        };
        Path dir = directory();
        INDArray images = readIdx(dir.resolve(prefix + "-images-idx3-ubyte.gz"), 3);
        INDArray labels = readIdx(dir.resolve(prefix + "-labels-idx1-ubyte.gz"), 1);
        long n = images.size(0);
        if (labels.length() != n) {
            throw new IOException("FashionMnistIdx: " + n + " images but " + labels.length() + " labels in " + dir);
        }
        INDArray x = images.reshape('c', n, images.size(1) * images.size(2)).castTo(DataType.FLOAT).divi(255.0f);
        INDArray y = labels.castTo(DataType.INT32);
        return new Split(x, y);
    }

    /** An unsigned-byte IDX file as a UINT8 array of its declared shape. */
    private static INDArray readIdx(Path file, int expectedRank) throws IOException {
        byte[] bytes;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file), 1 << 16)) {
            bytes = in.readAllBytes();
        }
        ByteBuffer header = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        int zero = header.getShort() & 0xFFFF;
        int type = header.get() & 0xFF;
        int rank = header.get() & 0xFF;
        if (zero != 0 || type != 0x08 || rank != expectedRank) {
            throw new IOException("FashionMnistIdx: " + file + " is not an unsigned-byte IDX file of rank "
                    + expectedRank + " (magic type=0x" + Integer.toHexString(type) + ", rank=" + rank + ")");
        }
        long[] shape = new long[rank];
        long count = 1;
        for (int i = 0; i < rank; i++) {
            shape[i] = header.getInt() & 0xFFFFFFFFL;
            count *= shape[i];
        }
        int offset = 4 + 4 * rank;
        if (bytes.length - offset != count) {
            throw new IOException("FashionMnistIdx: " + file + " holds " + (bytes.length - offset)
                    + " data bytes, expected " + count);
        }
        // ND4J has no unsigned-byte factory for a Java array: read the bytes as int8 and cast to uint8, which
        // wraps -128..-1 back to 128..255 (a bit-preserving conversion).
        INDArray signed = Nd4j.createFromArray(Arrays.copyOfRange(bytes, offset, bytes.length));
        return signed.castTo(DataType.UINT8).reshape('c', shape);
    }
}
