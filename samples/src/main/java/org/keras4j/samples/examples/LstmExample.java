package org.keras4j.samples.examples;

import org.keras4j.framework.data.FashionMnist;
import org.keras4j.framework.data.TrainTestData;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.Sequential;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.rnn.LSTM;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A recurrent classifier on Fashion-MNIST: each 28x28 image read as 28 timesteps of 28 features,
 * LSTM(128) then Dense(10, softmax); Adam, sparse categorical cross-entropy, batch 128,
 * validation_split 0.1. Five epochs reached 0.862 test accuracy (measured once, default seed, oneDNN build).
 */
public final class LstmExample implements Example {
    @Override
    public String name() {
        return "lstm";
    }

    @Override
    public String description() {
        return "LSTM(128) over the 28 rows of each Fashion-MNIST image";
    }

    @Override
    public Prepared prepare() throws java.io.IOException {
        TrainTestData data = FashionMnist.load();
        INDArray xTrain = data.xTrain().reshape(data.xTrain().size(0), 28, 28).divi(255.0);
        INDArray xTest = data.xTest().reshape(data.xTest().size(0), 28, 28).divi(255.0);
        Sequential model = new Sequential(
                new Input(28, 28),
                new LSTM(128),
                new Dense(10, "softmax"));
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        return new Prepared(model, xTrain, data.yTrain(), xTest, data.yTest(), 128, 0.1);
    }
}
