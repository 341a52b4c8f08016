package org.keras4j.framework.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Name resolution as Keras 3's compile: accuracy by shapes, log names, registry aliases, unknown names. */
class MetricsTest {

    /** A stand-in for a loss of the losses module (which framework cannot see). */
    private static Loss loss(String className, String name) {
        return new Loss(name, Reduction.SUM_OVER_BATCH_SIZE) {
            @Override
            public Tensor call(INDArray yTrue, Tensor yPred) {
                throw new UnsupportedOperationException();
            }

            @Override
            public String className() {
                return className;
            }
        };
    }

    @Test
    void accuracyFromTargetAndOutputShapes() {
        // Keras 3: binary when the output's last axis is 1
        assertInstanceOf(BinaryAccuracy.class, Metrics.getByShapes("accuracy", new long[] {32, 1}, new long[] {32, 1}));
        assertInstanceOf(BinaryAccuracy.class, Metrics.getByShapes("accuracy", new long[] {32}, new long[] {32, 1}));
        // sparse when targets have lower rank, or a last axis of 1 against a wider output
        assertInstanceOf(SparseCategoricalAccuracy.class, Metrics.getByShapes("accuracy", new long[] {32}, new long[] {32, 10}));
        assertInstanceOf(SparseCategoricalAccuracy.class, Metrics.getByShapes("acc", new long[] {32, 1}, new long[] {32, 10}));
        // one-hot otherwise, including multi-label outputs
        assertInstanceOf(CategoricalAccuracy.class, Metrics.getByShapes("accuracy", new long[] {32, 10}, new long[] {32, 10}));
        // the metric logs under the string it was given
        assertEquals("accuracy", Metrics.getByShapes("accuracy", new long[] {32}, new long[] {32, 10}).name());
        assertEquals("acc", Metrics.getByShapes("acc", new long[] {32}, new long[] {32, 10}).name());
        assertEquals("Accuracy", Metrics.getByShapes("Accuracy", new long[] {32}, new long[] {32, 1}).name());
    }

    @Test
    void accuracyFromLossAtCompileTime() {
        Loss bce = loss("BinaryCrossentropy", "binary_crossentropy");
        Loss cce = loss("CategoricalCrossentropy", "categorical_crossentropy");
        Loss scce = loss("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy");
        Loss scceByName = loss("LossFunctionWrapper", "sparse_categorical_crossentropy");
        long[] one = {-1, 1};
        long[] ten = {-1, 10};
        assertInstanceOf(BinaryAccuracy.class, Metrics.get("accuracy", bce, one));
        assertInstanceOf(BinaryAccuracy.class, Metrics.get("accuracy", null, one));
        assertInstanceOf(BinaryAccuracy.class, Metrics.get("accuracy", loss("MeanSquaredError", "mean_squared_error"), one));
        assertInstanceOf(SparseCategoricalAccuracy.class, Metrics.get("accuracy", scce, ten));
        assertInstanceOf(SparseCategoricalAccuracy.class, Metrics.get("acc", scceByName, ten));
        assertInstanceOf(CategoricalAccuracy.class, Metrics.get("accuracy", cce, ten));
        // Keras 3 decides on shapes only: binary crossentropy on a multi-label output of width 10,
        // with targets shaped like the output, gives CategoricalAccuracy
        assertInstanceOf(CategoricalAccuracy.class, Metrics.get("accuracy", bce, ten));
        assertEquals("accuracy", Metrics.get("accuracy", scce, ten).name());
        // other names do not depend on the loss
        assertInstanceOf(MeanSquaredError.class, Metrics.get("mse", scce, ten));
    }

    @Test
    void namesResolveThroughTheRegistryAndKeepTheirSpelling() {
        Metric mse = Metrics.get("mse");
        assertInstanceOf(MeanSquaredError.class, mse);
        assertEquals("mse", mse.name()); // Keras 3 logs "mse" / "val_mse"
        assertEquals("mean_squared_error", Metrics.get("mean_squared_error").name());
        assertEquals("MeanSquaredError", Metrics.get("MeanSquaredError").name());
        assertInstanceOf(MeanAbsoluteError.class, Metrics.get("mae"));
        assertInstanceOf(RootMeanSquaredError.class, Metrics.get("root_mean_squared_error"));
        assertInstanceOf(Precision.class, Metrics.get("precision"));
        assertInstanceOf(Recall.class, Metrics.get("recall"));
        assertInstanceOf(AUC.class, Metrics.get("auc"));
        assertInstanceOf(AUC.class, Metrics.get("AUC"));
        assertInstanceOf(F1Score.class, Metrics.get("f1_score"));
        assertInstanceOf(BinaryAccuracy.class, Metrics.get("binary_accuracy"));
        assertInstanceOf(CategoricalAccuracy.class, Metrics.get("categorical_accuracy"));
        assertInstanceOf(SparseCategoricalAccuracy.class, Metrics.get("sparse_categorical_accuracy"));
        assertInstanceOf(TopKCategoricalAccuracy.class, Metrics.get("top_k_categorical_accuracy"));
        assertInstanceOf(SparseTopKCategoricalAccuracy.class, Metrics.get("sparse_top_k_categorical_accuracy"));
        // keras.metrics.get("accuracy") without compile's shape rule is the exact-match Accuracy
        assertInstanceOf(Accuracy.class, Metrics.get("accuracy"));
        // names resolve the same way in the shape-aware overloads
        assertEquals("auc", Metrics.getByShapes("auc", new long[] {8}, new long[] {8, 1}).name());
    }

    @Test
    void instancesAndConfigMaps() {
        Metric mine = new AUC();
        assertSame(mine, Metrics.getByShapes(mine, new long[] {8}, new long[] {8, 1}));
        Metric fromMap = Metrics.get(Map.of("class_name", "BinaryAccuracy", "config", Map.of("name", "bin", "threshold", 0.7)));
        assertInstanceOf(BinaryAccuracy.class, fromMap);
        assertEquals("bin", fromMap.name());
        assertEquals(0.7, ((BinaryAccuracy) fromMap).threshold(), 0);
        assertEquals(Map.of("class_name", "BinaryAccuracy", "config", Map.of("name", "bin", "threshold", 0.7)),
                Registry.serialize(fromMap));
        assertThrows(IllegalArgumentException.class, () -> Metrics.get(null));
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        // Keras 3 has no "rmse" alias
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Metrics.get("rmse"));
        assertTrue(e.getMessage().contains("'rmse'"), e.getMessage());
        assertTrue(e.getMessage().contains("root_mean_squared_error") && e.getMessage().contains("AUC"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Metrics.getByShapes("f2", new long[] {8}, new long[] {8, 3}));
        // a typo in a config key is reported
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> Metrics.get(Map.of("class_name", "BinaryAccuracy", "config", Map.of("treshold", 0.7))));
        assertTrue(key.getMessage().contains("treshold"), key.getMessage());
    }

    @Test
    void everyRegisteredMetricRebuildsFromItsConfig() {
        for (String name : Registry.get().names(Kind.METRIC)) {
            Metric m = Registry.get().create(Kind.METRIC, name, Metric.class);
            Metric again = Registry.get().deserialize(Kind.METRIC, Registry.serialize(m), Metric.class);
            assertEquals(m.getClass(), again.getClass(), name);
            assertEquals(m.getConfig(), again.getConfig(), name);
        }
    }
}
