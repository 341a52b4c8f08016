package org.keras4j.benchmarks;

import java.io.IOException;
import org.keras4j.framework.data.FashionMnist;
import org.keras4j.framework.data.TrainTestData;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Fashion-MNIST as every peer of the benchmark receives it, read with the framework's loader:
 * images as a float32 matrix {@code (n, 784)} scaled to [0, 1], labels as int32 class indices.
 */
final class FashionMnistIdx {

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

    /** Reads {@code train} (60,000 examples) or {@code test} (10,000 examples). */
    static Split load(String split) throws IOException {
        TrainTestData d = FashionMnist.load();
        INDArray images = switch (split) {
            case "train" -> d.xTrain();
            case "test" -> d.xTest();
            default -> throw new IllegalArgumentException("split must be 'train' or 'test', received split=" + split);
        };
        INDArray labels = split.equals("train") ? d.yTrain() : d.yTest();
        long n = images.size(0);
        INDArray x = images.reshape('c', n, 784).castTo(DataType.FLOAT).divi(255.0f);
        return new Split(x, labels.castTo(DataType.INT32));
    }
}
