package org.keras4j.callbacks;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.callbacks.Callback;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.optimizers.SGD;
import org.keras4j.layers.core.Dense;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.LoggerFactory;

/**
 * Drives a callback through a scripted training run: the hooks are called directly with given
 * per-epoch values, against a real small model (for weights and optimizer).
 */
final class Scripted {
    private Scripted() {
    }

    /** A compiled 3 -> 4 -> 1 model with SGD at {@code learningRate}. */
    static Sequential model(double learningRate) {
        Backend.setRandomSeed(7);
        Sequential m = new Sequential(new Input(3), new Dense(4, "relu"), new Dense(1));
        m.compile(new SGD(learningRate), "mse");
        return m;
    }

    /** One epoch's logs: {@code key} = {@code value}, plus a {@code loss} entry, in a mutable map. */
    static Map<String, Double> logs(String key, double value) {
        Map<String, Double> logs = new LinkedHashMap<>();
        logs.put("loss", 0.25);
        logs.put(key, value);
        return logs;
    }

    /** The result of a scripted run. */
    record Run(int epochsRun, List<List<INDArray>> weightsAtEpochEnd, List<Map<String, Double>> logs) {
    }

    /**
     * Runs {@code onTrainBegin}, then for each value: new random weights (so each epoch's weights
     * differ), a record of them, {@code onEpochEnd}, and a stop when the model was asked to; then
     * {@code onTrainEnd}. Mirrors {@code Model.fit}'s order of hooks.
     */
    static Run run(Callback cb, Sequential model, String key, double... values) {
        cb.setModel(model);
        model.setStopTraining(false);
        cb.onTrainBegin(new LinkedHashMap<>());
        List<List<INDArray>> weights = new ArrayList<>();
        List<Map<String, Double>> allLogs = new ArrayList<>();
        int epochs = 0;
        Map<String, Double> last = new LinkedHashMap<>();
        for (int epoch = 0; epoch < values.length; epoch++) {
            cb.onEpochBegin(epoch, new LinkedHashMap<>());
            List<INDArray> fresh = new ArrayList<>();
            for (INDArray w : model.getWeights()) {
                fresh.add(Nd4j.rand(DataType.FLOAT, w.shape()));
            }
            model.setWeights(fresh);
            weights.add(model.getWeights());
            last = logs(key, values[epoch]);
            cb.onEpochEnd(epoch, last);
            allLogs.add(last);
            epochs++;
            if (model.isStopTraining()) {
                break;
            }
        }
        cb.onTrainEnd(last);
        return new Run(epochs, weights, allLogs);
    }

    /** Captures what {@link MonitorCallback} logs until {@link ListAppender#stop()} and detach. */
    static ListAppender<ILoggingEvent> captureWarnings() {
        Logger logger = (Logger) LoggerFactory.getLogger(MonitorCallback.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        return appender;
    }

    static void release(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(MonitorCallback.class)).detachAppender(appender);
        appender.stop();
    }
}
