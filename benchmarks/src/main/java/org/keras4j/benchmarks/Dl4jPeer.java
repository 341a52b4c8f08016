package org.keras4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.datasets.iterator.ExistingDataSetIterator;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;

/**
 * The DL4J peer of every benchmark model, as a {@link MultiLayerNetwork}: the same networks as
 * {@link BenchmarkModels} ({@code OutputLayer} with {@code MCXENT}; the CNN with
 * {@code ConvolutionLayer}, {@code SubsamplingLayer} and {@code DropoutLayer(0.5)} = retain 0.5, on
 * NCHW images; the LSTM as {@code LastTimeStep(LSTM)} on NCW sequences), Adam(1e-3, 0.9, 0.999,
 * 1e-7), {@code XAVIER_UNIFORM} weights (Keras's glorot_uniform), zero biases, float32.
 *
 * <p>Driven the way a DL4J user gets the most out of an in-memory data set: no listeners (a
 * ScoreIterationListener would synchronise every step), workspaces at their default (ENABLED), features and
 * one-hot labels built once before timing. Each timed epoch shuffles the whole {@link DataSet} in place
 * (DL4J's native shuffle, as a user who wants Keras's per-epoch reshuffle would) and feeds consecutive
 * 128-row views (no copies) to {@code fit}. The feed is chosen with the system property {@code dl4j.feed}:
 * <ul>
 *   <li>{@code views} (default): {@code net.fit(DataSet)} once per batch view;</li>
 *   <li>{@code iterator}: the same views through an {@code ExistingDataSetIterator} and
 *       {@code net.fit(DataSetIterator)}, DL4J's iterator path (which adds an asynchronous prefetch
 *       thread).</li>
 * </ul>
 */
final class Dl4jPeer implements MlpPeer {
    private final String model;

    Dl4jPeer(String model) {
        this.model = model;
    }

    @Override
    public Result run(FashionMnistIdx.Split train, FashionMnistIdx.Split test, int epochs, long seed) {
        String feed = System.getProperty("dl4j.feed", "views");
        if (!feed.equals("views") && !feed.equals("iterator")) {
            throw new IllegalArgumentException("Dl4jPeer: dl4j.feed must be 'views' or 'iterator', received " + feed);
        }
        MultiLayerNetwork net = new MultiLayerNetwork(configuration(seed));
        net.init();

        // Outside timing: DL4J's input layout and one-hot float labels.
        INDArray x = inputs(train.x());
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
                batches.add(new DataSet(rows(x, start, end), rows(labels, start, end)));
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
            System.err.printf("[dl4j %s] epoch %d: %.2f s (%.0f samples/s)%n", model, epoch + 1, seconds, n / seconds);
        }
        double finalLoss = net.score(); // loss of the last batch

        long t0 = System.nanoTime();
        INDArray predicted = net.output(inputs(test.x()), false).argMax(1).castTo(DataType.INT32);
        long correct = predicted.eq(test.y()).castTo(DataType.INT32).sumNumber().longValue();
        double evalSeconds = (System.nanoTime() - t0) / 1e9;
        return new Result(epochSeconds, (double) correct / test.size(), evalSeconds, finalLoss, net.numParams(),
                "MultiLayerNetwork(" + model + "), workspaces ENABLED, no listeners; per epoch: DataSet.shuffle in place, then "
                        + (feed.equals("views") ? "net.fit(DataSet) per 128-row view"
                        : "net.fit(ExistingDataSetIterator of 128-row views)")
                        + "; one-hot labels built before timing; final_loss = last batch score");
    }

    private MultiLayerConfiguration configuration(long seed) {
        NeuralNetConfiguration.ListBuilder layers = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(1e-3, 0.9, 0.999, 1e-7))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .biasInit(0.0)
                // The defaults, spelled out: the benchmark relies on them.
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list();
        OutputLayer softmax10 = new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build();
        return switch (model) {
            case "mlp" -> layers
                    .layer(new DenseLayer.Builder().nIn(784).nOut(256).activation(Activation.RELU).build())
                    .layer(new DenseLayer.Builder().nIn(256).nOut(128).activation(Activation.RELU).build())
                    .layer(softmax10)
                    .setInputType(InputType.feedForward(784))
                    .build();
            case "cnn" -> layers
                    .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build())
                    .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                    .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build())
                    .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                    .layer(new DropoutLayer.Builder(0.5).build())
                    .layer(softmax10)
                    .setInputType(InputType.convolutional(28, 28, 1))
                    .build();
            case "lstm" -> layers
                    .layer(new LastTimeStep(new LSTM.Builder().nIn(28).nOut(128).activation(Activation.TANH)
                            .gateActivationFunction(Activation.SIGMOID).dataFormat(RNNFormat.NCW).build()))
                    .layer(softmax10)
                    .setInputType(InputType.recurrent(28, 28, RNNFormat.NCW))
                    .build();
            default -> throw new IllegalArgumentException("model must be mlp, cnn or lstm, received " + model);
        };
    }

    /** (n, 784) pixel rows in DL4J's layout: as they are, NCHW images, or NCW sequences (features, steps). */
    private INDArray inputs(INDArray rows) {
        long n = rows.size(0);
        return switch (model) {
            case "cnn" -> rows.reshape(n, 1, 28, 28).dup('c');
            case "lstm" -> rows.reshape(n, 28, 28).permute(0, 2, 1).dup('c');
            default -> rows.dup('c');
        };
    }

    /** Rows [start, end) of {@code a}: a view, no copy. */
    private static INDArray rows(INDArray a, long start, long end) {
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        idx[0] = NDArrayIndex.interval(start, end);
        for (int i = 1; i < idx.length; i++) {
            idx[i] = NDArrayIndex.all();
        }
        return a.get(idx);
    }
}
