package org.keras4j.framework.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.metrics.Metric;
import org.keras4j.framework.metrics.Metrics;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The metrics given to {@code compile} plus the loss tracker. Names such as {@code "accuracy"} are
 * resolved on the first batch, when the output shape is known, as Keras does.
 */
final class CompiledMetrics {
    private final Loss loss;
    private final List<Object> specs;
    private List<Metric> metrics;
    private final RunningMean lossTracker = new RunningMean();

    CompiledMetrics(Loss loss, List<Object> specs) {
        this.loss = loss;
        this.specs = new ArrayList<>(specs);
        for (Object s : specs) {
            if (s == null) {
                throw new IllegalArgumentException("compile: metrics must not contain null");
            }
        }
    }

    RunningMean lossTracker() {
        return lossTracker;
    }

    void update(INDArray y, INDArray yPred, INDArray sampleWeight) {
        if (metrics == null) {
            List<Metric> resolved = new ArrayList<>();
            for (Object s : specs) {
                resolved.add(Metrics.get(s, loss, yPred.shape()));
            }
            metrics = resolved;
        }
        for (Metric m : metrics) {
            m.updateState(y, yPred, sampleWeight);
        }
    }

    void reset() {
        lossTracker.reset();
        if (metrics != null) {
            for (Metric m : metrics) {
                m.resetState();
            }
        }
    }

    /** {@code loss} first, then each metric by its log name. */
    Map<String, Double> results() {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", lossTracker.result());
        if (metrics != null) {
            for (Metric m : metrics) {
                logs.put(m.name(), m.result());
            }
        }
        return logs;
    }
}
