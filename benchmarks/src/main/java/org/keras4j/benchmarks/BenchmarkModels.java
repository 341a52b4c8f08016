package org.keras4j.benchmarks;

import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.Sequential;
import org.keras4j.layers.conv.Conv2D;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.pooling.MaxPooling2D;
import org.keras4j.layers.regularization.Dropout;
import org.keras4j.layers.reshaping.Flatten;
import org.keras4j.layers.rnn.GRU;
import org.keras4j.layers.rnn.LSTM;
import org.keras4j.layers.rnn.SimpleRNN;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The three benchmark networks as a Keras user writes them, and the per-sample shape each takes
 * (the data arrive as (n, 784) rows): shared by the Keras4J peer and {@link StepProfile}.
 */
final class BenchmarkModels {
    private BenchmarkModels() {
    }

    /** {@code mlp}: 784-256 relu-128 relu-10 softmax; {@code cnn}: Keras's mnist_convnet; {@code lstm}: LSTM(128) + Dense(10); {@code gru} and {@code rnn} (Keras4J only): GRU(128) or SimpleRNN(128) + Dense(10). */
    static Sequential build(String model) {
        return switch (model) {
            case "mlp" -> new Sequential(new Input(784), new Dense(256, "relu"), new Dense(128, "relu"),
                    new Dense(10, "softmax"));
            case "cnn" -> new Sequential(new Input(28, 28, 1), new Conv2D(32, 3, "relu"), new MaxPooling2D(2),
                    new Conv2D(64, 3, "relu"), new MaxPooling2D(2), new Flatten(), new Dropout(0.5),
                    new Dense(10, "softmax"));
            case "lstm" -> new Sequential(new Input(28, 28), new LSTM(128), new Dense(10, "softmax"));
            case "gru" -> new Sequential(new Input(28, 28), new GRU(128), new Dense(10, "softmax"));
            case "rnn" -> new Sequential(new Input(28, 28), new SimpleRNN(128), new Dense(10, "softmax"));
            default -> throw new IllegalArgumentException("model must be mlp, cnn, lstm, gru or rnn, received " + model);
        };
    }

    /** One sample's shape: (784), (28, 28, 1) channels-last images, or 28 timesteps of 28 features. */
    static long[] sampleShape(String model) {
        return switch (model) {
            case "mlp" -> new long[] {784};
            case "cnn" -> new long[] {28, 28, 1};
            case "lstm", "gru", "rnn" -> new long[] {28, 28};
            default -> throw new IllegalArgumentException("model must be mlp, cnn, lstm, gru or rnn, received " + model);
        };
    }

    /** {@code rows} (n, 784) reshaped to {@code model}'s input (n, sample shape...). */
    static INDArray inputs(String model, INDArray rows) {
        long[] sample = sampleShape(model);
        long[] shape = new long[sample.length + 1];
        shape[0] = rows.size(0);
        System.arraycopy(sample, 0, shape, 1, sample.length);
        return rows.reshape(shape);
    }
}
