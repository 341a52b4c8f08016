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
import org.keras4j.layers.rnn.LSTM;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The Keras4J peer of the LSTM benchmark, written as a Keras user would; epochs timed by a callback. */
final class Keras4jLstm implements MlpPeer {

    @Override
    public MlpPeer.Result run(FashionMnistIdx.Split train, FashionMnistIdx.Split test, int epochs, long seed) {
        Backend.setRandomSeed(seed);
        Sequential model = new Sequential(new Input(28, 28), new LSTM(128), new Dense(10, "softmax"));
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        INDArray x = train.x().reshape(train.size(), 28, 28);
        INDArray xTest = test.x().reshape(test.size(), 28, 28);

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
                System.err.printf("[keras4j lstm] epoch %d: %.2f s (%.0f samples/s) loss %.4f%n", epoch + 1, seconds,
                        train.size() / seconds, lastLoss[0]);
            }
        };
        model.fit(x, train.y(), FitOptions.epochs(epochs).batchSize(BATCH_SIZE).verbose(0).callbacks(timing));

        long t0 = System.nanoTime();
        Map<String, Double> scores = model.evaluate(xTest, test.y());
        double evalSeconds = (System.nanoTime() - t0) / 1e9;
        return new MlpPeer.Result(epochSeconds, scores.get("accuracy"), evalSeconds, lastLoss[0], model.countParams(),
                "Sequential(Input(28,28), LSTM(128), Dense(10, softmax)).fit(x, y, batch 128, verbose 0), epoch timed by a "
                        + "callback; final_loss = last epoch's mean training loss");
    }
}
