package org.keras4j.callbacks;

import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.Sequential;
import org.keras4j.layers.core.Dense;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small regression data and models for real fit runs in the callback tests. */
final class TestModels {
    private TestModels() {
    }

    /** {@code n} samples of 3 features with target y = x . (1, -2, 0.5) + 0.3. */
    static INDArray[] regression(int n, long seed) {
        Backend.setRandomSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 3).muli(2).subi(1);
        INDArray w = Nd4j.createFromArray(new float[] {1f, -2f, 0.5f}).reshape(3, 1);
        INDArray y = x.mmul(w).addi(0.3f);
        return new INDArray[] {x, y};
    }

    static Sequential linear() {
        return new Sequential(new Input(3), new Dense(1));
    }

    /** {@code n} points in [-1, 1]^2 with label 1 when x0 * x1 > 0 (needs a hidden layer). */
    static INDArray[] xor(int n, long seed) {
        Backend.setRandomSeed(seed);
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 2).muli(2).subi(1);
        INDArray y = x.getColumn(0).mul(x.getColumn(1)).gt(0).castTo(DataType.INT64);
        return new INDArray[] {x, y};
    }

    /** A 2 -> 16 -> 16 -> 2 softmax classifier for {@link #xor}. */
    static Sequential xorClassifier() {
        return new Sequential(new Input(2), new Dense(16, "relu"), new Dense(16, "relu"), new Dense(2, "softmax"));
    }
}
