package org.keras4j.framework.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small helpers for the metric tests: array literals and the config round trip. */
final class MetricTesting {
    static final double TOL = 1e-9;

    private MetricTesting() {
    }

    static INDArray vec(double... v) {
        return Nd4j.createFromArray(v);
    }

    static INDArray mat(double[]... rows) {
        return Nd4j.createFromArray(rows);
    }

    static INDArray ints(int... v) {
        return Nd4j.createFromArray(v);
    }

    /**
     * getConfig -> Registry.create -> the same class and config, and the same result on the same
     * batches; returns the rebuilt metric.
     */
    static Metric roundTrip(Metric m, INDArray yTrue, INDArray yPred, INDArray sampleWeight) {
        Map<String, Object> config = m.getConfig();
        Metric rebuilt = Registry.get().create(Kind.METRIC, m.className(), Config.of(config), Metric.class);
        assertEquals(m.getClass(), rebuilt.getClass());
        assertEquals(config, rebuilt.getConfig());
        assertEquals(m.name(), rebuilt.name());
        m.resetState();
        m.updateState(yTrue, yPred, sampleWeight);
        rebuilt.updateState(yTrue, yPred, sampleWeight);
        assertArrayEquals(m.resultArray(), rebuilt.resultArray(), TOL);
        return rebuilt;
    }
}
