package org.keras4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The DL4J peer: {@link MultiLayerNetwork} 784-256 relu-128 relu-10 softmax ({@code OutputLayer} with
 * {@code MCXENT}), Adam(1e-3, 0.9, 0.999, 1e-7), {@code XAVIER_UNIFORM} weights (the same U(-a, a),
 * a = sqrt(6 / (fanIn + fanOut)), as Keras' glorot_uniform), zero biases, float32.
 *
 * <p>Driven the way a DL4J user gets the most out of an in-memory data set: no listeners (a
 * ScoreIterationListener would synchronise every step), workspaces at their default (ENABLED), features and
 * one-hot labels built once before timing. Each timed epoch shuffles the whole {@link DataSet} in place
 * (DL4J's native shuffle, as a user who wants Keras' per-epoch reshuffle would) and feeds consecutive
 * 128-row views (no copies) to {@code fit}. The feed is chosen with the system property {@code dl4j.feed}:
 * <ul>
 *   <li>{@code views} (default): {@code net.fit(DataSet)} once per batch view;</li>
 *   <li>{@code iterator}: the same views through an {@code ExistingDataSetIterator} and
 *       {@code net.fit(DataSetIterator)}, DL4J's iterator path (which adds an asynchronous prefetch
 *       thread).</li>
 * </ul>
 */
final class Dl4jMlp implements MlpPeer {

    @Override
    public Result run(FashionMnistIdx.Split train, FashionMnistIdx.Split test, int epochs, long seed) {
        String feed = System.getProperty("dl4j.feed", "views");
        if (!feed.equals("views") && !feed.equals("iterator")) {
            throw new IllegalArgumentException("Dl4jMlp: dl4j.feed must be 'views' or 'iterator', received " + feed);
        }
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(1e-3, 0.9, 0.999, 1e-7))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .biasInit(0.0)
                // The defaults, spelled out: the benchmark relies on them.
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list()
                .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.RELU).build())
                .layer(new DenseLayer.Builder().nIn(256).nOut(128).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(128).nOut(10)
                        .activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();

        // Outside timing: DL4J wants one-hot float labels; the features are already float32 in [0, 1].
        INDArray x = train.x().dup('c');
        INDArray labels = Nd4j.exec(new OneHot(train.y(), 10, -1, 1.0, 0.0, DataType.FLOAT))[0];
        DataSet all = new DataSet(x, labels);
        long n = train.size();
        Random shuffleSeeds = new Random(seed);

        List<Double> epochSeconds = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            long t0 = System.nanoTime();
            all.shuffle(shuffleSeeds.nextLong());
            List<DataSet> batches = new ArrayList<>((int) ((n + BATCH_SIZE - 1) / BATCH_SIZE));
            for (long start = 0; start < n; start += BATCH_SIZE) {
                long end = Math.min(n, start + BATCH_SIZE);
                batches.add(new DataSet(
                        x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all()),
                        labels.get(NDArrayIndex.interval(start, end), NDArrayIndex.all())));
            }
            if (feed.equals("views")) {
                for (DataSet batch : batches) {
                    net.fit(batch);
                }
            } else {
                net.fit(new ExistingDataSetIterator(batches));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            epochSeconds.add(seconds);
            System.err.printf("[dl4j mlp] epoch %d: %.2f s (%.0f samples/s)%n", epoch + 1, seconds, n / seconds);
        }
        double finalLoss = net.score(); // loss of the last batch

        long t0 = System.nanoTime();
        INDArray predicted = net.output(test.x(), false).argMax(1).castTo(DataType.INT32);
        long correct = predicted.eq(test.y()).castTo(DataType.INT32).sumNumber().longValue();
        double evalSeconds = (System.nanoTime() - t0) / 1e9;
        return new Result(epochSeconds, (double) correct / test.size(), evalSeconds, finalLoss, net.numParams(),
                "MultiLayerNetwork, workspaces ENABLED, no listeners; per epoch: DataSet.shuffle in place, then "
                        + (feed.equals("views") ? "net.fit(DataSet) per 128-row view"
                        : "net.fit(ExistingDataSetIterator of 128-row views)")
                        + "; one-hot labels built before timing; final_loss = last batch score");
    }
}
