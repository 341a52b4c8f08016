package org.keras4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The shared monitor logic: direction inference, the min_delta comparison, argument checks. */
class MonitorCallbackTest {

    @Test
    void improvedComparesWithMinDeltaPerMode() {
        EarlyStopping min = EarlyStopping.builder().mode("min").minDelta(0.25).build();
        assertTrue(min.improved(0.5, null));
        assertTrue(min.improved(0.5, 1.0));
        assertFalse(min.improved(0.75, 1.0), "an improvement of exactly min_delta does not count");
        assertFalse(min.improved(1.5, 1.0));
        EarlyStopping max = EarlyStopping.builder().mode("max").minDelta(0.25).build();
        assertTrue(max.improved(1.5, 1.0));
        assertFalse(max.improved(1.25, 1.0));
        assertFalse(max.improved(0.5, 1.0));
        assertFalse(max.improved(Double.NaN, 1.0));
    }

    @Test
    void autoModeMaximisesAccuracyLikeNamesAndMinimisesTheRest() {
        for (String up : List.of("accuracy", "val_accuracy", "val_acc", "sparse_categorical_accuracy", "auc", "val_auc",
                "precision", "val_recall", "f1_score", "val_fbeta_score", "r2_score", "mean_iou")) {
            assertTrue(new EarlyStopping(up, 0).maximizes(), up);
        }
        for (String down : List.of("loss", "val_loss", "mse", "val_mean_absolute_error", "categorical_crossentropy", "val_rmse")) {
            assertFalse(new EarlyStopping(down, 0).maximizes(), down);
        }
        assertTrue(EarlyStopping.builder().monitor("val_loss").mode("max").build().maximizes());
        assertFalse(EarlyStopping.builder().monitor("val_accuracy").mode("min").build().maximizes());
    }

    @Test
    void higherIsBetterIgnoresCaseAndTheValPrefix() {
        assertTrue(MonitorCallback.higherIsBetter("VAL_Accuracy"));
        assertFalse(MonitorCallback.higherIsBetter("val_accuracy_loss"), "a loss is minimised whatever its prefix");
    }

    @Test
    void badModeFailsListingTheValidModes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ReduceLROnPlateau.builder().mode("MAX").build());
        assertTrue(e.getMessage().equals("ReduceLROnPlateau: mode must be one of auto, min, max, received mode=\"MAX\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.builder().minDelta(Double.NaN).build());
    }
}
