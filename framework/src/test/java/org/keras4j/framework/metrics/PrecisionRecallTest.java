package org.keras4j.framework.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keras4j.framework.metrics.MetricTesting.TOL;
import static org.keras4j.framework.metrics.MetricTesting.ints;
import static org.keras4j.framework.metrics.MetricTesting.mat;
import static org.keras4j.framework.metrics.MetricTesting.roundTrip;
import static org.keras4j.framework.metrics.MetricTesting.vec;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Precision and Recall: thresholds (strict), several thresholds, top_k with ties, class_id, weights. */
class PrecisionRecallTest {
    // Five samples: labels and scores
    private static final INDArray LABELS = ints(0, 1, 1, 0, 1);
    private static final INDArray SCORES = vec(0.2, 0.8, 0.5, 0.6, 0.3);

    @Test
    void defaultThresholdAndWeights() {
        // Keras's docstring: labels [0, 1, 1, 1], predictions [1, 0, 1, 1]: tp 2, fp 1, fn 1
        Precision p = new Precision();
        Recall r = new Recall();
        p.updateState(vec(0, 1, 1, 1), vec(1, 0, 1, 1), null);
        r.updateState(vec(0, 1, 1, 1), vec(1, 0, 1, 1), null);
        assertEquals(2.0 / 3, p.result(), TOL);
        assertEquals(2.0 / 3, r.result(), TOL);
        p.resetState();
        r.resetState();
        assertEquals(0.0, p.result(), TOL);
        p.updateState(vec(0, 1, 1, 1), vec(1, 0, 1, 1), vec(0, 0, 1, 0));
        r.updateState(vec(0, 1, 1, 1), vec(1, 0, 1, 1), vec(0, 0, 1, 0));
        assertEquals(1.0, p.result(), TOL);
        assertEquals(1.0, r.result(), TOL);
        // a second batch, labels (2,) vs predictions (2, 1): 0.7 -> tp (weight 2), 0.9 -> fp (weight 1):
        // precision tp 1 + 2, fp 0 + 1; recall tp 3, fn 0
        p.updateState(vec(1, 0), mat(new double[] {0.7}, new double[] {0.9}), vec(2, 1));
        assertEquals(3.0 / 4, p.result(), TOL);
    }

    @Test
    void severalThresholdsGiveOneValueEach() {
        // t=0.25: positive 0.8, 0.5, 0.6, 0.3 -> tp 3, fp 1, fn 0
        // t=0.5:  positive 0.8, 0.6 (0.5 is not > 0.5) -> tp 1, fp 1, fn 2
        // t=0.7:  positive 0.8 -> tp 1, fp 0, fn 2
        Precision p = new Precision(new double[] {0.25, 0.5, 0.7}, null, null, null);
        Recall r = new Recall(new double[] {0.25, 0.5, 0.7}, null, null, null);
        p.updateState(LABELS, SCORES, null);
        r.updateState(LABELS, SCORES, null);
        assertArrayEquals(new double[] {0.75, 0.5, 1.0}, p.resultArray(), TOL);
        assertArrayEquals(new double[] {1.0, 1.0 / 3, 1.0 / 3}, r.resultArray(), TOL);
        IllegalStateException e = assertThrows(IllegalStateException.class, p::result);
        assertTrue(e.getMessage().contains("resultArray"), e.getMessage());
    }

    @Test
    void evenlySpacedThresholdsTakeTheBucketedPathWithTheSameCounts() {
        // thresholds [0, 0.5, 1] are evenly spaced (Keras's bucketed path). A score of exactly 0 is
        // not > 0: t=0: positive 0.8, 0.5, 0.6, 0.3 -> tp 3, fp 1; t=0.5: tp 1, fp 1; t=1: nothing.
        INDArray scores = vec(0.0, 0.8, 0.5, 0.6, 0.3);
        assertTrue(MetricInputs.evenlyDistributed(new double[] {0, 0.5, 1}));
        assertTrue(!MetricInputs.evenlyDistributed(new double[] {0.25, 0.5, 0.7}));
        Precision p = new Precision(new double[] {0, 0.5, 1}, null, null, null);
        Recall r = new Recall(new double[] {0, 0.5, 1}, null, null, null);
        p.updateState(LABELS, scores, null);
        r.updateState(LABELS, scores, null);
        assertArrayEquals(new double[] {0.75, 0.5, 0.0}, p.resultArray(), TOL);
        assertArrayEquals(new double[] {1.0, 1.0 / 3, 0.0}, r.resultArray(), TOL);
        // with weights [1, 2, 1, 3, 1]: t=0: tp 2+1+1 = 4, fp 3; t=0.5: tp 2, fp 3
        p.resetState();
        p.updateState(LABELS, scores, vec(1, 2, 1, 3, 1));
        assertArrayEquals(new double[] {4.0 / 7, 2.0 / 5, 0.0}, p.resultArray(), TOL);
    }

