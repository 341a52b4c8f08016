package org.keras4j.benchmarks;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.WorkspaceMode;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.SubsamplingLayer;
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
 * The DL4J peer of the CNN benchmark: the same network as {@link BenchmarkModels} as a
 * {@link MultiLayerNetwork} (ConvolutionLayer 3x3 32 relu, SubsamplingLayer MAX 2x2, ConvolutionLayer 3x3
 * 64 relu, SubsamplingLayer MAX 2x2, DropoutLayer(retain 0.5, i.e. Keras's rate 0.5), OutputLayer MCXENT
 * softmax), Adam(1e-3, 0.9, 0.999, 1e-7), XAVIER_UNIFORM, zero biases, float32, fed the way
 * {@link Dl4jMlp} is (whole-set shuffle per epoch, 128-row views, no listeners). Images are (n, 1, 28, 28):
 * with one channel the NCHW and NHWC memory layouts are the same.
 */
final class Dl4jCnn implements MlpPeer {

    @Override
    public Result run(FashionMnistIdx.Split train, FashionMnistIdx.Split test, int epochs, long seed) {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(DataType.FLOAT)
                .updater(new Adam(1e-3, 0.9, 0.999, 1e-7))
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .biasInit(0.0)
                .trainingWorkspaceMode(WorkspaceMode.ENABLED)
                .inferenceWorkspaceMode(WorkspaceMode.ENABLED)
                .list()
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(32).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new ConvolutionLayer.Builder(3, 3).nOut(64).activation(Activation.RELU).build())
                .layer(new SubsamplingLayer.Builder(SubsamplingLayer.PoolingType.MAX).kernelSize(2, 2).stride(2, 2).build())
                .layer(new DropoutLayer.Builder(0.5).build())
                .layer(new OutputLayer.Builder(LossFunction.MCXENT).nOut(10).activation(Activation.SOFTMAX).build())
                .setInputType(InputType.convolutional(28, 28, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();

        INDArray x = train.x().reshape(train.size(), 1, 28, 28).dup('c');
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
                net.fit(new DataSet(x.get(NDArrayIndex.interval(start, end), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()),
                        labels.get(NDArrayIndex.interval(start, end), NDArrayIndex.all())));
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            epochSeconds.add(seconds);
            System.err.printf("[dl4j cnn] epoch %d: %.2f s (%.0f samples/s)%n", epoch + 1, seconds, n / seconds);
        }
        double finalLoss = net.score();

        long t0 = System.nanoTime();
        INDArray predicted = net.output(test.x().reshape(test.size(), 1, 28, 28), false).argMax(1).castTo(DataType.INT32);
        long correct = predicted.eq(test.y()).castTo(DataType.INT32).sumNumber().longValue();
        double evalSeconds = (System.nanoTime() - t0) / 1e9;
        return new Result(epochSeconds, (double) correct / test.size(), evalSeconds, finalLoss, net.numParams(),
                "MultiLayerNetwork, workspaces ENABLED, no listeners; per epoch: DataSet.shuffle in place, then "
                        + "net.fit(DataSet) per 128-row view; final_loss = last batch score");
    }
}
