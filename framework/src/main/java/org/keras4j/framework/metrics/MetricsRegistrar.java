package org.keras4j.framework.metrics;

import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;

/**
 * Registers the built-in metrics under their Keras class names and the snake_case names Keras's
 * {@code keras.metrics.get} accepts ({@code "binary_accuracy"}, {@code "auc"}, ...), plus
 * Keras's short aliases {@code mse} and {@code mae}.
 */
public final class MetricsRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
        registry.register(Kind.METRIC, "Mean", Mean::fromConfig, "mean");
        registry.register(Kind.METRIC, "Accuracy", Accuracy::fromConfig, "accuracy");
        registry.register(Kind.METRIC, "BinaryAccuracy", BinaryAccuracy::fromConfig, "binary_accuracy");
        registry.register(Kind.METRIC, "CategoricalAccuracy", CategoricalAccuracy::fromConfig, "categorical_accuracy");
        registry.register(Kind.METRIC, "SparseCategoricalAccuracy", SparseCategoricalAccuracy::fromConfig,
                "sparse_categorical_accuracy");
        registry.register(Kind.METRIC, "TopKCategoricalAccuracy", TopKCategoricalAccuracy::fromConfig,
                "top_k_categorical_accuracy");
        registry.register(Kind.METRIC, "SparseTopKCategoricalAccuracy", SparseTopKCategoricalAccuracy::fromConfig,
                "sparse_top_k_categorical_accuracy");
        registry.register(Kind.METRIC, "MeanSquaredError", MeanSquaredError::fromConfig, "mean_squared_error", "mse");
        registry.register(Kind.METRIC, "MeanAbsoluteError", MeanAbsoluteError::fromConfig, "mean_absolute_error", "mae");
        registry.register(Kind.METRIC, "RootMeanSquaredError", RootMeanSquaredError::fromConfig, "root_mean_squared_error");
        registry.register(Kind.METRIC, "Precision", Precision::fromConfig, "precision");
        registry.register(Kind.METRIC, "Recall", Recall::fromConfig, "recall");
        registry.register(Kind.METRIC, "FBetaScore", FBetaScore::fromConfig, "fbeta_score");
        registry.register(Kind.METRIC, "F1Score", F1Score::fromConfig, "f1_score");
        registry.register(Kind.METRIC, "AUC", AUC::fromConfig, "auc");
    }
}
