package org.keras4j.benchmarks;

import java.util.List;

/**
 * One framework's implementation of a reference benchmark model (the {@code mlp}: 784-256 relu-128 relu-10
 * softmax; {@code cnn}: Keras's mnist_convnet; {@code lstm}: 28 timesteps x 28 features, LSTM(128), Dense(10)),
 * categorical cross-entropy, Adam(lr 1e-3, beta1 0.9, beta2 0.999, epsilon 1e-7), glorot-uniform kernels,
 * zero biases, batch 128, training data reshuffled every epoch (the models of {@code bench_torch.py}).
 *
 * <p>Implementations are found by class name from {@link MlpBenchmark}, so a peer whose source is excluded
 * from compilation is skipped instead of breaking the build.
 */
interface MlpPeer {

    /** Mini-batch size of every peer. */
    int BATCH_SIZE = 128;

    /**
     * Builds the model with {@code seed}, trains it {@code epochs} epochs on {@code train} timing every epoch
     * (training only), then measures accuracy on {@code test}.
     */
    Result run(FashionMnistIdx.Split train, FashionMnistIdx.Split test, int epochs, long seed) throws Exception;

    /**
     * What a run measured.
     *
     * @param epochSeconds wall-clock seconds of each training epoch (shuffling and batching included)
     * @param testAccuracy fraction of test examples classified correctly after training
     * @param evalSeconds seconds the test-set evaluation took (not part of any training figure)
     * @param finalLoss training loss the peer reports at the end (last batch or epoch mean; see the peer)
     * @param numParams number of trainable parameters, or -1 when the peer does not report it
     * @param notes how the peer was driven, for the result file
     */
    record Result(List<Double> epochSeconds, double testAccuracy, double evalSeconds, double finalLoss,
                  long numParams, String notes) {
    }
}
