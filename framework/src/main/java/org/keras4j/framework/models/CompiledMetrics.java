package org.keras4j.framework.models;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.metrics.Metric;
import org.keras4j.framework.metrics.Metrics;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The metrics given to {@code compile} plus the loss tracker. Names such as {@code "accuracy"} are
 * resolved on the first batch from the shapes of targets and outputs, as Keras 3 does.
 */
final class CompiledMetrics {
    private final List<Object> specs;
    private List<Metric> metrics;
    private final RunningMean lossTracker = new RunningMean();

    CompiledMetrics(List<Object> specs) {
        this.specs = new ArrayList<>(specs);
        for (Object s : specs) {
            if (s == null) {
                throw new IllegalArgumentException("compile: metrics must not contain null");
            }
        }
    }

    /** The metrics as given to {@code compile} (names or objects). */
    List<Object> specs() {
        return java.util.Collections.unmodifiableList(specs);
    }

    RunningMean lossTracker() {
        return lossTracker;
    }

    void update(INDArray y, INDArray yPred, INDArray sampleWeight) {
        if (metrics == null) {
            // Metric state outlives the step, so metrics are made outside the step's workspace.
            try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                List<Metric> resolved = new ArrayList<>();
                for (Object s : specs) {
                    resolved.add(Metrics.getByShapes(s, y.shape(), yPred.shape()));
                }
                metrics = resolved;
            }
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

    /**
     * {@code loss} first, then each metric by its log name. A metric with one value per class or
     * threshold (F1Score with average=None, say) appears as {@code name_0}, {@code name_1}, ...
     */
    Map<String, Double> results() {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", lossTracker.result());
        if (metrics != null) {
            for (Metric m : metrics) {
                double[] values = m.resultArray();
                if (values.length == 1) {
                    logs.put(m.name(), values[0]);
                } else {
                    for (int i = 0; i < values.length; i++) {
                        logs.put(m.name() + "_" + i, values[i]);
                    }
                }
            }
        }
        return logs;
    }
}
