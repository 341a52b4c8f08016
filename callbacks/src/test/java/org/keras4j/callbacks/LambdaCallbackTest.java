package org.keras4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.optimizers.SGD;
import org.nd4j.linalg.api.ndarray.INDArray;

class LambdaCallbackTest {

    @Test
    void trainHooksFireWithEpochAndBatchNumbers() {
        INDArray[] d = TestModels.regression(40, 5);
        Sequential model = TestModels.linear();
        model.compile(new SGD(0.01), "mse");
        List<String> events = new ArrayList<>();
        LambdaCallback cb = LambdaCallback.builder()
                .onTrainBegin(logs -> events.add("train_begin"))
                .onEpochBegin((e, logs) -> events.add("epoch_begin " + e))
                .onTrainBatchBegin((b, logs) -> events.add("batch_begin " + b))
                .onTrainBatchEnd((b, logs) -> events.add("batch_end " + b + " " + logs.keySet()))
                .onEpochEnd((e, logs) -> events.add("epoch_end " + e + " " + logs.keySet()))
                .onTrainEnd(logs -> events.add("train_end"))
                .onTestBegin(logs -> events.add("test_begin"))
                .onTestBatchEnd((b, logs) -> events.add("test_batch_end " + b))
                .onTestEnd(logs -> events.add("test_end"))
                .build();
        // 30 training samples in batches of 15 (2 steps), 10 validation samples in one batch.
        model.fit(d[0], d[1], FitOptions.epochs(2).batchSize(15).verbose(0).validationSplit(0.25).shuffle(false).callbacks(cb));
        List<String> expected = new ArrayList<>(List.of("train_begin"));
        for (int e = 0; e < 2; e++) {
            expected.addAll(List.of("epoch_begin " + e, "batch_begin 0", "batch_end 0 [loss]", "batch_begin 1", "batch_end 1 [loss]",
                    "test_begin", "test_batch_end 0", "test_end", "epoch_end " + e + " [loss, val_loss]"));
        }
        expected.add("train_end");
        assertEquals(expected, events);
    }

    @Test
    void predictHooksAndLaterSettersReplaceEarlierOnes() {
        INDArray[] d = TestModels.regression(25, 6);
        Sequential model = TestModels.linear();
        model.compile(new SGD(0.01), "mse");
        List<String> events = new ArrayList<>();
        LambdaCallback cb = LambdaCallback.builder()
                .onPredictBegin(logs -> events.add("replaced"))
                .onPredictBegin(logs -> events.add("predict_begin"))
                .onPredictBatchBegin((b, logs) -> events.add("pb " + b))
                .onPredictBatchEnd((b, logs) -> events.add("pe " + b))
                .onPredictEnd(logs -> events.add("predict_end"))
                .build();
        // Scripted: predict() takes no callbacks here, so drive the hooks as Keras's predict loop would.
        cb.onPredictBegin(Map.of());
        for (int b = 0; b < 3; b++) {
            cb.onPredictBatchBegin(b, Map.of());
            cb.onPredictBatchEnd(b, Map.of());
        }
        cb.onPredictEnd(Map.of());
        cb.onTrainBegin(Map.of()); // unset hooks do nothing
        cb.onTestBatchBegin(0, Map.of());
        assertEquals(List.of("predict_begin", "pb 0", "pe 0", "pb 1", "pe 1", "pb 2", "pe 2", "predict_end"), events);
        model.predict(d[0]); // unaffected
    }
}