    @Test
    void topKKeepsTheFirstOfTiedScores() {
        // Keras's docstring: top_k=2 of [1, 1, 1, 1] keeps indices 0 and 1, whose labels are 0 -> 0.0
        Precision top2 = new Precision(null, 2, null, null);
        top2.updateState(vec(0, 0, 1, 1), vec(1, 1, 1, 1), null);
        assertEquals(0.0, top2.result(), TOL);
        Precision top4 = new Precision(null, 4, null, null);
        top4.updateState(vec(0, 0, 1, 1), vec(1, 1, 1, 1), null);
        assertEquals(0.5, top4.result(), TOL);
        // per sample on (batch, classes):
        // row 1 top-2 = classes 3 (0.6), 1 (0.5): labels 1, 0 -> tp 1, fp 1; class 2 missed -> fn 1
        // row 2 top-2 = classes 2 (0.4), 3 (0.3): labels 0, 0 -> fp 2; class 0 missed -> fn 1
        INDArray yTrue = mat(new double[] {0, 0, 1, 1}, new double[] {1, 0, 0, 0});
        INDArray yPred = mat(new double[] {0.1, 0.5, 0.3, 0.6}, new double[] {0.2, 0.1, 0.4, 0.3});
        Precision p = new Precision(null, 2, null, null);
        Recall r = new Recall(null, 2, null, null);
        p.updateState(yTrue, yPred, null);
        r.updateState(yTrue, yPred, null);
        assertEquals(1.0 / 4, p.result(), TOL);
        assertEquals(1.0 / 3, r.result(), TOL);
        assertThrows(IllegalArgumentException.class, () -> new Precision(null, 5, null, null).updateState(yTrue, yPred, null));
    }

    @Test
    void classIdMeasuresOneColumn() {
        INDArray yTrue = mat(new double[] {0, 1, 0}, new double[] {0, 1, 0}, new double[] {1, 0, 0}, new double[] {0, 0, 1});
        INDArray yPred = mat(new double[] {0.2, 0.7, 0.1}, new double[] {0.6, 0.3, 0.1}, new double[] {0.1, 0.8, 0.1},
                new double[] {0.1, 0.2, 0.7});
        // column 1: labels [1, 1, 0, 0], scores [0.7, 0.3, 0.8, 0.2] -> positive [1, 0, 1, 0]:
        // tp = sample 0, fn = sample 1, fp = sample 2
        Precision p = new Precision(null, null, 1, null);
        Recall r = new Recall(null, null, 1, null);
        p.updateState(yTrue, yPred, null);
        r.updateState(yTrue, yPred, null);
        assertEquals(0.5, p.result(), TOL);
        assertEquals(0.5, r.result(), TOL);
        // second batch, weights [1, 3, 2, 1]: tp += 1, fn += 3, fp += 2 -> precision 2 / 5, recall 2 / 6
        p.updateState(yTrue, yPred, vec(1, 3, 2, 1));
        r.updateState(yTrue, yPred, vec(1, 3, 2, 1));
        assertEquals(2.0 / 5, p.result(), TOL);
        assertEquals(2.0 / 6, r.result(), TOL);
        // with top_k=1: column 1 survives in rows 0 and 2 only (their maxima); same positives
        Precision topOne = new Precision(null, 1, 1, null);
        topOne.updateState(yTrue, yPred, null);
        assertEquals(0.5, topOne.result(), TOL);
        assertThrows(IllegalArgumentException.class, () -> new Precision(null, null, 3, null).updateState(yTrue, yPred, null));
        assertThrows(IllegalArgumentException.class, () -> new Precision(null, null, 0, null).updateState(LABELS, SCORES, null));
    }

    @Test
    void validationAndConfigs() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Precision(1.5));
        assertTrue(e.getMessage().contains("Precision") && e.getMessage().contains("1.5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Recall(null, 0, null, null));
        assertEquals(Map.of("name", "precision"), Map.of("name", new Precision().getConfig().get("name")));
        assertEquals(0.3, new Recall(0.3).getConfig().get("thresholds"));
        assertEquals(List.of(0.25, 0.5), new Recall(new double[] {0.25, 0.5}, null, null, "r").getConfig().get("thresholds"));
        roundTrip(new Precision(0.4), LABELS, SCORES, vec(1, 2, 1, 1, 3));
        roundTrip(new Recall(new double[] {0.25, 0.5, 0.7}, null, null, "rec"), LABELS, SCORES, null);
        roundTrip(new Precision(null, 2, 1, "p"), mat(new double[] {0, 1, 0}, new double[] {1, 0, 0}),
                mat(new double[] {0.2, 0.7, 0.1}, new double[] {0.6, 0.3, 0.1}), null);
        // A Keras-written config (dtype included)
        Map<String, Object> keras = new java.util.HashMap<>();
        keras.put("name", "precision_1");
        keras.put("dtype", "float32");
        keras.put("thresholds", null);
        keras.put("top_k", null);
        keras.put("class_id", 2);
        Precision fromKeras = (Precision) Registry.get().create(Kind.METRIC, "Precision", Config.of(keras), Metric.class);
        assertEquals("precision_1", fromKeras.name());
        assertEquals(2, fromKeras.getConfig().get("class_id"));
    }
}
