package org.keras4j.framework.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.framework.metrics.MetricTesting.mat;
import static org.keras4j.framework.metrics.MetricTesting.roundTrip;
import static org.keras4j.framework.metrics.MetricTesting.vec;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * F1Score and FBetaScore on a small multi-class example. Keras adds epsilon = 1e-7 to each
 * denominator, so the hand values below hold to about 1e-6.
 */
class F1ScoreTest {
    private static final double TOL = 1e-6;

    // Five samples, three classes; with threshold=null each sample predicts its argmax:
    // s1 -> 0, s2 -> 1, s3 -> 0, s4 -> 1, s5 -> 1.
    private static final INDArray Y_TRUE = mat(
            new double[] {1, 0, 0},
            new double[] {0, 1, 0},
            new double[] {0, 0, 1},
            new double[] {1, 0, 0},
            new double[] {0, 1, 0});
    private static final INDArray Y_PRED = mat(
            new double[] {0.7, 0.2, 0.1},
            new double[] {0.3, 0.4, 0.3},
            new double[] {0.5, 0.1, 0.4},
            new double[] {0.2, 0.5, 0.3},
            new double[] {0.1, 0.8, 0.1});
    // class 0: labels s1, s4; predicted s1, s3 -> tp 1, fp 1, fn 1 -> P 1/2, R 1/2, F1 1/2
    // class 1: labels s2, s5; predicted s2, s4, s5 -> tp 2, fp 1, fn 0 -> P 2/3, R 1, F1 0.8
    // class 2: label s3; predicted none -> tp 0 -> F1 0
    private static final double[] PER_CLASS = {0.5, 0.8, 0.0};

    @Test
    void perClassAndAverages() {
        F1Score none = new F1Score();
        none.updateState(Y_TRUE, Y_PRED, null);
        assertArrayEquals(PER_CLASS, none.resultArray(), TOL);
        assertThrows(IllegalStateException.class, none::result);

        // micro: pooled tp 3, fp 2, fn 2 -> P = R = 0.6 -> F1 0.6
        assertEquals(0.6, score("micro", Y_TRUE, Y_PRED, null), TOL);
        // macro: (0.5 + 0.8 + 0) / 3
        assertEquals(1.3 / 3, score("macro", Y_TRUE, Y_PRED, null), TOL);
        // weighted by support [2, 2, 1] / 5: 0.5 * 0.4 + 0.8 * 0.4 + 0 * 0.2 = 0.52
        assertEquals(0.52, score("weighted", Y_TRUE, Y_PRED, null), TOL);
    }

    @Test
    void sampleWeightsAndBatches() {
        // micro with weights [2, 1, 1, 1, 1]: tp = s1 (2) + s2 + s5 = 4; fp = s3 + s4 = 2;
        // fn = s3 (class 2) + s4 (class 0) = 2 -> P = R = 4/6 -> F1 2/3
        assertEquals(2.0 / 3, score("micro", Y_TRUE, Y_PRED, vec(2, 1, 1, 1, 1)), TOL);
        // the same data split over two batches gives the same per-class counts
        F1Score split = new F1Score();
        split.updateState(Y_TRUE.get(interval(0, 2)),
                Y_PRED.get(interval(0, 2)), null);
        split.updateState(Y_TRUE.get(interval(2, 5)),
                Y_PRED.get(interval(2, 5)), null);
        assertArrayEquals(PER_CLASS, split.resultArray(), TOL);
        split.resetState();
        assertArrayEquals(new double[] {0, 0, 0}, split.resultArray(), TOL);
    }

    @Test
    void argmaxTiesAndAllZeroRows() {
        // [0.4, 0.4, 0.2]: both tied maxima are predicted; [0, 0, 0] predicts nothing.
        // class 0: tp 1 (row 1); class 1: fp 1 (row 1), fn 1 (row 2); class 2: nothing
        F1Score f1 = new F1Score();
        f1.updateState(mat(new double[] {1, 0, 0}, new double[] {0, 1, 0}),
                mat(new double[] {0.4, 0.4, 0.2}, new double[] {0, 0, 0}), null);
        assertArrayEquals(new double[] {1.0, 0.0, 0.0}, f1.resultArray(), TOL);
    }

    @Test
    void thresholdAsKerasDocstring() {
        // Keras's F1Score docstring: threshold 0.5 -> predicted [[0,1,1],[0,1,1],[1,1,0]]
        // class 0: tp 1, fn 2 -> 0.5; class 1: tp 2, fp 1 -> 0.8; class 2: tp 1, fp 1 -> 2/3
        INDArray yTrue = mat(new double[] {1, 1, 1}, new double[] {1, 0, 0}, new double[] {1, 1, 0});
        INDArray yPred = mat(new double[] {0.2, 0.6, 0.7}, new double[] {0.2, 0.6, 0.6}, new double[] {0.6, 0.8, 0.0});
        F1Score f1 = new F1Score(null, 0.5);
        f1.updateState(yTrue, yPred, null);
        assertArrayEquals(new double[] {0.5, 0.8, 2.0 / 3}, f1.resultArray(), TOL);
        // FBetaScore with beta=2 on class 1: (1 + 4) * (2/3 * 1) / (4 * 2/3 + 1) = (10/3) / (11/3) = 10/11
        FBetaScore f2 = new FBetaScore(null, 2.0, 0.5, null);
        f2.updateState(yTrue, yPred, null);
        assertEquals(10.0 / 11, f2.resultArray()[1], TOL);
    }

    @Test
    void validationAndConfigs() {
        assertThrows(IllegalArgumentException.class, () -> new F1Score("mean", null));
        assertThrows(IllegalArgumentException.class, () -> new F1Score(null, 0.0));
        assertThrows(IllegalArgumentException.class, () -> new FBetaScore(null, 0, null, null));
        assertThrows(IllegalArgumentException.class, () -> new F1Score().updateState(vec(1, 0), vec(0.3, 0.2), null));
        assertEquals(false, new F1Score().getConfig().containsKey("beta"));
        roundTrip(new F1Score("macro", 0.4, "f"), Y_TRUE, Y_PRED, vec(1, 2, 1, 1, 1));
        roundTrip(new F1Score(), Y_TRUE, Y_PRED, null);
        roundTrip(new FBetaScore("weighted", 0.5, null, null), Y_TRUE, Y_PRED, null);
    }

    private static double score(String average, INDArray yTrue, INDArray yPred, INDArray w) {
        F1Score f1 = new F1Score(average, null);
        f1.updateState(yTrue, yPred, w);
        return f1.result();
    }
}
