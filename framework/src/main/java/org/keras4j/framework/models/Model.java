package org.keras4j.framework.models;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.autodiff.GradientTape;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.callbacks.Callback;
import org.keras4j.framework.callbacks.CallbackList;
import org.keras4j.framework.callbacks.History;
import org.keras4j.framework.callbacks.ProgbarLogger;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.optimizers.Optimizer;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A layer graph with Keras's training API: {@link #compile}, {@link #fit}, {@link #evaluate},
 * {@link #predict}, the {@code *OnBatch} methods for custom loops, {@link #summary} and weight
 * access. {@link Sequential} is the stack-of-layers kind.
 *
 * <p>{@link #trainStep} and {@link #testStep} may be overridden to customise one step, as in Keras.
 */
public abstract class Model extends Layer {
    private static final Logger LOG = LoggerFactory.getLogger(Model.class);

    private Optimizer optimizer;
    private Loss loss;
    private CompiledMetrics metrics;
    private volatile boolean stopTraining;
    private boolean warnedNaN;
    private PrintStream out = System.out;

    protected Model(String name) {
        super(name);
    }

    /** The layers, in order (for Sequential: without the Input). */
    public abstract List<Layer> layers();

    /** The layer named {@code name}; an error listing the names if absent. */
    public Layer getLayer(String name) {
        List<String> names = new ArrayList<>();
        for (Layer l : layers()) {
            if (l.name().equals(name)) {
                return l;
            }
            names.add(l.name());
        }
        throw new IllegalArgumentException("No such layer: " + name + ". Existing layers are: " + names);
    }

    public Layer getLayer(int index) {
        List<Layer> ls = layers();
        if (index < 0 || index >= ls.size()) {
            throw new IllegalArgumentException("Was asked to retrieve layer at index " + index + " but model only has "
                    + ls.size() + " layers");
        }
        return ls.get(index);
    }

    // ---- weights: a model's weights are its layers' weights ----

    @Override
    public List<Variable> weights() {
        List<Variable> all = new ArrayList<>();
        for (Layer l : layers()) {
            all.addAll(l.weights());
        }
        return all;
    }

    @Override
    public void setTrainable(boolean trainable) {
        super.setTrainable(trainable);
        for (Layer l : layers()) {
            l.setTrainable(trainable);
        }
    }

    @Override
    public List<Tensor> collectRegularizationLosses() {
        List<Tensor> all = new ArrayList<>();
        for (Layer l : layers()) {
            all.addAll(l.collectRegularizationLosses());
        }
        return all;
    }

    /** Copies of every weight's value, in layer order (Keras's {@code get_weights}). */
    public List<INDArray> getWeights() {
        List<INDArray> out = new ArrayList<>();
        for (Variable v : weights()) {
            out.add(v.value().dup());
        }
        return out;
    }

    /** Sets every weight, in layer order; counts and shapes must match {@link #getWeights()}. */
    public void setWeights(List<INDArray> values) {
        List<Variable> ws = weights();
        if (values.size() != ws.size()) {
            throw new IllegalArgumentException("setWeights: model \"" + name() + "\" has " + ws.size()
                    + " weights but received " + values.size());
        }
        for (int i = 0; i < ws.size(); i++) {
            if (!java.util.Arrays.equals(ws.get(i).shape(), values.get(i).shape())) {
                throw new IllegalArgumentException("setWeights: weight " + i + " (" + ws.get(i).name() + ") has shape "
                        + Shape.format(ws.get(i).shape()) + " but the value has shape " + Shape.format(values.get(i).shape()));
            }
        }
        for (int i = 0; i < ws.size(); i++) {
            ws.get(i).value().assign(values.get(i));
        }
    }

    // ---- compile ----

    /**
     * Configures training. Each argument is a registered name ({@code "adam"},
     * {@code "sparse_categorical_crossentropy"}, {@code "accuracy"}) or an object.
     */
    public void compile(Object optimizer, Object loss, Object... metrics) {
        Backend.init();
        Registry r = Registry.get();
        this.optimizer = optimizer instanceof Optimizer o ? o : r.deserialize(Kind.OPTIMIZER, requireSpec("optimizer", optimizer), Optimizer.class);
        this.loss = loss instanceof Loss l ? l : r.deserialize(Kind.LOSS, requireSpec("loss", loss), Loss.class);
        this.metrics = new CompiledMetrics(List.of(metrics));
    }

    private static Object requireSpec(String what, Object spec) {
        if (spec == null) {
            throw new IllegalArgumentException("compile: " + what + " must not be null");
        }
        return spec;
    }

    /**
     * The arguments of {@link #compile} as configs (Keras's {@code get_compile_config}):
     * {@code optimizer} and {@code loss} as {@code {"class_name", "config"}}, {@code metrics} as
     * given (names stay names). Null before compile. Saved model files keep it so training resumes.
     */
    public Map<String, Object> getCompileConfig() {
        if (!isCompiled()) {
            return null;
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("optimizer", Registry.serialize(optimizer));
        c.put("loss", Registry.serialize(loss));
        List<Object> ms = new ArrayList<>();
        for (Object m : metrics.specs()) {
            ms.add(m instanceof org.keras4j.framework.registry.Configurable cm ? Registry.serialize(cm) : m);
        }
        c.put("metrics", ms);
        return c;
    }

    /** Compiles from a {@link #getCompileConfig()} map (Keras's {@code compile_from_config}). */
    public void compileFromConfig(Map<String, ?> config) {
        org.keras4j.framework.registry.Config c = org.keras4j.framework.registry.Config.of(config, "compile_config");
        Object ms = c.raw("metrics");
        if (ms != null && !(ms instanceof List<?>)) {
            throw new IllegalArgumentException("compile_config: 'metrics' must be a list, received " + ms);
        }
        Registry r = Registry.get();
        Optimizer opt = r.deserialize(Kind.OPTIMIZER, requireSpec("optimizer", c.raw("optimizer")), Optimizer.class);
        Loss l = r.deserialize(Kind.LOSS, requireSpec("loss", c.raw("loss")), Loss.class);
        List<Object> metricSpecs = new ArrayList<>();
        if (ms != null) {
            for (Object m : (List<?>) ms) {
                metricSpecs.add(m instanceof Map<?, ?> ? r.deserialize(Kind.METRIC, m, org.keras4j.framework.metrics.Metric.class) : m);
            }
        }
        // Keras writes these too; only their defaults have a meaning here.
        c.ignore("loss_weights", "weighted_metrics", "run_eagerly", "steps_per_execution", "jit_compile", "auto_scale_loss");
        c.checkAllUsed("compile_config");
        compile(opt, l, metricSpecs.toArray());
    }

    // ---- files (see org.keras4j.framework.saving.Models) ----

    /** This model's config as JSON, in the layout of Keras's {@code model.to_json()}. */
    public String toJson() {
        return org.keras4j.framework.saving.Models.toJson(this);
    }

    /**
     * Saves config, weights, compile settings and optimizer state to one zip file, atomically
     * (see {@link org.keras4j.framework.saving.Models#save}).
     */
    public void save(java.nio.file.Path path) {
        org.keras4j.framework.saving.Models.save(this, path);
    }

    /** Saves only the weights (see {@link org.keras4j.framework.saving.Models#saveWeights}). */
    public void saveWeights(java.nio.file.Path path) {
        org.keras4j.framework.saving.Models.saveWeights(this, path);
    }

    /** Loads weights written by {@link #saveWeights} or {@link #save} into this (built) model. */
    public void loadWeights(java.nio.file.Path path) {
        org.keras4j.framework.saving.Models.loadWeights(this, path);
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public Loss loss() {
        return loss;
    }

    public boolean isCompiled() {
        return optimizer != null;
    }

    private void requireCompiled(String method) {
        if (!isCompiled()) {
            throw new IllegalStateException("You must call compile() before " + method + "()");
        }
    }

    /** Set to true (from a callback) to end {@code fit} after the current batch. */
    public void setStopTraining(boolean stop) {
        this.stopTraining = stop;
    }

    public boolean isStopTraining() {
        return stopTraining;
    }

    /** Where progress bars and summaries are printed (default {@code System.out}). */
    public void setOutput(PrintStream out) {
        this.out = out;
    }

    // ---- one step ----

    /**
     * One training step on a batch (Keras's {@code train_step}): forward pass, loss plus
     * regularization, gradients, optimizer update, metric update. Returns nothing; the loop
     * reads the metrics. Override to customise training. The batch arrays are reused for the next
     * batch, so keep a {@code detach()}ed copy of anything that must outlive the call.
     */
    protected void trainStep(INDArray x, INDArray y, INDArray sampleWeight) {
        List<Variable> trainable = trainableWeights();
        // Every temporary of the step lives in a workspace reused from step to step: no malloc, no page faults.
        try (MemoryWorkspace ws = StepWorkspace.activate(this); GradientTape tape = new GradientTape()) {
            Tensor yPred = call(Tensor.constant(x), true);
            Tensor total = totalLoss(y, yPred, sampleWeight);
            List<INDArray> grads = tape.gradient(total, trainable);
            optimizer.applyGradients(grads, trainable);
            recordLoss(total.scalar(), x.size(0));
            metrics.update(y, yPred.value(), metricWeights(sampleWeight, yPred));
        }
    }

    /** One evaluation step (Keras's {@code test_step}): forward pass in inference mode, loss, metrics. */
    protected void testStep(INDArray x, INDArray y, INDArray sampleWeight) {
        try (MemoryWorkspace ws = StepWorkspace.activate(this)) {
            Tensor yPred = call(Tensor.constant(x), false);
            Tensor total = totalLoss(y, yPred, sampleWeight);
            recordLoss(total.scalar(), x.size(0));
            metrics.update(y, yPred.value(), metricWeights(sampleWeight, yPred));
        }
    }

    /** As Keras, an output's mask joins the sample weights of the metrics: masked entries do not count. */
    private static INDArray metricWeights(INDArray sampleWeight, Tensor yPred) {
        INDArray mask = yPred.mask();
        if (mask == null) {
            return sampleWeight;
        }
        INDArray m = mask.castTo(yPred.dataType());
        if (sampleWeight == null) {
            return m;
        }
        INDArray w = sampleWeight.castTo(m.dataType());
        if (w.rank() >= m.rank()) {
            return m.mul(w);
        }
        long[] perSample = new long[m.rank()];
        java.util.Arrays.fill(perSample, 1);
        perSample[0] = w.size(0);
        return m.mul(w.reshape(perSample).broadcast(m.shape()));
    }

    /** The compiled loss plus every regularization penalty (what Keras logs as {@code loss}). */
    protected Tensor totalLoss(INDArray y, Tensor yPred, INDArray sampleWeight) {
        Tensor total = loss.compute(y, yPred, sampleWeight);
        for (Tensor penalty : collectRegularizationLosses()) {
            total = Ops.add(total, penalty);
        }
        return total;
    }

    private void recordLoss(double value, long batch) {
        if (Double.isNaN(value) && !warnedNaN) {
            warnedNaN = true;
            LOG.warn("Model \"{}\": the loss became NaN. Check the data for NaN or infinite values, lower the learning "
                    + "rate, or stop training with the TerminateOnNaN callback.", name());
        }
        metrics.lossTracker().update(value, batch);
    }

    // ---- fit / evaluate / predict ----

    /** {@link #fit(INDArray, INDArray, FitOptions)} with Keras's defaults (1 epoch, batch size 32). */
    public History fit(INDArray x, INDArray y) {
        return fit(x, y, new FitOptions());
    }

    /**
     * Trains the model, as Keras's {@code fit}: validation split from the tail before shuffling,
     * shuffling each epoch, callbacks at every hook, {@code val_*} logs, {@link #setStopTraining}.
     *
     * @param x inputs, first axis the samples
     * @param y targets (class indices for sparse losses), first axis the samples
     */
    public History fit(INDArray x, INDArray y, FitOptions o) {
        requireCompiled("fit");
        DataChecks.sameSamples("fit", "x", x, "y", y);
        INDArray sw = DataChecks.sampleWeights("fit", x, y, o.sampleWeight, o.classWeight);
        x = DataChecks.inputs("fit", x);
        DataChecks.finite("fit", "y", y);

        INDArray vx = o.validationX;
        INDArray vy = o.validationY;
        INDArray vsw = o.validationSampleWeight;
        if (vx != null) {
            DataChecks.sameSamples("fit (validation_data)", "x", vx, "y", vy);
            vx = DataChecks.inputs("fit (validation_data)", vx);
        } else if (o.validationSplit > 0) {
            long splitAt = (long) Math.floor(x.size(0) * (1.0 - o.validationSplit));
            if (splitAt == 0 || splitAt == x.size(0)) {
                throw new IllegalArgumentException("fit: validation_split=" + o.validationSplit + " leaves no samples for "
                        + (splitAt == 0 ? "training" : "validation") + " out of " + x.size(0));
            }
            vx = Batches.rows(x, splitAt, x.size(0));
            vy = Batches.rows(y, splitAt, y.size(0));
            vsw = sw == null ? null : Batches.rows(sw, splitAt, sw.size(0));
            x = Batches.rows(x, 0, splitAt);
            y = Batches.rows(y, 0, splitAt);
            sw = sw == null ? null : Batches.rows(sw, 0, splitAt);
        }
        prepareForData(x);

        try (Batches data = new Batches(o.batchSize, x, y, sw)) {
            return train(data, o, vx, vy, vsw);
        }
    }

    /** The epoch loop of {@link #fit}, over prepared data. */
    private History train(Batches data, FitOptions o, INDArray vx, INDArray vy, INDArray vsw) {
        int verbose = ProgbarLogger.effectiveVerbose(o.verbose);
        History history = new History();
        // As in Keras 3: user callbacks first (so values they add, like learning_rate, reach the bar), then the bar and History.
        List<Callback> all = new ArrayList<>(o.callbacks);
        if (verbose > 0) {
            all.add(new ProgbarLogger(verbose, out));
        }
        all.add(history);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("epochs", o.epochs);
        params.put("steps", data.steps());
        params.put("verbose", verbose);
        CallbackList callbacks = new CallbackList(all, this, params);

        stopTraining = false;
        Map<String, Double> epochLogs = new LinkedHashMap<>();
        callbacks.onTrainBegin(new LinkedHashMap<>());
        for (int epoch = o.initialEpoch; epoch < o.epochs; epoch++) {
            metrics.reset();
            callbacks.onEpochBegin(epoch, new LinkedHashMap<>());
            if (o.shuffle) {
                data.shuffle(Backend.hostRandom());
            }
            for (int step = 0; step < data.steps(); step++) {
                callbacks.onTrainBatchBegin(step, new LinkedHashMap<>());
                INDArray[] b = data.batch(step);
                trainStep(b[0], b[1], b[2]);
                callbacks.onTrainBatchEnd(step, metrics.results());
                if (stopTraining) {
                    break;
                }
            }
            epochLogs = metrics.results();
            if (vx != null && (epoch + 1 - o.initialEpoch) % o.validationFreq == 0) {
                int vbs = o.validationBatchSize != null ? o.validationBatchSize : o.batchSize;
                Map<String, Double> val = runEvaluation(vx, vy, vsw, vbs, callbacks);
                for (Map.Entry<String, Double> e : val.entrySet()) {
                    epochLogs.put("val_" + e.getKey(), e.getValue());
                }
            }
            callbacks.onEpochEnd(epoch, epochLogs);
            if (stopTraining) {
                break;
            }
        }
        callbacks.onTrainEnd(epochLogs);
        return history;
    }

    /** Loss and metrics on {@code (x, y)}: batch size 32, progress bar as in Keras. */
    public Map<String, Double> evaluate(INDArray x, INDArray y) {
        return evaluate(x, y, 32, 1);
    }

    public Map<String, Double> evaluate(INDArray x, INDArray y, int batchSize, int verbose) {
        return evaluate(x, y, null, batchSize, verbose, List.of());
    }

    /**
     * Computes the loss and metrics on {@code (x, y)} in inference mode, as Keras's {@code evaluate}.
     * Returns {@code {"loss": ..., "<metric>": ...}}.
     */
    public Map<String, Double> evaluate(INDArray x, INDArray y, INDArray sampleWeight, int batchSize, int verbose,
            List<? extends Callback> userCallbacks) {
        requireCompiled("evaluate");
        DataChecks.batchSize("evaluate", batchSize);
        DataChecks.sameSamples("evaluate", "x", x, "y", y);
        x = DataChecks.inputs("evaluate", x);
        prepareForData(x);
        int v = ProgbarLogger.effectiveVerbose(verbose);
        List<Callback> all = new ArrayList<>();
        if (v > 0) {
            all.add(new ProgbarLogger(v, out));
        }
        all.addAll(userCallbacks);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("steps", new Batches(batchSize, x).steps());
        params.put("verbose", v);
        return runEvaluation(x, y, sampleWeight, batchSize, new CallbackList(all, this, params));
    }

    private Map<String, Double> runEvaluation(INDArray x, INDArray y, INDArray sw, int batchSize, CallbackList callbacks) {
        // The epoch's training results were read before this point, so the same metric objects are
        // reset and reused for validation, as Keras does.
        {
            metrics.reset();
            Batches data = new Batches(batchSize, x, y, sw);
            callbacks.onTestBegin(new LinkedHashMap<>());
            for (int step = 0; step < data.steps(); step++) {
                callbacks.onTestBatchBegin(step, new LinkedHashMap<>());
                INDArray[] b = data.batch(step);
                testStep(b[0], b[1], b[2]);
                callbacks.onTestBatchEnd(step, metrics.results());
            }
            Map<String, Double> logs = metrics.results();
            callbacks.onTestEnd(logs);
            return logs;
        }
    }

    /** Predictions for every sample, in batches of 32; silent. Safe to call from many threads at once. */
    public INDArray predict(INDArray x) {
        return predict(x, 32);
    }

    /** Predictions for every sample, computed {@code batchSize} samples at a time in inference mode. */
    public INDArray predict(INDArray x, int batchSize) {
        DataChecks.batchSize("predict", batchSize);
        x = DataChecks.inputs("predict", x);
        prepareForData(x);
        Batches data = new Batches(batchSize, x);
        INDArray result = null;
        for (int step = 0; step < data.steps(); step++) {
            INDArray xb = data.batch(step)[0];
            INDArray yb = call(Tensor.constant(xb), false).value();
            if (data.steps() == 1) {
                return yb;
            }
            if (result == null) {
                long[] shape = yb.shape().clone();
                shape[0] = data.size();
                result = Nd4j.create(yb.dataType(), shape);
            }
            long from = (long) step * batchSize;
            Batches.rows(result, from, from + xb.size(0)).assign(yb);
        }
        return result;
    }

    /** One training step on one batch; returns the loss and metrics of this batch alone. */
    public Map<String, Double> trainOnBatch(INDArray x, INDArray y) {
        return trainOnBatch(x, y, null);
    }

    public Map<String, Double> trainOnBatch(INDArray x, INDArray y, INDArray sampleWeight) {
        requireCompiled("trainOnBatch");
        DataChecks.sameSamples("trainOnBatch", "x", x, "y", y);
        x = DataChecks.inputs("trainOnBatch", x);
        prepareForData(x);
        metrics.reset();
        trainStep(x, y, sampleWeight);
        return metrics.results();
    }

    /** Loss and metrics of one batch in inference mode. */
    public Map<String, Double> testOnBatch(INDArray x, INDArray y) {
        requireCompiled("testOnBatch");
        DataChecks.sameSamples("testOnBatch", "x", x, "y", y);
        x = DataChecks.inputs("testOnBatch", x);
        prepareForData(x);
        metrics.reset();
        testStep(x, y, null);
        return metrics.results();
    }

    /** Predictions for one batch. */
    public INDArray predictOnBatch(INDArray x) {
        x = DataChecks.inputs("predictOnBatch", x);
        prepareForData(x);
        return call(Tensor.constant(x), false).value();
    }

    /**
     * Called before data flows: builds the model from the data's shape if needed and checks the
     * shape against what the model expects. Subclasses give the check its Keras wording.
     */
    protected abstract void prepareForData(INDArray x);

    /** The output shape of each layer of {@link #layers()} (batch axis None); null entries before building. */
    public abstract List<Shape> layerOutputShapes();

    // ---- summary ----

    /** Prints the Keras layer table (layer, output shape, parameter count) and totals. */
    public void summary() {
        out.print(summaryText());
        out.flush();
    }

    /** The text {@link #summary()} prints. */
    public String summaryText() {
        return Summary.render(this);
    }
}
