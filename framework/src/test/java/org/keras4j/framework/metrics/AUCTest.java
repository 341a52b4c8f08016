package org.keras4j.framework.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.keras4j.framework.metrics.MetricTesting.TOL;
import static org.keras4j.framework.metrics.MetricTesting.roundTrip;
import static org.keras4j.framework.metrics.MetricTesting.vec;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * AUC against hand-computed areas. The tiny example, with 5 thresholds
 * [-eps, 0.25, 0.5, 0.75, 1+eps]:
 * <pre>
 * labels      0    1    0    1    1    0
 * scores     0.1  0.9  0.6  0.4  0.8  0.3
 *
 * threshold  tp fp tn fn   TPR   FPR
 * -eps        3  3  0  0   1     1
 * 0.25        3  2  1  0   1     2/3
 * 0.5         2  1  2  1   2/3   1/3
 * 0.75        2  0  3  1   2/3   0
 * 1+eps       0  0  3  3   0     0
 * </pre>
 */
class AUCTest {
    private static final INDArray LABELS = vec(0, 1, 0, 1, 1, 0);
    private static final INDArray SCORES = vec(0.1, 0.9, 0.6, 0.4, 0.8, 0.3);
    private static final INDArray SEPARABLE_LABELS = vec(0, 0, 0, 1, 1, 1);
    private static final INDArray SEPARABLE_SCORES = vec(0.1, 0.2, 0.3, 0.7, 0.8, 0.9);
    // ROC trapezoids: (1 - 2/3)(1 + 1)/2 + (2/3 - 1/3)(1 + 2/3)/2 + (1/3 - 0)(2/3 + 2/3)/2 + 0 = 15/18
    private static final double TINY_ROC = 15.0 / 18;
    // PR interpolation with tp = [3,3,2,2,0], P = tp + fp = [6,5,3,2,0], fn = [0,0,1,1,3]:
    //   interval 0: dtp 0 -> 0
    //   interval 1: dtp 1, dP 2, slope 1/2, intercept 2 - 3/2 = 1/2, log(5/3): 1/2 (1 + 1/2 log(5/3)) / (2 + 1)
    //   interval 2: dtp 0 -> 0
    //   interval 3: dtp 2, dP 2, slope 1, intercept 0, P_B = 0 so no log term: 1 * 2 / (0 + 3)
    private static final double TINY_PR = 0.5 * (1 + 0.5 * Math.log(5.0 / 3)) / 3 + 2.0 / 3;

    private static AUC auc(int thresholds, String curve) {
        return AUC.builder().numThresholds(thresholds).curve(curve).build();
    }

    @Test
    void kerasDocstringExample() {
        AUC m = auc(3, "ROC");
        m.updateState(vec(0, 0, 1, 1), vec(0, 0.5, 0.3, 0.9), null);
        assertEquals(0.75, m.result(), TOL);
        m.resetState();
        m.updateState(vec(0, 0, 1, 1), vec(0, 0.5, 0.3, 0.9), vec(1, 0, 0, 1));
        assertEquals(1.0, m.result(), TOL);
    }

    @Test
    void rocAndPrOnTheTinyExample() {
        AUC roc = auc(5, "ROC");
        roc.updateState(LABELS, SCORES, null);
        assertEquals(TINY_ROC, roc.result(), TOL);
        AUC pr = auc(5, "PR");
        pr.updateState(LABELS, SCORES, null);
        assertEquals(TINY_PR, pr.result(), TOL);
        // Riemann sums of precision [1/2, 3/5, 2/3, 1, 0] over recall [1, 1, 2/3, 2/3, 0]:
        // widths [0, 1/3, 0, 2/3]; majoring heights [3/5, 2/3, 1, 1] -> 2/9 + 2/3; minoring [1/2, 3/5, 2/3, 0] -> 1/5
        AUC major = AUC.builder().numThresholds(5).curve("PR").summationMethod("majoring").build();
        AUC minor = AUC.builder().numThresholds(5).curve("pr").summationMethod("minoring").build();
        major.updateState(LABELS, SCORES, null);
        minor.updateState(LABELS, SCORES, null);
        assertEquals(2.0 / 9 + 2.0 / 3, major.result(), TOL);
        assertEquals(1.0 / 5, minor.result(), TOL);
    }

