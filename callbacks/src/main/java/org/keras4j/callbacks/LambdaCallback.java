package org.keras4j.callbacks;

import java.util.Map;
import java.util.function.Consumer;
import org.keras4j.framework.callbacks.Callback;

/**
 * A callback made of lambdas, one per hook you need (Keras's {@code keras.callbacks.LambdaCallback}).
 * Hooks left unset do nothing. Epoch and batch numbers are 0-based, as in every callback.
 *
 * <pre>{@code
 * var printer = LambdaCallback.builder()
 *         .onEpochEnd((epoch, logs) -> System.out.println(epoch + ": " + logs.get("loss")))
 *         .onTrainEnd(logs -> System.out.println("done"))
 *         .build();
 * model.fit(x, y, FitOptions.epochs(5).callbacks(printer));
 * }</pre>
 *
 * <p>Keras's {@code on_batch_begin}/{@code on_batch_end} are {@link Builder#onTrainBatchBegin} and
 * {@link Builder#onTrainBatchEnd}. Not serializable through the registry: lambdas have no config form.
 */
public final class LambdaCallback extends Callback {

    /** A hook that receives an epoch or batch number (0-based) and the logs. */
    @FunctionalInterface
    public interface IndexedHook {
        void accept(int index, Map<String, Double> logs);
    }

    private final Consumer<Map<String, Double>> onTrainBegin;
    private final Consumer<Map<String, Double>> onTrainEnd;
    private final IndexedHook onEpochBegin;
    private final IndexedHook onEpochEnd;
    private final IndexedHook onTrainBatchBegin;
    private final IndexedHook onTrainBatchEnd;
    private final Consumer<Map<String, Double>> onTestBegin;
    private final Consumer<Map<String, Double>> onTestEnd;
    private final IndexedHook onTestBatchBegin;
    private final IndexedHook onTestBatchEnd;
    private final Consumer<Map<String, Double>> onPredictBegin;
    private final Consumer<Map<String, Double>> onPredictEnd;
    private final IndexedHook onPredictBatchBegin;
    private final IndexedHook onPredictBatchEnd;

    private LambdaCallback(Builder b) {
        onTrainBegin = b.onTrainBegin;
        onTrainEnd = b.onTrainEnd;
        onEpochBegin = b.onEpochBegin;
        onEpochEnd = b.onEpochEnd;
        onTrainBatchBegin = b.onTrainBatchBegin;
        onTrainBatchEnd = b.onTrainBatchEnd;
        onTestBegin = b.onTestBegin;
        onTestEnd = b.onTestEnd;
        onTestBatchBegin = b.onTestBatchBegin;
        onTestBatchEnd = b.onTestBatchEnd;
        onPredictBegin = b.onPredictBegin;
        onPredictEnd = b.onPredictEnd;
        onPredictBatchBegin = b.onPredictBatchBegin;
        onPredictBatchEnd = b.onPredictBatchEnd;
    }

    public static Builder builder() {
        return new Builder();
    }

    private static void run(Consumer<Map<String, Double>> hook, Map<String, Double> logs) {
        if (hook != null) {
            hook.accept(logs);
        }
    }

    private static void run(IndexedHook hook, int index, Map<String, Double> logs) {
        if (hook != null) {
            hook.accept(index, logs);
        }
    }

    @Override public void onTrainBegin(Map<String, Double> logs) { run(onTrainBegin, logs); }
    @Override public void onTrainEnd(Map<String, Double> logs) { run(onTrainEnd, logs); }
    @Override public void onEpochBegin(int epoch, Map<String, Double> logs) { run(onEpochBegin, epoch, logs); }
    @Override public void onEpochEnd(int epoch, Map<String, Double> logs) { run(onEpochEnd, epoch, logs); }
    @Override public void onTrainBatchBegin(int batch, Map<String, Double> logs) { run(onTrainBatchBegin, batch, logs); }
    @Override public void onTrainBatchEnd(int batch, Map<String, Double> logs) { run(onTrainBatchEnd, batch, logs); }
    @Override public void onTestBegin(Map<String, Double> logs) { run(onTestBegin, logs); }
    @Override public void onTestEnd(Map<String, Double> logs) { run(onTestEnd, logs); }
    @Override public void onTestBatchBegin(int batch, Map<String, Double> logs) { run(onTestBatchBegin, batch, logs); }
    @Override public void onTestBatchEnd(int batch, Map<String, Double> logs) { run(onTestBatchEnd, batch, logs); }
    @Override public void onPredictBegin(Map<String, Double> logs) { run(onPredictBegin, logs); }
    @Override public void onPredictEnd(Map<String, Double> logs) { run(onPredictEnd, logs); }
    @Override public void onPredictBatchBegin(int batch, Map<String, Double> logs) { run(onPredictBatchBegin, batch, logs); }
    @Override public void onPredictBatchEnd(int batch, Map<String, Double> logs) { run(onPredictBatchEnd, batch, logs); }

    /** Collects the hooks; each setter replaces an earlier lambda for the same hook. */
    public static final class Builder {
        private Consumer<Map<String, Double>> onTrainBegin;
        private Consumer<Map<String, Double>> onTrainEnd;
        private IndexedHook onEpochBegin;
        private IndexedHook onEpochEnd;
        private IndexedHook onTrainBatchBegin;
        private IndexedHook onTrainBatchEnd;
        private Consumer<Map<String, Double>> onTestBegin;
        private Consumer<Map<String, Double>> onTestEnd;
        private IndexedHook onTestBatchBegin;
        private IndexedHook onTestBatchEnd;
        private Consumer<Map<String, Double>> onPredictBegin;
        private Consumer<Map<String, Double>> onPredictEnd;
        private IndexedHook onPredictBatchBegin;
        private IndexedHook onPredictBatchEnd;

        private Builder() {
        }

        public Builder onTrainBegin(Consumer<Map<String, Double>> f) { onTrainBegin = f; return this; }
        public Builder onTrainEnd(Consumer<Map<String, Double>> f) { onTrainEnd = f; return this; }
        public Builder onEpochBegin(IndexedHook f) { onEpochBegin = f; return this; }
        public Builder onEpochEnd(IndexedHook f) { onEpochEnd = f; return this; }
        public Builder onTrainBatchBegin(IndexedHook f) { onTrainBatchBegin = f; return this; }
        public Builder onTrainBatchEnd(IndexedHook f) { onTrainBatchEnd = f; return this; }
        public Builder onTestBegin(Consumer<Map<String, Double>> f) { onTestBegin = f; return this; }
        public Builder onTestEnd(Consumer<Map<String, Double>> f) { onTestEnd = f; return this; }
        public Builder onTestBatchBegin(IndexedHook f) { onTestBatchBegin = f; return this; }
        public Builder onTestBatchEnd(IndexedHook f) { onTestBatchEnd = f; return this; }
        public Builder onPredictBegin(Consumer<Map<String, Double>> f) { onPredictBegin = f; return this; }
        public Builder onPredictEnd(Consumer<Map<String, Double>> f) { onPredictEnd = f; return this; }
        public Builder onPredictBatchBegin(IndexedHook f) { onPredictBatchBegin = f; return this; }
        public Builder onPredictBatchEnd(IndexedHook f) { onPredictBatchEnd = f; return this; }

        public LambdaCallback build() {
            return new LambdaCallback(this);
        }
    }
}
