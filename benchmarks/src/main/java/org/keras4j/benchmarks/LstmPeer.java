package org.keras4j.benchmarks;

/**
 * One framework's implementation of the reference LSTM benchmark: each Fashion-MNIST image as 28
 * timesteps of 28 features, LSTM(128) (tanh, sigmoid gates, last output only), Dense(10, softmax),
 * categorical cross-entropy, Adam(1e-3, 0.9, 0.999, 1e-7), glorot-uniform kernels, batch 128,
 * training data reshuffled every epoch (the {@code lstm} model of {@code ../shared/bench/bench_torch.py}).
 * Peers are found by class name from {@link LstmBenchmark}.
 */
interface LstmPeer {
    int BATCH_SIZE = 128;

    /** Builds the model with {@code seed}, trains {@code epochs} epochs timing each, then measures test accuracy. */
    MlpPeer.Result run(FashionMnistIdx.Split train, FashionMnistIdx.Split test, int epochs, long seed) throws Exception;
}
