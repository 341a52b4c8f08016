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
    /** Several outputs: their names (log prefixes), metric specs, resolved metrics and loss trackers; null for one output. */
    private final List<String> outputNames;
    private final List<List<Object>> outputSpecs;
    private final List<List<Metric>> outputMetrics;
    private final List<RunningMean> outputLosses;

    CompiledMetrics(List<Object> specs) {
        this.specs = new ArrayList<>(specs);
        for (Object s : specs) {
            if (s == null) {
                throw new IllegalArgumentException("compile: metrics must not contain null");
            }
        }
        this.outputNames = null;
        this.outputSpecs = null;
        this.outputMetrics = null;
        this.outputLosses = null;
    }

    /** Metrics of a model with several outputs: logged as {@code <output>_<metric>} and {@code <output>_loss}. */
    CompiledMetrics(List<List<Object>> perOutput, List<String> outputNames) {
        this.specs = List.of();
        this.outputNames = List.copyOf(outputNames);
        this.outputSpecs = new ArrayList<>();
        this.outputMetrics = new ArrayList<>();
        this.outputLosses = new ArrayList<>();
        for (List<Object> s : perOutput) {
            outputSpecs.add(new ArrayList<>(s));
            outputMetrics.add(null);
            outputLosses.add(new RunningMean());
        }
    }

    /** Updates output {@code k}'s metrics (for one output, the same as {@link #update(INDArray, INDArray, INDArray)}). */
    void update(int k, INDArray y, INDArray yPred, INDArray sampleWeight) {
        if (outputNames == null) {
            update(y, yPred, sampleWeight);
            return;
        }
        if (outputMetrics.get(k) == null) {
            try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                List<Metric> resolved = new ArrayList<>();
                for (Object s : outputSpecs.get(k)) {
                    resolved.add(Metrics.getByShapes(s, y.shape(), yPred.shape()));
                }
                outputMetrics.set(k, resolved);
            }
        }
        for (Metric m : outputMetrics.get(k)) {
            m.updateState(y, yPred, sampleWeight);
        }
    }

    /** Records each output's (weighted) loss of a batch; nothing for a single-output model. */
    void recordOutputLosses(double[] parts, long batch) {
        if (outputLosses != null) {
            for (int k = 0; k < parts.length; k++) {
                outputLosses.get(k).update(parts[k], batch);
            }
        }
    }

    /** The metrics as given to {@code compile} (names or objects). */
    List<Object> specs() {
        return java.util.Collections.unmodifiableList(specs);
    }

    /** Every metric spec as given to {@code compile}, over all outputs. */
    List<Object> allSpecs() {
        if (outputSpecs == null) {
            return specs();
        }
        List<Object> all = new ArrayList<>();
        for (List<Object> s : outputSpecs) {
            all.addAll(s);
        }
        return all;
    }

    /** Output {@code k}'s metric specs (a model with several outputs), as given to {@code compile}. */
    List<Object> outputSpecs(int k) {
        return outputSpecs == null ? specs() : java.util.Collections.unmodifiableList(outputSpecs.get(k));
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
        if (outputNames != null) {
            for (int k = 0; k < outputNames.size(); k++) {
                outputLosses.get(k).reset();
                if (outputMetrics.get(k) != null) {
                    for (Metric m : outputMetrics.get(k)) {
                        m.resetState();
                    }
                }
            }
        }
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
        putAll(logs, "", metrics);
        if (outputNames != null) {
            // Keras 3's order: the compiled metrics of every output, then each output's loss.
            for (int k = 0; k < outputNames.size(); k++) {
                putAll(logs, outputNames.get(k) + "_", outputMetrics.get(k));
            }
            for (int k = 0; k < outputNames.size(); k++) {
                logs.put(outputNames.get(k) + "_loss", outputLosses.get(k).result());
            }
        }
        return logs;
    }

    private static void putAll(Map<String, Double> logs, String prefix, List<Metric> ms) {
        if (ms == null) {
            return;
        }
        for (Metric m : ms) {
            double[] values = m.resultArray();
            if (values.length == 1) {
                logs.put(prefix + m.name(), values[0]);
            } else {
                for (int i = 0; i < values.length; i++) {
                    logs.put(prefix + m.name() + "_" + i, values[i]);
                }
            }
        }
    }
}
