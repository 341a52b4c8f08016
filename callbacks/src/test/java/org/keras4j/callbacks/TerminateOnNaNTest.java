package org.keras4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.callbacks.History;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.optimizers.SGD;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;

class TerminateOnNaNTest {

    private static Map<String, Double> loss(double v) {
        Map<String, Double> m = new HashMap<>();
        m.put("loss", v);
        return m;
    }

    @Test
    void scriptedLogsStopOnNaNAndInfinityOnly() {
        Sequential model = TestModels.linear();
        model.compile(new SGD(0.1), "mse");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TerminateOnNaN t = new TerminateOnNaN(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        t.setModel(model);
        t.onTrainBatchEnd(0, loss(1.5));
        t.onTrainBatchEnd(1, new HashMap<>());
        t.onTrainBatchEnd(2, null);
        assertFalse(model.isStopTraining());
        assertEquals("", bytes.toString(StandardCharsets.UTF_8));
        t.onTrainBatchEnd(3, loss(Double.POSITIVE_INFINITY));
        assertTrue(model.isStopTraining());
        model.setStopTraining(false);
        t.onTrainBatchEnd(7, loss(Double.NaN));
        assertTrue(model.isStopTraining());
        String nl = System.lineSeparator();
        assertEquals("Batch 3: Invalid loss, terminating training" + nl + "Batch 7: Invalid loss, terminating training" + nl,
                bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void stopsADivergingFit() {
        INDArray[] d = TestModels.regression(64, 2);
        Sequential model = TestModels.linear();
        model.compile(new SGD(1e10), "mse");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        List<Double> batchLosses = new ArrayList<>();
        var recorder = LambdaCallback.builder().onTrainBatchEnd((b, logs) -> batchLosses.add(logs.get("loss"))).build();
        History h = model.fit(d[0], d[1], FitOptions.epochs(20).batchSize(8).verbose(0)
                .callbacks(recorder, new TerminateOnNaN(new PrintStream(bytes, true, StandardCharsets.UTF_8))));
        assertTrue(h.epochs().size() < 20, "fit should stop early, ran epochs " + h.epochs());
        double last = batchLosses.get(batchLosses.size() - 1);
        assertFalse(Double.isFinite(last), "last batch loss " + last);
        for (int i = 0; i < batchLosses.size() - 1; i++) {
            assertTrue(Double.isFinite(batchLosses.get(i)), "only the last batch may be invalid: " + batchLosses);
        }
        String msg = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(msg.matches("Batch \\d+: Invalid loss, terminating training\\R"), msg);
    }

    @Test
    void configRoundTripThroughTheRegistry() {
        TerminateOnNaN t = new TerminateOnNaN();
        assertEquals(Map.of(), t.getConfig());
        Map<String, Object> spec = Registry.serialize(t);
        TerminateOnNaN back = Registry.get().deserialize(Kind.CALLBACK, spec, TerminateOnNaN.class);
        assertEquals(t.getConfig(), back.getConfig());
        assertTrue(Registry.get().create(Kind.CALLBACK, "TerminateOnNaN", Config.empty(), TerminateOnNaN.class) != null);
    }
}
