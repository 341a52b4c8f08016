package org.keras4j.benchmarks;

import java.util.Map;
import org.keras4j.callbacks.EpochTimer;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;

/**
 * The Keras4J peer of every benchmark model ({@link BenchmarkModels}), written as a Keras user would:
 * {@code compile("adam", "sparse_categorical_crossentropy", "accuracy")}, then
 * {@code fit(x, y, batch 128, verbose 0)}. Epoch time is measured from {@code onEpochBegin} to
 * {@code onEpochEnd}, so it holds what Keras's epoch holds (per-epoch shuffle, batching, every train
 * step) and no evaluation (there is no validation data).
 */
final class Keras4jPeer implements MlpPeer {
    private final String model;

    Keras4jPeer(String model) {
        this.model = model;
    }

    @Override
    public Result run(FashionMnistIdx.Split train, FashionMnistIdx.Split test, int epochs, long seed) {
        Backend.setRandomSeed(seed);
        Sequential net = BenchmarkModels.build(model);
        net.compile("adam", "sparse_categorical_crossentropy", "accuracy");

        double[] lastLoss = {Double.NaN};
        EpochTimer timing = new EpochTimer() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                super.onEpochEnd(epoch, logs);
                double seconds = seconds().get(epoch);
                if (logs != null && logs.get("loss") != null) {
                    lastLoss[0] = logs.get("loss");
                }
                System.err.printf("[keras4j %s] epoch %d: %.2f s (%.0f samples/s) loss %.4f%n", model, epoch + 1, seconds,
                        train.size() / seconds, lastLoss[0]);
            }
        };
        // x float32 in [0, 1] shaped for the model; y int32 class indices (n,).
        net.fit(BenchmarkModels.inputs(model, train.x()), train.y(),
                FitOptions.epochs(epochs).batchSize(BATCH_SIZE).verbose(0).callbacks(timing));

        long t0 = System.nanoTime();
        Map<String, Double> scores = net.evaluate(BenchmarkModels.inputs(model, test.x()), test.y(), 256, 0);
        double evalSeconds = (System.nanoTime() - t0) / 1e9;
        return new Result(timing.seconds(), scores.get("accuracy"), evalSeconds, lastLoss[0], net.countParams(),
                "Sequential(" + model + ").fit(x, y, batch 128, verbose 0), epoch timed by a callback; conv2d "
                        + System.getProperty("keras4j.conv2d", "framework default") + "; final_loss = last epoch's mean "
                        + "training loss");
    }
}
