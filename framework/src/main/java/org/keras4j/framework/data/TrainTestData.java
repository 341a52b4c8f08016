package org.keras4j.framework.data;

import java.util.Objects;
import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Training and test arrays, Keras's {@code (x_train, y_train), (x_test, y_test)}: what
 * {@link FashionMnist#load()} and {@link DataUtils#trainTestSplit} return. Axis 0 of each array is
 * the sample axis; {@code xTrain} and {@code yTrain} hold the same number of samples, as do
 * {@code xTest} and {@code yTest}.
 *
 * <pre>{@code
 * TrainTestData data = FashionMnist.load();
 * model.fit(data.xTrain().div(255), data.yTrain(), FitOptions.epochs(5));
 * }</pre>
 */
public record TrainTestData(INDArray xTrain, INDArray yTrain, INDArray xTest, INDArray yTest) {

    /** Checks that no array is missing and that inputs and targets agree in sample count. */
    public TrainTestData {
        Objects.requireNonNull(xTrain, "TrainTestData: xTrain must not be null");
        Objects.requireNonNull(yTrain, "TrainTestData: yTrain must not be null");
        Objects.requireNonNull(xTest, "TrainTestData: xTest must not be null");
        Objects.requireNonNull(yTest, "TrainTestData: yTest must not be null");
        requireSameSamples("train", xTrain, yTrain);
        requireSameSamples("test", xTest, yTest);
    }

    private static void requireSameSamples(String part, INDArray x, INDArray y) {
        if (x.rank() == 0 || y.rank() == 0 || x.size(0) != y.size(0)) {
            throw new IllegalArgumentException("TrainTestData: the " + part + " inputs and targets must hold the "
                    + "same number of samples along axis 0, received x" + part.substring(0, 1).toUpperCase()
                    + part.substring(1) + " of shape " + Shape.format(x.shape()) + " and y"
                    + part.substring(0, 1).toUpperCase() + part.substring(1) + " of shape "
                    + Shape.format(y.shape()));
        }
    }
}
