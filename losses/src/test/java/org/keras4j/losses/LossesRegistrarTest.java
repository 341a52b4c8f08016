package org.keras4j.losses;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The registry view of every loss: names and aliases, configs, and the errors common to all. */
class LossesRegistrarTest {

    /** Each loss's Keras class name, default instance name, and the aliases Keras 3 accepts. */
    static Stream<Arguments> losses() {
        return Stream.of(
                Arguments.of("MeanSquaredError", "mean_squared_error", List.of("mean_squared_error", "mse", "MSE")),
                Arguments.of("MeanAbsoluteError", "mean_absolute_error", List.of("mean_absolute_error", "mae", "MAE")),
                Arguments.of("MeanAbsolutePercentageError", "mean_absolute_percentage_error",
                        List.of("mean_absolute_percentage_error", "mape", "MAPE")),
                Arguments.of("MeanSquaredLogarithmicError", "mean_squared_logarithmic_error",
                        List.of("mean_squared_logarithmic_error", "msle", "MSLE")),
                Arguments.of("Huber", "huber_loss", List.of("huber")),
                Arguments.of("LogCosh", "log_cosh", List.of("log_cosh", "logcosh")),
                Arguments.of("BinaryCrossentropy", "binary_crossentropy", List.of("binary_crossentropy", "bce", "BCE")),
                Arguments.of("CategoricalCrossentropy", "categorical_crossentropy", List.of("categorical_crossentropy")),
                Arguments.of("SparseCategoricalCrossentropy", "sparse_categorical_crossentropy",
                        List.of("sparse_categorical_crossentropy")),
                Arguments.of("KLDivergence", "kl_divergence",
                        List.of("kl_divergence", "kld", "KLD", "kullback_leibler_divergence")),
                Arguments.of("Poisson", "poisson", List.of("poisson")),
                Arguments.of("Hinge", "hinge", List.of("hinge")),
                Arguments.of("SquaredHinge", "squared_hinge", List.of("squared_hinge")),
                Arguments.of("CategoricalHinge", "categorical_hinge", List.of("categorical_hinge")),
                Arguments.of("CosineSimilarity", "cosine_similarity", List.of("cosine_similarity")));
    }

