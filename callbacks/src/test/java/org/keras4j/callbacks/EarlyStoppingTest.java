package org.keras4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.callbacks.History;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** EarlyStopping against scripted logs (values worked out by hand from Keras 3's rules) and inside fit. */
class EarlyStoppingTest {

    @Test
    void stopsOncePatienceEpochsPassWithoutImprovement() {
        EarlyStopping es = new EarlyStopping("val_loss", 2);
        // e0 best 1.0; e1 best 0.9 (wait 0); e2 wait 1; e3 wait 2 >= 2 -> stop.
        Scripted.Run r = Scripted.run(es, Scripted.model(0.1), "val_loss", 1.0, 0.9, 0.95, 0.92, 0.5, 0.4);
        assertEquals(4, r.epochsRun());
        assertEquals(3, es.stoppedEpoch());
        assertEquals(0.9, es.best());
        assertEquals(1, es.bestEpoch());
    }

    @Test
    void patienceZeroStopsAtTheFirstEpochWithoutImprovementButNeverAtEpochZero() {
        EarlyStopping es = new EarlyStopping();
        assertEquals(2, Scripted.run(es, Scripted.model(0.1), "val_loss", 1.0, 1.5, 0.1).epochsRun());
        assertEquals(1, es.stoppedEpoch());
        assertEquals(3, Scripted.run(es, Scripted.model(0.1), "val_loss", 3.0, 2.0, 1.0).epochsRun());
        assertEquals(0, es.stoppedEpoch());
    }

    @Test
    void minDeltaIsTheSmallestChangeThatCounts() {
        // 0.95 is not below 1.0 - 0.1: no improvement, patience 1 runs out at epoch 1.
        EarlyStopping coarse = EarlyStopping.builder().minDelta(0.1).patience(1).build();
        assertEquals(2, Scripted.run(coarse, Scripted.model(0.1), "val_loss", 1.0, 0.95, 0.85).epochsRun());
        // Its sign is ignored, as Keras takes abs(min_delta).
        EarlyStopping negative = EarlyStopping.builder().minDelta(-0.1).patience(1).build();
        assertEquals(0.1, negative.minDelta());
        assertEquals(2, Scripted.run(negative, Scripted.model(0.1), "val_loss", 1.0, 0.95, 0.85).epochsRun());
        EarlyStopping fine = EarlyStopping.builder().minDelta(0.01).patience(1).build();
        assertEquals(3, Scripted.run(fine, Scripted.model(0.1), "val_loss", 1.0, 0.95, 0.85).epochsRun());
        // In max mode the delta is added to the reference.
        EarlyStopping acc = EarlyStopping.builder().monitor("val_accuracy").minDelta(0.1).patience(1).build();
        assertEquals(2, Scripted.run(acc, Scripted.model(0.1), "val_accuracy", 0.5, 0.55, 0.7).epochsRun());
    }

    @Test
    void baselineMustBeBeatenForTheCounterToReset() {
        // With baseline 0.5 the improvement at e0 does not reset the counter: e0 wait 1, e1 wait 2 -> stop.
        EarlyStopping withBaseline = EarlyStopping.builder().patience(2).baseline(0.5).build();
        Scripted.Run r = Scripted.run(withBaseline, Scripted.model(0.1), "val_loss", 0.9, 0.95, 0.97, 0.99);
        assertEquals(2, r.epochsRun());
        assertEquals(1, withBaseline.stoppedEpoch());
        // Without it the same values run one epoch more.
        EarlyStopping without = EarlyStopping.builder().patience(2).build();
        assertEquals(3, Scripted.run(without, Scripted.model(0.1), "val_loss", 0.9, 0.95, 0.97, 0.99).epochsRun());
        // Beating the baseline (0.4 < 0.5) resets the counter: e2 wait 1, e3 wait 2 -> stop.
        EarlyStopping beaten = EarlyStopping.builder().patience(2).baseline(0.5).build();
        assertEquals(4, Scripted.run(beaten, Scripted.model(0.1), "val_loss", 0.9, 0.4, 0.45, 0.46, 0.47).epochsRun());
        assertEquals(3, beaten.stoppedEpoch());
    }

    @Test
    void startFromEpochIgnoresTheWarmUpEpochs() {
        EarlyStopping es = EarlyStopping.builder().startFromEpoch(2).build();
        // e0, e1 ignored; e2 first value (best); e3 worse -> stop.
        assertEquals(4, Scripted.run(es, Scripted.model(0.1), "val_loss", 1.0, 2.0, 3.0, 4.0, 5.0).epochsRun());
        assertEquals(3, es.stoppedEpoch());
        assertEquals(3.0, es.best());
        EarlyStopping plain = new EarlyStopping();
        assertEquals(2, Scripted.run(plain, Scripted.model(0.1), "val_loss", 1.0, 2.0, 3.0, 4.0, 5.0).epochsRun());
    }

    @Test
    void autoModeFollowsTheMonitoredDirectionInARun() {
        // Rising accuracy is an improvement: e2 is the first epoch without one.
        EarlyStopping acc = new EarlyStopping("val_accuracy", 0);
        assertEquals(3, Scripted.run(acc, Scripted.model(0.1), "val_accuracy", 0.5, 0.6, 0.55, 0.9).epochsRun());
        assertEquals(0.6, acc.best());
        // Rising loss is not.
        EarlyStopping loss = new EarlyStopping("val_loss", 0);
        assertEquals(2, Scripted.run(loss, Scripted.model(0.1), "val_loss", 0.5, 0.6, 0.55, 0.9).epochsRun());
    }

    @Test
    void badArgumentsFailWithTheValidChoices() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> EarlyStopping.builder().mode("maximum").build());
        assertTrue(e.getMessage().contains("auto, min, max") && e.getMessage().contains("mode=\"maximum\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new EarlyStopping("val_loss", -1));
        assertTrue(e.getMessage().contains("patience=-1"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.builder().monitor("").build());
        assertThrows(IllegalArgumentException.class, () -> EarlyStopping.builder().startFromEpoch(-2).build());
    }

    @Test
    void aMissingMetricWarnsOncePerFitListingTheAvailableKeysAndDoesNotCrash() {
        ListAppender<ILoggingEvent> warnings = Scripted.captureWarnings();
        try {
            EarlyStopping es = new EarlyStopping("val_loss", 0);
            Sequential model = Scripted.model(0.1);
            Scripted.Run r = Scripted.run(es, model, "accuracy", 0.5, 0.4, 0.3);
            assertEquals(3, r.epochsRun(), "nothing to monitor: training is never stopped");
            assertNull(es.best());
            assertEquals(1, warnings.list.size());
            ILoggingEvent w = warnings.list.get(0);
            assertEquals(Level.WARN, w.getLevel());
            assertTrue(w.getFormattedMessage().contains("Early stopping conditioned on metric `val_loss` which is not available")
                    && w.getFormattedMessage().contains("Available metrics are: loss,accuracy"), w.getFormattedMessage());
            Scripted.run(es, model, "accuracy", 0.5, 0.4);
            assertEquals(2, warnings.list.size(), "a new fit warns again");
        } finally {
            Scripted.release(warnings);
        }
    }

    @Test
    void stateIsResetSoOneInstanceServesTwoFits() {
        EarlyStopping es = EarlyStopping.builder().patience(1).restoreBestWeights(true).build();
        Sequential model = Scripted.model(0.1);
        assertEquals(2, Scripted.run(es, model, "val_loss", 0.1, 0.2, 0.05).epochsRun());
        assertEquals(1, es.stoppedEpoch());
        // Worse values than the first fit's best: a stale best of 0.1 would stop at epoch 1 again.
        Scripted.Run second = Scripted.run(es, model, "val_loss", 5.0, 4.0, 3.0);
        assertEquals(3, second.epochsRun());
        assertEquals(0, es.stoppedEpoch());
        assertEquals(0, es.waitCount());
        assertEquals(3.0, es.best());
        assertEquals(2, es.bestEpoch());
        assertWeightsEqual(second.weightsAtEpochEnd().get(2), model.getWeights());
    }

    @Test
    void restoreBestWeightsRestoresTheBestEpochBitForBitWhenStopping() {
        EarlyStopping es = EarlyStopping.builder().patience(2).restoreBestWeights(true).build();
        Sequential model = Scripted.model(0.1);
        Scripted.Run r = Scripted.run(es, model, "val_loss", 1.0, 0.6, 0.8, 0.9, 0.1);
        assertEquals(4, r.epochsRun());
        assertEquals(1, es.bestEpoch());
        assertWeightsEqual(r.weightsAtEpochEnd().get(1), model.getWeights());
        assertNotEquals(r.weightsAtEpochEnd().get(3).get(0), model.getWeights().get(0));
    }

    @Test
    void restoreBestWeightsAlsoRestoresWhenTrainingRunsToTheEnd() {
        // Keras 3 restores at the end of training even without an early stop.
        EarlyStopping es = EarlyStopping.builder().patience(10).restoreBestWeights(true).build();
        Sequential model = Scripted.model(0.1);
        Scripted.Run r = Scripted.run(es, model, "val_loss", 1.0, 0.5, 0.7, 0.8);
        assertEquals(4, r.epochsRun());
        assertEquals(0, es.stoppedEpoch());
        assertWeightsEqual(r.weightsAtEpochEnd().get(1), model.getWeights());
    }

    @Test
    void withoutRestoreBestWeightsTheLastWeightsStay() {
        EarlyStopping es = EarlyStopping.builder().patience(10).build();
        Sequential model = Scripted.model(0.1);
        Scripted.Run r = Scripted.run(es, model, "val_loss", 1.0, 0.5, 0.7);
        assertWeightsEqual(r.weightsAtEpochEnd().get(2), model.getWeights());
    }

    @Test
    void configRoundTripsThroughTheRegistry() {
        EarlyStopping es = EarlyStopping.builder().monitor("val_accuracy").minDelta(0.01).patience(3).verbose(1).mode("max")
                .baseline(0.7).restoreBestWeights(true).startFromEpoch(2).build();
        Map<String, Object> cfg = es.getConfig();
        assertEquals(List.of("monitor", "min_delta", "patience", "verbose", "mode", "baseline", "restore_best_weights",
                "start_from_epoch"), List.copyOf(cfg.keySet()));
        EarlyStopping back = Registry.get().create(Kind.CALLBACK, "EarlyStopping", Config.of(cfg), EarlyStopping.class);
        assertEquals(cfg, back.getConfig());
        EarlyStopping dflt = Registry.get().create(Kind.CALLBACK, "early_stopping", EarlyStopping.class);
        assertEquals(new EarlyStopping().getConfig(), dflt.getConfig());
        assertNull(dflt.baseline());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Registry.get().create(Kind.CALLBACK, "EarlyStopping", Config.of(Map.of("patiance", 3)), EarlyStopping.class));
        assertTrue(e.getMessage().contains("patiance"), e.getMessage());
    }

    @Test
    void stopsARealFitEarly() {
        Backend.setRandomSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 3);
        INDArray y = x.sum(true, 1).reshape(64, 1);
        Sequential model = Scripted.model(0.05);
        // No decrease of the loss can exceed min_delta: epoch 0 sets the best, epoch 1 runs out of patience.
        EarlyStopping es = EarlyStopping.builder().monitor("loss").minDelta(1e9).patience(1).build();
        History h = model.fit(x, y, FitOptions.epochs(10).batchSize(16).verbose(0).callbacks(es));
        assertEquals(List.of(0, 1), h.epochs());
        assertEquals(2, h.get("loss").size());
        assertEquals(1, es.stoppedEpoch());
        // The same instance in a second fit starts afresh and stops at the same place.
        History h2 = model.fit(x, y, FitOptions.epochs(10).batchSize(16).verbose(0).callbacks(es));
        assertEquals(2, h2.epochs().size());
    }

    private static double[] flat(INDArray a) {
        return a.dup().reshape(a.length()).toDoubleVector();
    }

    static void assertWeightsEqual(List<INDArray> expected, List<INDArray> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(expected.get(i), actual.get(i), "weight " + i);
            // INDArray.equals allows a small epsilon; bit-for-bit means the exact values.
            assertArrayEquals(flat(expected.get(i)), flat(actual.get(i)), "weight " + i + " bits");
        }
    }
}
