package org.keras4j.samples.examples;

import org.keras4j.framework.data.FashionMnist;
import org.keras4j.framework.data.TrainTestData;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.Sequential;
import org.keras4j.layers.conv.Conv2D;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.pooling.MaxPooling2D;
import org.keras4j.layers.regularization.Dropout;
import org.keras4j.layers.reshaping.Flatten;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Keras's "mnist_convnet" on Fashion-MNIST: Conv2D 32 3x3 relu, MaxPooling2D 2, Conv2D 64 3x3 relu,
 * MaxPooling2D 2, Flatten, Dropout 0.5, Dense 10 softmax (34,826 parameters); Adam, sparse
 * categorical cross-entropy, batch 128, validation_split 0.1. Measured test accuracy after 10 epochs
 * (oneDNN build, default seed and seeds 2 and 3): 0.896, 0.894, 0.894; training on all 60,000 images
 * ({@code --validation-split 0}): 0.898, 0.900, 0.895; 15 epochs, as in Keras's example, 0.903
 * ({@code ./keras4j example cnn --epochs 15}). PyTorch with the same semantics: 0.893 after 10 epochs.
 */
public final class CnnExample implements Example {
    @Override
    public String name() {
        return "cnn";
    }

    @Override
    public String description() {
        return "convolutional classifier (mnist_convnet) on Fashion-MNIST";
    }

    /** The network, uncompiled (shared with the benchmark and the notebook's description). */
    public static Sequential model() {
        return new Sequential(
                new Input(28, 28, 1),
                new Conv2D(32, 3, "relu"),
                new MaxPooling2D(2),
                new Conv2D(64, 3, "relu"),
                new MaxPooling2D(2),
                new Flatten(),
                new Dropout(0.5),
                new Dense(10, "softmax"));
    }

    @Override
    public Prepared prepare() throws java.io.IOException {
        TrainTestData data = FashionMnist.load();
        INDArray xTrain = data.xTrain().reshape(data.xTrain().size(0), 28, 28, 1).divi(255.0);
        INDArray xTest = data.xTest().reshape(data.xTest().size(0), 28, 28, 1).divi(255.0);
        Sequential model = model();
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        return new Prepared(model, xTrain, data.yTrain(), xTest, data.yTest(), 128, 0.1);
    }
}
