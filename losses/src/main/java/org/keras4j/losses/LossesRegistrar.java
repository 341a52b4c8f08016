package org.keras4j.losses;

import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;

/**
 * Registers the built-in losses under their Keras class names and the function names and short
 * aliases Keras 3 accepts ({@code "mse"}, {@code "categorical_crossentropy"}, ...), so
 * {@code compile("adam", "mse")} and {@code {"class_name": "Huber", "config": {...}}} resolve.
 * Names are case-insensitive in the registry, so {@code "MSE"} resolves too.
 */
public final class LossesRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
        registry.register(Kind.LOSS, "MeanSquaredError", MeanSquaredError::fromConfig,
                "mean_squared_error", "mse", "MSE");
        registry.register(Kind.LOSS, "MeanAbsoluteError", MeanAbsoluteError::fromConfig,
                "mean_absolute_error", "mae", "MAE");
        registry.register(Kind.LOSS, "MeanAbsolutePercentageError", MeanAbsolutePercentageError::fromConfig,
                "mean_absolute_percentage_error", "mape", "MAPE");
        registry.register(Kind.LOSS, "MeanSquaredLogarithmicError", MeanSquaredLogarithmicError::fromConfig,
                "mean_squared_logarithmic_error", "msle", "MSLE");
        registry.register(Kind.LOSS, "Huber", Huber::fromConfig, "huber");
        registry.register(Kind.LOSS, "LogCosh", LogCosh::fromConfig, "log_cosh", "logcosh");
        registry.register(Kind.LOSS, "BinaryCrossentropy", BinaryCrossentropy::fromConfig,
                "binary_crossentropy", "bce", "BCE");
        registry.register(Kind.LOSS, "CategoricalCrossentropy", CategoricalCrossentropy::fromConfig,
                "categorical_crossentropy");
        registry.register(Kind.LOSS, "SparseCategoricalCrossentropy", SparseCategoricalCrossentropy::fromConfig,
                "sparse_categorical_crossentropy");
        registry.register(Kind.LOSS, "KLDivergence", KLDivergence::fromConfig,
                "kl_divergence", "kld", "KLD", "kullback_leibler_divergence");
        registry.register(Kind.LOSS, "Poisson", Poisson::fromConfig, "poisson");
        registry.register(Kind.LOSS, "Hinge", Hinge::fromConfig, "hinge");
        registry.register(Kind.LOSS, "SquaredHinge", SquaredHinge::fromConfig, "squared_hinge");
        registry.register(Kind.LOSS, "CategoricalHinge", CategoricalHinge::fromConfig, "categorical_hinge");
        registry.register(Kind.LOSS, "CosineSimilarity", CosineSimilarity::fromConfig, "cosine_similarity");
    }
}
