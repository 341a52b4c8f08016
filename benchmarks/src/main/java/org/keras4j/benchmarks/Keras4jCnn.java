package org.keras4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.callbacks.Callback;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.layers.conv.Conv2D;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.pooling.MaxPooling2D;
import org.keras4j.layers.regularization.Dropout;
import org.keras4j.layers.reshaping.Flatten;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Keras4J peer of the CNN benchmark: Keras's mnist_convnet (Conv2D 32 3x3 relu, MaxPooling2D 2,
 * Conv2D 64 3x3 relu, MaxPooling2D 2, Flatten, Dropout 0.5, Dense 10 softmax) on (28, 28, 1)
 * channels-last images, written as a Keras user would and timed by a callback like {@link Keras4jMlp}.
 */
final class Keras4jCnn implements MlpPeer {

    @Override
    public Result run(FashionMnistIdx.Split train, FashionMnistIdx.Split test, int epochs, long seed) {
        Backend.setRandomSeed(seed);
        Sequential model = new Sequential(new Input(28, 28, 1), new Conv2D(32, 3, "relu"), new MaxPooling2D(2),
                new Conv2D(64, 3, "relu"), new MaxPooling2D(2), new Flatten(), new Dropout(0.5), new Dense(10, "softmax"));
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");

        List<Double> epochSeconds = new ArrayList<>();
        double[] lastLoss = {Double.NaN};
        Callback timing = new Callback() {
            private long start;

            @Override
            public void onEpochBegin(int epoch, Map<String, Double> logs) {
                start = System.nanoTime();
            }

            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                double seconds = (System.nanoTime() - start) / 1e9;
                epochSeconds.add(seconds);
                if (logs != null && logs.get("loss") != null) {
                    lastLoss[0] = logs.get("loss");
                }
                System.err.printf("[keras4j cnn] epoch %d: %.2f s (%.0f samples/s) loss %.4f%n", epoch + 1, seconds,
                        train.size() / seconds, lastLoss[0]);
            }
        };
        INDArray x = train.x().reshape(train.size(), 28, 28, 1);
        model.fit(x, train.y(), FitOptions.epochs(epochs).batchSize(BATCH_SIZE).verbose(0).callbacks(timing));

        long t0 = System.nanoTime();
        Map<String, Double> scores = model.evaluate(test.x().reshape(test.size(), 28, 28, 1), test.y(), 256, 0);
        double evalSeconds = (System.nanoTime() - t0) / 1e9;
        return new Result(epochSeconds, scores.get("accuracy"), evalSeconds, lastLoss[0], model.countParams(),
                "Sequential.fit(x (n, 28, 28, 1), y, batch 128, verbose 0), epoch timed by a callback; conv2d kernel "
                        + System.getProperty("keras4j.conv2d", "gemm") + "; final_loss = last epoch's mean training loss");
    }
}
