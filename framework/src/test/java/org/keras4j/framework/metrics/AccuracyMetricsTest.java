package org.keras4j.framework.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keras4j.framework.metrics.MetricTesting.TOL;
import static org.keras4j.framework.metrics.MetricTesting.ints;
import static org.keras4j.framework.metrics.MetricTesting.mat;
import static org.keras4j.framework.metrics.MetricTesting.roundTrip;
import static org.keras4j.framework.metrics.MetricTesting.vec;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The accuracy family: thresholds, argmax ties, sparse label layouts, top-k, weights over two batches. */
class AccuracyMetricsTest {
    private static final INDArray TIED_PRED = mat(
            new double[] {0.4, 0.4, 0.2},   // tie between 0 and 1: argmax is 0
            new double[] {0.5, 0.5, 0.0},   // tie: argmax 0
            new double[] {0.1, 0.2, 0.7});  // argmax 2

    @Test
    void binaryAccuracyThresholdIsStrictAndWeightsSpanBatches() {
        BinaryAccuracy m = new BinaryAccuracy();
        // Keras's docstring example
        m.updateState(mat(new double[] {1}, new double[] {1}, new double[] {0}, new double[] {0}),
                mat(new double[] {0.98}, new double[] {1}, new double[] {0}, new double[] {0.6}), null);
        assertEquals(0.75, m.result(), TOL);
        m.resetState();
        // batch 1: int labels (4,) against (4, 1); 0.5 is not > 0.5 -> predicted [0, 0, 1, 0],
        // matches [0, 1, 1, 1], weights [1, 2, 1, 1]: total 4, count 5
        m.updateState(ints(1, 0, 1, 0), mat(new double[] {0.5}, new double[] {0.5}, new double[] {0.7}, new double[] {0.2}),
                vec(1, 2, 1, 1));
        assertEquals(0.8, m.result(), TOL);
        // batch 2, multi-label: predicted [[1, 1], [0, 1]], matches [[1, 0], [1, 1]] -> per sample [0.5, 1];
        // weights [2, 1]: total 4 + 2, count 5 + 3
        m.updateState(mat(new double[] {1, 0}, new double[] {0, 1}), mat(new double[] {0.9, 0.6}, new double[] {0.4, 0.51}),
                vec(2, 1));
        assertEquals(6.0 / 8, m.result(), TOL);

        BinaryAccuracy logits = new BinaryAccuracy(0.0);
        logits.updateState(vec(1, 0, 1), vec(2.0, -1.0, -0.5), null); // predicted [1, 0, 0]
        assertEquals(2.0 / 3, logits.result(), TOL);
    }

    @Test
    void categoricalAccuracyTakesTheFirstOfTiedMaxima() {
        CategoricalAccuracy m = new CategoricalAccuracy();
        // true classes [1, 0, 2], predicted [0, 0, 2]: matches [0, 1, 1]; weights [1, 2, 3] -> 5 / 6
        m.updateState(mat(new double[] {0, 1, 0}, new double[] {1, 0, 0}, new double[] {0, 0, 1}), TIED_PRED, vec(1, 2, 3));
        assertEquals(5.0 / 6, m.result(), TOL);
        // batch 2: all tied -> predicted 0, true 2: miss with weight 2 -> 5 / 8
        m.updateState(mat(new double[] {0, 0, 1}), mat(new double[] {0.3, 0.3, 0.3}), vec(2));
        assertEquals(5.0 / 8, m.result(), TOL);
        assertThrows(IllegalArgumentException.class, () -> m.updateState(vec(1, 0, 2), TIED_PRED, null));
    }

