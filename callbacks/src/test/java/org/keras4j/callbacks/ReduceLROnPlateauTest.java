package org.keras4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
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

/** ReduceLROnPlateau against scripted logs with learning-rate sequences worked out by hand. */
class ReduceLROnPlateauTest {

    private static List<Double> loggedRates(Scripted.Run r) {
        List<Double> out = new ArrayList<>();
        for (Map<String, Double> logs : r.logs()) {
            out.add(logs.get("learning_rate"));
        }
        return out;
    }

    @Test
    void patienceCooldownAndMinLrGiveTheHandComputedSequence() {
        // lr 1, factor 0.5, patience 2, cooldown 1, min_lr 0.2, a flat val_loss:
        // e0 best; e1 wait 1; e2 wait 2 -> 0.5, cooldown 1; e3 cooldown ends (wait 0) then wait 1;
        // e4 wait 2 -> 0.25; e5 wait 1; e6 -> max(0.125, 0.2) = 0.2; e7 wait 1; e8, e9: lr == min_lr, no change.
        Sequential model = Scripted.model(1.0);
        ReduceLROnPlateau cb = ReduceLROnPlateau.builder().factor(0.5).patience(2).cooldown(1).minLr(0.2).minDelta(0).build();
        Scripted.Run r = Scripted.run(cb, model, "val_loss", 1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        assertEquals(List.of(1.0, 1.0, 1.0, 0.5, 0.5, 0.25, 0.25, 0.2, 0.2, 0.2), loggedRates(r));
        assertEquals(0.2, model.optimizer().currentLearningRate());
        assertEquals(10, r.epochsRun(), "ReduceLROnPlateau never stops training");
    }

    @Test
    void anImprovementResetsTheWaitCounter() {
        // e0 best 1.0; e1 wait 1; e2 improves (0.5 < 1.0 - 1e-4) wait 0; e3 wait 1; e4 wait 2 -> 0.5.
        Sequential model = Scripted.model(1.0);
        ReduceLROnPlateau cb = ReduceLROnPlateau.builder().factor(0.5).patience(2).build();
        Scripted.Run r = Scripted.run(cb, model, "val_loss", 1.0, 1.0, 0.5, 0.5, 0.5);
        assertEquals(List.of(1.0, 1.0, 1.0, 1.0, 1.0), loggedRates(r));
        assertEquals(0.5, model.optimizer().currentLearningRate());
        assertEquals(0, cb.waitCount());
    }

    @Test
    void minDeltaDefaultsToOneTenThousandth() {
        // 0.99995 is not 1e-4 below 1.0: with patience 1 the rate drops after e1.
        Sequential model = Scripted.model(1.0);
        ReduceLROnPlateau cb = ReduceLROnPlateau.builder().factor(0.5).patience(1).build();
        Scripted.run(cb, model, "val_loss", 1.0, 0.99995);
        assertEquals(0.5, model.optimizer().currentLearningRate());
    }

    @Test
    void cooldownHoldsTheCounterForCooldownEpochs() {
        // patience 1, cooldown 2: e1 -> 0.5 (cooldown 2); e2 cooldown 1 left, no count; e3 cooldown ends, wait 1 -> 0.25
        // (cooldown 2); e4 in cooldown again, no count.
        Sequential model = Scripted.model(1.0);
        ReduceLROnPlateau cb = ReduceLROnPlateau.builder().factor(0.5).patience(1).cooldown(2).build();
        Scripted.Run r = Scripted.run(cb, model, "val_loss", 1, 1, 1, 1, 1);
        assertEquals(List.of(1.0, 1.0, 0.5, 0.5, 0.25), loggedRates(r));
        assertEquals(0.25, model.optimizer().currentLearningRate());
        assertTrue(cb.inCooldown());
    }

    @Test
    void maxModeForAccuracy() {
        Sequential model = Scripted.model(1.0);
        ReduceLROnPlateau cb = new ReduceLROnPlateau("val_accuracy", 0.5, 1);
        assertTrue(cb.maximizes());
        Scripted.run(cb, model, "val_accuracy", 0.5, 0.6, 0.7);
        assertEquals(1.0, model.optimizer().currentLearningRate(), "rising accuracy is an improvement");
        Scripted.run(cb, model, "val_accuracy", 0.5, 0.4);
        assertEquals(0.5, model.optimizer().currentLearningRate());
    }

    @Test
    void stateIsResetBetweenFits() {
        Sequential model = Scripted.model(1.0);
        ReduceLROnPlateau cb = ReduceLROnPlateau.builder().factor(0.5).patience(2).build();
        Scripted.run(cb, model, "val_loss", 0.1, 0.2);
        assertEquals(1, cb.waitCount());
        // A stale wait of 1 and best of 0.1 would reduce the rate at e0 or e1 here.
        Scripted.run(cb, model, "val_loss", 5.0, 5.0);
        assertEquals(1.0, model.optimizer().currentLearningRate());
        assertEquals(5.0, cb.best());
    }

    @Test
    void aMissingMetricWarnsOnceAndStillLogsTheLearningRate() {
        ListAppender<ILoggingEvent> warnings = Scripted.captureWarnings();
        try {
            Sequential model = Scripted.model(1.0);
            ReduceLROnPlateau cb = ReduceLROnPlateau.builder().patience(0).build();
            Scripted.Run r = Scripted.run(cb, model, "accuracy", 0.5, 0.5, 0.5);
            assertEquals(List.of(1.0, 1.0, 1.0), loggedRates(r));
            assertEquals(1.0, model.optimizer().currentLearningRate());
            assertEquals(1, warnings.list.size());
            String msg = warnings.list.get(0).getFormattedMessage();
            assertTrue(msg.contains("Learning rate reduction conditioned on metric `val_loss`")
                    && msg.contains("Available metrics are: loss,accuracy,learning_rate"), msg);
        } finally {
            Scripted.release(warnings);
        }
    }

    @Test
    void badArgumentsFail() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().factor(1.0).build());
        assertTrue(e.getMessage().contains("factor >= 1.0") && e.getMessage().contains("factor=1.0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().factor(-0.5).build());
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().minLr(-1).build());
        assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().cooldown(-1).build());
        e = assertThrows(IllegalArgumentException.class, () -> ReduceLROnPlateau.builder().mode("down").build());
        assertTrue(e.getMessage().startsWith("ReduceLROnPlateau: mode must be one of auto, min, max"), e.getMessage());
    }

    @Test
    void configRoundTripsThroughTheRegistry() {
        ReduceLROnPlateau cb = ReduceLROnPlateau.builder().monitor("loss").factor(0.2).patience(5).verbose(1).mode("min")
                .minDelta(0.001).cooldown(2).minLr(1e-5).build();
        Map<String, Object> cfg = cb.getConfig();
        assertEquals(List.of("monitor", "factor", "patience", "verbose", "mode", "min_delta", "cooldown", "min_lr"),
                List.copyOf(cfg.keySet()));
        ReduceLROnPlateau back = Registry.get().create(Kind.CALLBACK, "ReduceLROnPlateau", Config.of(cfg), ReduceLROnPlateau.class);
        assertEquals(cfg, back.getConfig());
        assertEquals(new ReduceLROnPlateau().getConfig(),
                Registry.get().create(Kind.CALLBACK, "reduce_lr_on_plateau", ReduceLROnPlateau.class).getConfig());
        assertFalse(new ReduceLROnPlateau().maximizes());
    }

    @Test
    void historyRecordsTheLearningRateInARealFit() {
        Backend.setRandomSeed(3);
        INDArray x = Nd4j.rand(DataType.FLOAT, 64, 3);
        INDArray y = x.sum(true, 1).reshape(64, 1);
        Sequential model = Scripted.model(0.5);
        // No change can exceed min_delta: e0 sets the best, each later epoch reduces (patience 0).
        ReduceLROnPlateau cb = ReduceLROnPlateau.builder().monitor("loss").factor(0.5).patience(0).minDelta(1e9).build();
        History h = model.fit(x, y, FitOptions.epochs(3).batchSize(16).verbose(0).callbacks(cb));
        assertEquals(List.of(0.5, 0.5, 0.25), h.get("learning_rate"));
        assertEquals(0.125, model.optimizer().currentLearningRate());
    }
}