    @Test
    void accumulatesAcrossBatchesAndHandlesLogitsAndShapes() {
        AUC roc = auc(5, "ROC");
        roc.updateState(LABELS.get(interval(0, 4)),
                SCORES.get(interval(0, 4)), null);
        // labels (2,) against scores (2, 1), int labels
        roc.updateState(Nd4j.createFromArray(1, 0), SCORES.get(interval(4, 6)).reshape(2, 1), null);
        assertEquals(TINY_ROC, roc.result(), TOL);
        // logits log(p / (1 - p)) with from_logits=true give the same counts
        INDArray logits = Transforms.log(SCORES.div(SCORES.rsub(1.0)), false);
        AUC fromLogits = AUC.builder().numThresholds(5).fromLogits(true).build();
        fromLogits.updateState(LABELS, logits, null);
        assertEquals(TINY_ROC, fromLogits.result(), TOL);
        // float32 scores
        AUC f32 = auc(5, "ROC");
        f32.updateState(LABELS, SCORES.castTo(DataType.FLOAT), null);
        assertEquals(TINY_ROC, f32.result(), TOL);
    }

    @Test
    void separableIsOneAndRandomIsAboutHalf() {
        AUC roc = new AUC();
        roc.updateState(SEPARABLE_LABELS, SEPARABLE_SCORES, null);
        assertEquals(1.0, roc.result(), TOL);
        AUC pr = AUC.builder().curve("PR").build();
        pr.updateState(SEPARABLE_LABELS, SEPARABLE_SCORES, null);
        assertEquals(1.0, pr.result(), TOL);
        // inverted scores: every positive ranks below every negative
        AUC inverted = new AUC();
        inverted.updateState(SEPARABLE_LABELS, SEPARABLE_SCORES.rsub(1.0), null);
        assertEquals(0.0, inverted.result(), TOL);

        Random rnd = new Random(7);
        double[] labels = new double[4000];
        double[] scores = new double[4000];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = rnd.nextBoolean() ? 1 : 0;
            scores[i] = rnd.nextDouble();
        }
        AUC random = new AUC();
        random.updateState(vec(labels), vec(scores), null);
        assertEquals(0.5, random.result(), 0.03);
    }

    @Test
    void explicitThresholdsEvenAndUneven() {
        // [0.25, 0.5, 0.75] with the endpoints is evenly spaced: the same counts as num_thresholds=5
        AUC even = AUC.builder().thresholds(0.75, 0.25, 0.5).build();
        even.updateState(LABELS, SCORES, null);
        assertEquals(TINY_ROC, even.result(), TOL);
        assertEquals(5, even.getConfig().get("num_thresholds"));
        assertEquals(List.of(0.25, 0.5, 0.75), even.getConfig().get("thresholds"));
        // [0.35, 0.5] is not (direct comparison path): TPR [1, 1, 2/3, 0], FPR [1, 1/3, 1/3, 0]
        // -> (2/3)(1 + 1)/2 + 0 + (1/3)(2/3 + 0)/2 = 2/3 + 1/9
        AUC uneven = AUC.builder().thresholds(0.35, 0.5).build();
        uneven.updateState(LABELS, SCORES, null);
        assertEquals(2.0 / 3 + 1.0 / 9, uneven.result(), TOL);
        // the direct path, PR interpolation: tp [3,3,2,0], fp [3,1,1,0], fn [0,0,1,3], P [6,4,3,0]
        //   interval 0: dtp 0 -> 0; interval 1: dtp 1, dP 1, slope 1, intercept 2 - 3 = -1:
        //   (1 - log(4/3)) / (2 + 1); interval 2: dtp 2, dP 3, slope 2/3, P_B = 0: (2/3)(2) / 3
        AUC unevenPr = AUC.builder().thresholds(0.35, 0.5).curve("PR").build();
        unevenPr.updateState(LABELS, SCORES, null);
        assertEquals((1 - Math.log(4.0 / 3)) / 3 + 4.0 / 9, unevenPr.result(), TOL);
    }

    @Test
    void multiLabelAveragesPerLabelAreas() {
        // label 0 = the tiny example (15/18); label 1 = the separable set (1.0 with 5 thresholds:
        // TPR [1,1,1,2/3,0], FPR [1,1/3,0,0,0])
        INDArray yTrue = Nd4j.vstack(LABELS, SEPARABLE_LABELS).transpose().dup();
        INDArray yPred = Nd4j.vstack(SCORES, SEPARABLE_SCORES).transpose().dup();
        AUC multi = AUC.builder().numThresholds(5).multiLabel(true).build();
        multi.updateState(yTrue, yPred, null);
        assertEquals((TINY_ROC + 1.0) / 2, multi.result(), TOL);
        AUC weighted = AUC.builder().numThresholds(5).multiLabel(true).numLabels(2).labelWeights(1, 3).build();
        weighted.updateState(yTrue, yPred, null);
        assertEquals((TINY_ROC + 3.0) / 4, weighted.result(), TOL);
        // pooled (multi_label=false): the same as the 12 values in one flat batch
        AUC pooled = auc(5, "ROC");
        pooled.updateState(yTrue, yPred, null);
        AUC flat = auc(5, "ROC");
        flat.updateState(yTrue.reshape(12), yPred.reshape(12), null);
        assertEquals(flat.result(), pooled.result(), TOL);
        // pooled with label_weights [1, 0]: the second column's elements weigh nothing -> label 0 alone
        AUC pooledWeighted = AUC.builder().numThresholds(5).labelWeights(1, 0).build();
        pooledWeighted.updateState(yTrue, yPred, null);
        assertEquals(TINY_ROC, pooledWeighted.result(), TOL);
        // sample weights (batch,) weight whole rows: weight 0 on the rows of negatives scored 0.6 and 0.3
        AUC rowWeighted = AUC.builder().numThresholds(5).multiLabel(true).build();
        rowWeighted.updateState(yTrue, yPred, vec(1, 1, 0, 1, 1, 0));
        // label 0 is left with negatives {0.1} and positives {0.9, 0.4, 0.8}: TPR [1,1,2/3,2/3,0], FPR [1,0,0,0,0] -> 1
        // label 1 loses the negative 0.3 and the positive 0.9 and stays separable -> 1
        assertEquals(1.0, rowWeighted.result(), TOL);
        assertThrows(IllegalArgumentException.class, () -> multi.updateState(LABELS, SCORES, null));
    }

    @Test
    void validationAndConfigs() {
        assertThrows(IllegalArgumentException.class, () -> auc(1, "ROC"));
        assertThrows(IllegalArgumentException.class, () -> auc(10, "XY"));
        assertThrows(IllegalArgumentException.class, () -> AUC.builder().summationMethod("riemann").build());
        assertThrows(IllegalArgumentException.class, () -> AUC.builder().numLabels(3).build());
        roundTrip(auc(7, "PR"), LABELS, SCORES, vec(1, 2, 1, 1, 2, 1));
        roundTrip(AUC.builder().thresholds(0.35, 0.5).name("a").summationMethod("minoring").build(), LABELS, SCORES, null);
        roundTrip(AUC.builder().numThresholds(5).multiLabel(true).numLabels(2).labelWeights(1, 3).fromLogits(true).build(),
                Nd4j.vstack(LABELS, SEPARABLE_LABELS).transpose().dup(), Nd4j.vstack(SCORES, SEPARABLE_SCORES).transpose().dup(), null);
        roundTrip(AUC.builder().curve("PRGAIN").build(), LABELS, SCORES, null);
        // a Keras-written config
        Map<String, Object> keras = new java.util.HashMap<>();
        keras.put("name", "auc_1");
        keras.put("dtype", "float32");
        keras.put("num_thresholds", 5);
        keras.put("curve", "ROC");
        keras.put("summation_method", "interpolation");
        keras.put("multi_label", false);
        keras.put("num_labels", null);
        keras.put("label_weights", null);
        keras.put("from_logits", false);
        AUC fromKeras = (AUC) Registry.get().create(Kind.METRIC, "AUC", Config.of(keras), Metric.class);
        fromKeras.updateState(LABELS, SCORES, null);
        assertEquals(TINY_ROC, fromKeras.result(), TOL);
        assertEquals("auc_1", fromKeras.name());
    }
}