    @Test
    void sparseCategoricalAccuracyAcceptsEveryLabelLayout() {
        SparseCategoricalAccuracy m = new SparseCategoricalAccuracy();
        // int labels (3,): [1, 0, 2] vs argmax [0, 0, 2] -> 2 of 3
        m.updateState(ints(1, 0, 2), TIED_PRED, null);
        assertEquals(2.0 / 3, m.result(), TOL);
        // long labels (2, 1), Keras's docstring batch: argmax [1, 1] vs [2, 1] -> [0, 1]; weights [0.7, 0.3]
        INDArray labels = Nd4j.createFromArray(new long[][] {{2}, {1}});
        m.updateState(labels, mat(new double[] {0.1, 0.6, 0.3}, new double[] {0.05, 0.95, 0}), vec(0.7, 0.3));
        assertEquals((2 + 0.3) / (3 + 1.0), m.result(), TOL);
        // the same batches as float32 predictions, which take the host pass: same ties, layouts, weights
        SparseCategoricalAccuracy host = new SparseCategoricalAccuracy();
        host.updateState(ints(1, 0, 2), TIED_PRED.castTo(DataType.FLOAT), null);
        host.updateState(labels, mat(new double[] {0.1, 0.6, 0.3}, new double[] {0.05, 0.95, 0}).castTo(DataType.FLOAT), vec(0.7, 0.3));
        assertEquals(m.result(), host.result(), 1e-12);
        // float labels and float32 predictions
        m.resetState();
        m.updateState(vec(2.0, 1.0), mat(new double[] {0.1, 0.6, 0.3}, new double[] {0.05, 0.95, 0}).castTo(DataType.FLOAT), null);
        assertEquals(0.5, m.result(), TOL);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> m.updateState(ints(1, 2), TIED_PRED, null));
        assertTrue(e.getMessage().contains("SparseCategoricalAccuracy"), e.getMessage());
        // unweighted (batch, 1) labels with float32 predictions are counted on the host: [1, 1] vs [2, 1] -> 1 of 2
        SparseCategoricalAccuracy counted = new SparseCategoricalAccuracy();
        INDArray twoRows = mat(new double[] {0.1, 0.6, 0.3}, new double[] {0.05, 0.95, 0}).castTo(DataType.FLOAT);
        counted.updateState(labels, twoRows, null);
        assertEquals(0.5, counted.result(), TOL);
        // and labels that do not fit the batch still fail with the metric's name
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> counted.updateState(ints(1, 2, 0), twoRows, null));
        assertTrue(e2.getMessage().contains("SparseCategoricalAccuracy"), e2.getMessage());
    }

    @Test
    void topKCountsTiesAtTheBoundaryForTheTarget() {
        TopKCategoricalAccuracy m = new TopKCategoricalAccuracy(2);
        INDArray pred = mat(
                new double[] {0.1, 0.5, 0.4, 0.0},   // target 2: one class above -> found
                new double[] {0.3, 0.3, 0.3, 0.1},   // target 0: tied, none above -> found
                new double[] {0.6, 0.1, 0.2, 0.1});  // target 1: two above -> missed
        INDArray oneHot = mat(new double[] {0, 0, 1, 0}, new double[] {1, 0, 0, 0}, new double[] {0, 1, 0, 0});
        m.updateState(oneHot, pred, null);
        assertEquals(2.0 / 3, m.result(), TOL);
        // weights [1, 1, 2]: (1 + 1) / 4
        m.resetState();
        m.updateState(oneHot, pred, vec(1, 1, 2));
        assertEquals(0.5, m.result(), TOL);
        // Keras's docstring example with k=1 and weights [0.7, 0.3]
        TopKCategoricalAccuracy k1 = new TopKCategoricalAccuracy(1);
        k1.updateState(mat(new double[] {0, 0, 1}, new double[] {0, 1, 0}),
                mat(new double[] {0.1, 0.9, 0.8}, new double[] {0.05, 0.95, 0}), vec(0.7, 0.3));
        assertEquals(0.3, k1.result(), TOL);
        // default k=5 over 4 classes: always found
        TopKCategoricalAccuracy k5 = new TopKCategoricalAccuracy();
        k5.updateState(oneHot, pred, null);
        assertEquals(1.0, k5.result(), TOL);
    }

    @Test
    void sparseTopKWithBothLabelShapesAndSortedIds() {
        SparseTopKCategoricalAccuracy m = new SparseTopKCategoricalAccuracy(1);
        INDArray pred = mat(new double[] {0.1, 0.9, 0.8}, new double[] {0.05, 0.95, 0});
        m.updateState(ints(2, 1), pred, null);                      // [0, 1]
        assertEquals(0.5, m.result(), TOL);
        m.updateState(Nd4j.createFromArray(new long[][] {{2}, {1}}), pred, vec(0.7, 0.3)); // total 1.3, count 3
        assertEquals(1.3 / 3, m.result(), TOL);
        // k=2: row 1, label 2 (0.8) has one score above (0.9) -> found; row 2, label 2 (0.0) has two
        // above (0.05, 0.95) -> missed
        SparseTopKCategoricalAccuracy k2 = new SparseTopKCategoricalAccuracy(2);
        k2.updateState(vec(2, 2), pred, null);
        assertEquals(0.5, k2.result(), TOL);
        // from_sorted_ids (Keras's docstring): first id of [1, 0, 3] is not 2; of [1, 2, 3] is 1
        SparseTopKCategoricalAccuracy sorted = new SparseTopKCategoricalAccuracy(null, 1, true);
        sorted.updateState(ints(2, 1), mat(new double[] {1, 0, 3}, new double[] {1, 2, 3}), null);
        assertEquals(0.5, sorted.result(), TOL);
        assertThrows(IllegalArgumentException.class, () -> k2.updateState(vec(3, 0), pred, null));
        assertThrows(IllegalArgumentException.class, () -> new SparseTopKCategoricalAccuracy(0));
    }

    @Test
    void exactMatchAccuracy() {
        Accuracy m = new Accuracy();
        // Keras's docstring: [[1], [2], [3], [4]] vs [[0], [2], [3], [4]] with weights [1, 1, 0, 0] -> 0.5
        m.updateState(mat(new double[] {1}, new double[] {2}, new double[] {3}, new double[] {4}),
                mat(new double[] {0}, new double[] {2}, new double[] {3}, new double[] {4}), vec(1, 1, 0, 0));
        assertEquals(0.5, m.result(), TOL);
    }

    @Test
    void configRoundTrips() {
        INDArray oneHot = mat(new double[] {0, 1, 0}, new double[] {1, 0, 0}, new double[] {0, 0, 1});
        roundTrip(new BinaryAccuracy("b", 0.3), oneHot, TIED_PRED, null);
        roundTrip(new CategoricalAccuracy("c"), oneHot, TIED_PRED, vec(1, 2, 3));
        roundTrip(new SparseCategoricalAccuracy(), ints(1, 0, 2), TIED_PRED, null);
        roundTrip(new TopKCategoricalAccuracy("t", 2), oneHot, TIED_PRED, null);
        roundTrip(new SparseTopKCategoricalAccuracy("s", 2, false), ints(1, 0, 2), TIED_PRED, null);
        roundTrip(new SparseTopKCategoricalAccuracy("s", 1, true), ints(1, 0), mat(new double[] {1, 0}, new double[] {0, 1}), null);
        roundTrip(new Accuracy(), vec(1, 2), vec(1, 3), null);
        assertEquals(0.3, ((BinaryAccuracy) roundTrip(new BinaryAccuracy("b", 0.3), oneHot, TIED_PRED, null)).threshold(), 0);
    }
}
