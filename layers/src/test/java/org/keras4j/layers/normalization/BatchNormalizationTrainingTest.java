package org.keras4j.layers.normalization;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.layers.core.Activation;
import org.keras4j.layers.core.Dense;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** A small MLP with BatchNormalization trains, and predict equals inference with the moving statistics. */
class BatchNormalizationTrainingTest {

    /**
     * Four Gaussian classes in 16 features whose scales span 1e-1 to 1e2 around an offset of 5: raw
     * inputs a plain MLP handles badly, the case batch normalization is for.
     */
    private static INDArray[] blobs(int n, long seed) {
        Nd4j.getRandom().setSeed(99);
        INDArray centers = Nd4j.randn(DataType.FLOAT, 4, 16).muli(1.5);
        INDArray scales = Nd4j.create(DataType.FLOAT, 1, 16);
        for (int j = 0; j < 16; j++) {
            scales.putScalar(0, j, Math.pow(10, j % 4 - 1));
        }
        Nd4j.getRandom().setSeed(seed);
        INDArray labels = Nd4j.rand(DataType.FLOAT, n).muli(4).castTo(DataType.INT64);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, 16);
        for (int i = 0; i < n; i++) {
            x.getRow(i).addi(centers.getRow(labels.getLong(i)));
        }
        x.muliRowVector(scales).addi(5);
        return new INDArray[] {x, labels};
    }

    @Test
    void mlpWithBatchNormalizationTrainsAndPredictsWithMovingStatistics() {
        Backend.setRandomSeed(42);
        INDArray[] train = blobs(2000, 1);
        INDArray[] test = blobs(500, 2);
        Dense hidden = new Dense(32);
        BatchNormalization bn = new BatchNormalization();
        Dense out = new Dense(4, "softmax");
        Sequential model = new Sequential(new Input(16), hidden, bn, new Activation("relu"), out);
        model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        model.fit(train[0], train[1], FitOptions.epochs(8).batchSize(32).verbose(0));
        Map<String, Double> scores = model.evaluate(test[0], test[1], 128, 0);
        assertTrue(scores.get("accuracy") >= 0.97, "test accuracy " + scores);

        // predict = softmax(relu(BN_inference(x W1 + b1)) W2 + b2), written out with the moving statistics
        INDArray h = test[0].mmul(hidden.kernel().value()).addiRowVector(hidden.bias().value());
        INDArray invStd = Transforms.pow(bn.movingVariance().value().add(1e-3), -0.5);
        INDArray normalized = h.subRowVector(bn.movingMean().value()).muliRowVector(invStd)
                .muliRowVector(bn.gamma().value()).addiRowVector(bn.beta().value());
        INDArray logits = Transforms.relu(normalized).mmul(out.kernel().value()).addiRowVector(out.bias().value());
        INDArray expected = Transforms.softmax(logits);
        INDArray predicted = model.predict(test[0]);
        assertTrue(expected.equalsWithEps(predicted, 1e-5), "predict must use the moving statistics");
        // and the moving statistics are those of the hidden activations, not their initial 0 / 1
        INDArray trainH = train[0].mmul(hidden.kernel().value()).addiRowVector(hidden.bias().value());
        INDArray meanGap = trainH.mean(0).subi(bn.movingMean().value());
        assertTrue(Transforms.abs(meanGap).maxNumber().doubleValue() < 0.1 * trainH.std(0).maxNumber().doubleValue() + 1e-3,
                "moving mean should track the batch means: " + meanGap);
    }
}
