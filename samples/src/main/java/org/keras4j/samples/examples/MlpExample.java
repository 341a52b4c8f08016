package org.keras4j.samples.examples;

import org.keras4j.framework.data.FashionMnist;
import org.keras4j.framework.data.TrainTestData;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.Sequential;
import org.keras4j.layers.core.Dense;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The main job: Keras's classic dense classifier on Fashion-MNIST. 784-256(relu)-128(relu)-10(softmax),
 * Adam, sparse categorical cross-entropy, batch 128, validation_split 0.1; 10 epochs end at 0.872-0.888
 * test accuracy depending on the seed, 0.881 on average ({@code MlpExampleAccuracyTest}, profile {@code long}).
 */
public final class MlpExample implements Example {
    @Override
    public String name() {
        return "mlp";
    }

    @Override
    public String description() {
        return "dense classifier 784-256-128-10 on Fashion-MNIST";
    }

    @Override
    public Prepared prepare() throws java.io.IOException {
        TrainTestData data = FashionMnist.load();
        INDArray xTrain = data.xTrain().reshape(data.xTrain().size(0), 784).divi(255.0);
        INDArray xTest = data.xTest().reshape(data.xTest().size(0), 784).divi(255.0);
        Sequential model = new Sequential(
                new Input(784),
                new Dense(256, "relu"),
                new Dense(128, "relu"),
                new Dense(10, "softmax"));
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        return new Prepared(model, xTrain, data.yTrain(), xTest, data.yTest(), 128, 0.1);
    }
}
