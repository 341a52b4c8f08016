package org.keras4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.RNNFormat;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
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
 * The DL4J peer of the LSTM benchmark: {@link MultiLayerNetwork} of {@code LastTimeStep(LSTM(28 -> 128,
 * tanh, sigmoid gates))} and an {@code OutputLayer(128 -> 10, softmax, MCXENT)}, Adam(1e-3, 0.9, 0.999,
 * 1e-7), XAVIER_UNIFORM weights, float32, workspaces enabled, no listeners. Sequences are fed in
 * DL4J's default NCW layout {@code (batch, features, time)}, built once before timing; each epoch
 * shuffles the DataSet in place and fits consecutive 128-example views (as {@link Dl4jMlp}).
 */
final class Dl4jLstm implements MlpPeer {

    @Override
    public MlpPeer.Result run(FashionMnistIdx.Split train, FashionMnistIdx.Split test, int epochs, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(1e-3, 0.9, 0.999, 1e-7))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list()
                .layer(new LastTimeStep(new LSTM.Builder().nIn(28).nOut(128).activation(Activation.TANH)
                        .gateActivationFunction(Activation.SIGMOID).dataFormat(RNNFormat.NCW).build()))
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nIn(128).nOut(10).activation(Activation.SOFTMAX).build())
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();

        // (n, 784) rows of pixels -> (n, time 28, features 28) -> NCW (n, 28 features, 28 steps)
        INDArray x = train.x().reshape(train.size(), 28, 28).permute(0, 2, 1).dup('c');
        INDArray labels = Nd4j.exec(new OneHot(train.y(), 10, -1, 1.0, 0.0, DataType.FLOAT))[0];
        DataSet all = new DataSet(x, labels);
        long n = train.size();
        Random shuffleSeeds = new Random(seed);
        List<Double> epochSeconds = new ArrayList<>();
        for (int epoch = 0; epoch < epochs; epoch++) {
            long t0 = System.nanoTime();
            all.shuffle(shuffleSeeds.nextLong());
            for (long start = 0; start < n; start += BATCH_SIZE) {
                long end = Math.min(n, start + BATCH_SIZE);
                net.fit(new DataSet(x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all(), NDArrayIndex.all()),
                        labels.get(NDArrayIndex.interval(start, end), NDArrayIndex.all())));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            epochSeconds.add(seconds);
            System.err.printf("[dl4j lstm] epoch %d: %.2f s (%.0f samples/s)%n", epoch + 1, seconds, n / seconds);
        }
        double finalLoss = net.score();
        long t0 = System.nanoTime();
        INDArray xTest = test.x().reshape(test.size(), 28, 28).permute(0, 2, 1).dup('c');
        INDArray predicted = net.output(xTest, false).argMax(1).castTo(DataType.INT32);
        long correct = predicted.eq(test.y()).castTo(DataType.INT32).sumNumber().longValue();
        double evalSeconds = (System.nanoTime() - t0) / 1e9;
        return new MlpPeer.Result(epochSeconds, (double) correct / test.size(), evalSeconds, finalLoss, net.numParams(),
                "MultiLayerNetwork(LastTimeStep(LSTM), OutputLayer), NCW input, workspaces ENABLED, no listeners; per epoch: "
                        + "DataSet.shuffle in place, then net.fit(DataSet) per 128-example view; final_loss = last batch score");
    }
}
