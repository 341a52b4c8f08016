package org.keras4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.callbacks.Callback;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.layers.core.Dense;

/**
 * The Keras4J peer: the reference MLP written as a Keras user would, timed by a callback.

 *
 * <p>Epoch time is measured from {@code onEpochBegin} to {@code onEpochEnd}, so it holds what Keras' epoch
 * holds (per-epoch shuffle, batching, every train step) and no evaluation (there is no validation data).
 */
final class Keras4jMlp implements MlpPeer {

    @Override
    public Result run(FashionMnistIdx.Split train, FashionMnistIdx.Split test, int epochs, long seed) {
        Backend.setRandomSeed(seed);
        Sequential model = new Sequential(new Input(784), new Dense(256, "relu"), new Dense(128, "relu"),
                new Dense(10, "softmax"));
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
                System.err.printf("[keras4j mlp] epoch %d: %.2f s (%.0f samples/s) loss %.4f%n", epoch + 1, seconds,
                        train.size() / seconds, lastLoss[0]);
            }
        };
        // x float32 (n, 784) in [0, 1]; y int32 class indices (n,).
        model.fit(train.x(), train.y(), FitOptions.epochs(epochs).batchSize(BATCH_SIZE).verbose(0).callbacks(timing));

        long t0 = System.nanoTime();
        Map<String, Double> scores = model.evaluate(test.x(), test.y());
        double evalSeconds = (System.nanoTime() - t0) / 1e9;
        return new Result(epochSeconds, scores.get("accuracy"), evalSeconds, lastLoss[0], -1,
                "Sequential.fit(x, y, batch 128, verbose 0), epoch timed by a callback; final_loss = last epoch's "
                        + "mean training loss");
    }
}