    private static Loss create(String name) {
        return Registry.get().create(Kind.LOSS, name, Loss.class);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void classNameAndAliasesBuildTheSameDefaultLoss(String className, String defaultName, List<String> aliases) {
        Loss byClass = create(className);
        assertEquals(className, byClass.className());
        assertEquals(defaultName, byClass.name());
        assertSame(Reduction.SUM_OVER_BATCH_SIZE, byClass.reduction());
        for (String alias : aliases) {
            Loss byAlias = create(alias);
            assertSame(byClass.getClass(), byAlias.getClass(), alias);
            assertEquals(byClass.getConfig(), byAlias.getConfig(), alias);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void configRoundTripWithEveryReduction(String className, String defaultName, List<String> aliases) {
        INDArray yTrue = className.startsWith("Sparse") ? Nd4j.createFromArray(0, 2) : LossTesting.f32(new double[][] {
                {0, 1, 0}, {1, 0, 0}});
        INDArray yPred = LossTesting.f32(new double[][] {{0.2, 0.5, 0.3}, {0.6, 0.3, 0.1}});
        for (Reduction r : Reduction.values()) {
            Map<String, Object> config = new LinkedHashMap<>(create(className).getConfig());
            config.put("name", "custom");
            config.put("reduction", r.kerasName());
            Loss loss = Registry.get().deserialize(Kind.LOSS, Map.of("class_name", className, "config", config), Loss.class);
            assertEquals(config, loss.getConfig());
            assertSame(r, loss.reduction());
            LossTesting.assertConfigRoundTrip(loss, yTrue, yPred);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("losses")
    void mismatchedShapesNameTheLossAndBothShapes(String className, String defaultName, List<String> aliases) {
        Loss loss = create(className);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> loss.call(LossTesting.f32(new double[][] {{0, 1, 0}, {1, 0, 0}}),
                        Tensor.constant(LossTesting.f32(new double[][] {{0.1, 0.2, 0.3, 0.4}, {0.4, 0.3, 0.2, 0.1}}))));
        assertTrue(e.getMessage().startsWith(defaultName + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("y_true.shape=(2, 3)") && e.getMessage().contains("y_pred.shape=(2, 4)"),
                e.getMessage());
        // a different number of samples is caught by Loss.compute before call
        assertThrows(IllegalArgumentException.class, () -> loss.compute(LossTesting.f32(new double[][] {{0, 1, 0}}),
                Tensor.constant(LossTesting.f32(new double[][] {{0.1, 0.2, 0.7}, {0.4, 0.3, 0.3}})), null));
    }

    @Test
    void unknownNamesListTheKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> create("mean_sqared_error"));
        assertTrue(e.getMessage().startsWith("Unknown loss: 'mean_sqared_error'. Known loss names: "), e.getMessage());
        for (String known : List.of("MeanSquaredError", "mse", "categorical_crossentropy", "SparseCategoricalCrossentropy",
                "Huber", "log_cosh", "kld", "CosineSimilarity")) {
            assertTrue(e.getMessage().contains(known), known + " in " + e.getMessage());
        }
    }

    @Test
    void kerasConfigsAreRead() {
        // as Keras 3 writes them: dtype is accepted and ignored, a null reduction is Keras's None
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("name", "categorical_crossentropy");
        config.put("reduction", null);
        config.put("from_logits", true);
        config.put("label_smoothing", 0.1);
        config.put("axis", -1);
        config.put("dtype", Map.of("module", "keras", "class_name", "DTypePolicy", "config", Map.of("name", "float32")));
        Loss loss = Registry.get().deserialize(Kind.LOSS, Map.of("class_name", "CategoricalCrossentropy", "config", config),
                Loss.class);
        CategoricalCrossentropy cce = (CategoricalCrossentropy) loss;
        assertSame(Reduction.NONE, cce.reduction());
        assertTrue(cce.fromLogits());
        assertEquals(0.1, cce.labelSmoothing());
        // a Keras config without the optional keys gets the defaults
        SparseCategoricalCrossentropy scce = (SparseCategoricalCrossentropy) Registry.get().deserialize(Kind.LOSS,
                Map.of("class_name", "SparseCategoricalCrossentropy", "config", Map.of("from_logits", true,
                        "name", "sparse_categorical_crossentropy", "reduction", "sum_over_batch_size")), Loss.class);
        assertEquals(null, scce.ignoreClass());
        assertEquals(-1, scce.axis());
        // a bare name in a config, as in compile(loss="mse")
        assertSame(MeanSquaredError.class, Registry.get().deserialize(Kind.LOSS, "mse", Loss.class).getClass());
    }

    @Test
    void badConfigsFailClearly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Registry.get().deserialize(Kind.LOSS,
                Map.of("class_name", "BinaryCrossentropy", "config", Map.of("from_logit", true)), Loss.class));
        assertTrue(e.getMessage().contains("unknown config key(s) [from_logit]"), e.getMessage());
        assertTrue(e.getMessage().contains("from_logits"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Registry.get().deserialize(Kind.LOSS,
                Map.of("class_name", "BinaryCrossentropy", "config", Map.of("from_logits", "yes")), Loss.class));
        assertTrue(e.getMessage().contains("'from_logits' must be true or false, received \"yes\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Registry.get().deserialize(Kind.LOSS,
                Map.of("class_name", "Huber", "config", Map.of("reduction", "average")), Loss.class));
        assertTrue(e.getMessage().startsWith("Unknown reduction 'average'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Registry.get().deserialize(Kind.LOSS,
                Map.of("class_name", "SparseCategoricalCrossentropy", "config", Map.of("ignore_class", 1.5)), Loss.class));
        assertTrue(e.getMessage().contains("'ignore_class' must be an integer or null, received 1.5"), e.getMessage());
    }
}
