package org.keras4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.callbacks.Callback;
import org.keras4j.framework.callbacks.History;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.optimizers.SGD;
import org.keras4j.framework.optimizers.schedules.ExponentialDecay;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;

class LearningRateSchedulerTest {

    private static Sequential compiled(Object optimizer) {
        Sequential model = TestModels.linear();
        model.compile(optimizer, "mse");
        return model;
    }

    @Test
    void setsTheRateAtEachEpochBeginAndLogsIt() {
        INDArray[] d = TestModels.regression(64, 1);
        Sequential model = compiled(new SGD(0.1));
        List<Double> seenDuringEpoch = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onTrainBatchBegin(int batch, Map<String, Double> logs) {
                if (batch == 0) {
                    seenDuringEpoch.add(model().optimizer().currentLearningRate());
                }
            }
        };
        // Halve the rate every epoch after the first, from the current rate (Keras's schedule(epoch, lr)).
        LearningRateScheduler scheduler = new LearningRateScheduler((epoch, lr) -> epoch == 0 ? lr : lr / 2);
        History h = model.fit(d[0], d[1], FitOptions.epochs(4).batchSize(16).verbose(0).callbacks(scheduler, recorder));
        assertEquals(List.of(0.1, 0.05, 0.025, 0.0125), seenDuringEpoch);
        assertEquals(List.of(0.1, 0.05, 0.025, 0.0125), h.get("learning_rate"));
        assertEquals(0.0125, model.optimizer().currentLearningRate());
    }

    @Test
    void scheduleReceivesEpochAndCurrentRate() {
        Sequential model = compiled(new SGD(0.5));
        List<String> calls = new ArrayList<>();
        LearningRateScheduler s = new LearningRateScheduler((epoch, lr) -> {
            calls.add(epoch + ":" + lr);
            return 0.01 * (epoch + 1);
        });
        s.setModel(model);
        s.onEpochBegin(0, new LinkedHashMap<>());
        s.onEpochBegin(1, new LinkedHashMap<>());
        assertEquals(List.of("0:0.5", "1:0.01"), calls);
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", 1.0);
        s.onEpochEnd(1, logs);
        assertEquals(0.02, logs.get("learning_rate"), 1e-15);
    }

    @Test
    void epochOnlyFormAndVerboseMessage() {
        Sequential model = compiled(new SGD(0.5));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LearningRateScheduler s = new LearningRateScheduler((epoch, lr) -> 0.25, 1,
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        s.setModel(model);
        s.onEpochBegin(2, new LinkedHashMap<>());
        assertEquals(System.lineSeparator() + "Epoch 3: LearningRateScheduler setting learning rate to 0.25."
                + System.lineSeparator(), bytes.toString(StandardCharsets.UTF_8));

        LearningRateScheduler old = LearningRateScheduler.ofEpoch(epoch -> 1.0 / (epoch + 1));
        old.setModel(model);
        old.onEpochBegin(3, new LinkedHashMap<>());
        assertEquals(0.25, model.optimizer().currentLearningRate());
    }

    @Test
    void rejectsNonFiniteOrNegativeRatesNamingEpochAndValue() {
        Sequential model = compiled(new SGD(0.1));
        for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.001}) {
            LearningRateScheduler s = new LearningRateScheduler((epoch, lr) -> epoch == 3 ? bad : lr);
            s.setModel(model);
            s.onEpochBegin(2, new LinkedHashMap<>());
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> s.onEpochBegin(3, new LinkedHashMap<>()));
            assertTrue(e.getMessage().contains("epoch 3") && e.getMessage().contains("learning_rate=" + bad), e.getMessage());
        }
        assertEquals(0.1, model.optimizer().currentLearningRate());
    }

    @Test
    void optimizerWithAScheduleIsNotSettable() {
        Sequential model = compiled(new SGD(new ExponentialDecay(0.1, 10, 0.9)));
        LearningRateScheduler s = new LearningRateScheduler((epoch, lr) -> 0.01);
        s.setModel(model);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> s.onEpochBegin(0, new LinkedHashMap<>()));
        assertTrue(e.getMessage().contains("not settable"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new LearningRateScheduler(null));
        assertThrows(IllegalStateException.class, () -> new LearningRateScheduler((ep, lr) -> lr).onEpochBegin(0, Map.of()));
    }

    @Test
    void isNotRegistered() {
        assertFalse(Registry.get().contains(Kind.CALLBACK, "LearningRateScheduler"));
        assertFalse(Registry.get().contains(Kind.CALLBACK, "LambdaCallback"));
    }
}
