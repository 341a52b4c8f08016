package org.keras4j.framework.models;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.keras4j.framework.autodiff.GradientTape;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.backend.ReusedArrays;
import org.keras4j.framework.callbacks.Callback;
import org.keras4j.framework.callbacks.CallbackList;
import org.keras4j.framework.callbacks.History;
import org.keras4j.framework.callbacks.ProgbarLogger;
import org.keras4j.framework.layers.KerasTensor;
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
    /** Per-output losses (null entries: no loss on that output) for several outputs; null for one output. */
    private List<Loss> outputLosses;
    /** Keras's loss_weights, one per output; null when all are 1. */
    private double[] lossWeights;
    private volatile boolean stopTraining;
    private boolean warnedNaN;
    private PrintStream out = System.out;
    /** Set by a callback's onTrainBegin (BackupAndRestore) to resume a run; cleared when fit starts. */
    private int resumeEpoch = -1;
    private int resumeStep;
    private List<Callback> fitCallbacks = List.of();
    /** The arrays of the built-in train steps, handed from one step to the next (see {@link #trainStep}). */
    private final ReusedArrays stepArrays = new ReusedArrays();
    /** The arrays of the built-in test steps, likewise (their requests differ from a train step's). */
    private final ReusedArrays evaluationArrays = new ReusedArrays();
    /**
     * Whether the built-in steps run their forward pass and loss on reused arrays ({@link ForwardArrayReuse});
     * decided as fit, evaluate, trainOnBatch or testOnBatch starts.
     */
    private boolean reuseForwardArrays;

    protected Model(String name) {
        super(name);
    }

    /** A functional model from one symbolic input to one output, as Keras's {@code keras.Model(inputs, outputs)}. */
    public static Functional of(KerasTensor input, KerasTensor output) {
        return new Functional(input, output);
    }

    /** A functional model with several inputs and/or outputs (see {@link Functional}). */
    public static Functional of(List<KerasTensor> inputs, List<KerasTensor> outputs) {
        return new Functional(inputs, outputs);
    }

    public static Functional of(List<KerasTensor> inputs, List<KerasTensor> outputs, String name) {
        return new Functional(inputs, outputs, name);
    }

    /** Names that key input data given as a map (Keras's input names); one entry for a single-input model. */
    public List<String> inputNames() {
        return List.of("input");
    }

    /** Keras 3's {@code output_names}: they key targets and per-output losses/metrics and prefix their logs. */
    public List<String> outputNames() {
        List<Layer> ls = layers();
        return List.of(ls.isEmpty() ? "output" : ls.get(ls.size() - 1).name());
    }

    /** The layers, in order (for Sequential: without the Input). */
    public abstract List<Layer> layers();

    @Override
    public List<Layer> innerLayers() {
        return layers();
    }

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
        Object[] ms = metrics == null ? new Object[] {null} : metrics;
        boolean perOutput = loss instanceof List<?> || loss instanceof Map<?, ?> || (ms.length == 1 && ms[0] instanceof Map<?, ?>);
        if (!perOutput && outputNames().size() == 1) {
            Backend.init();
            Registry r = Registry.get();
            this.optimizer = optimizer instanceof Optimizer o ? o : r.deserialize(Kind.OPTIMIZER, requireSpec("optimizer", optimizer), Optimizer.class);
            this.loss = loss instanceof Loss l ? l : r.deserialize(Kind.LOSS, requireSpec("loss", loss), Loss.class);
            this.metrics = new CompiledMetrics(List.of(metrics));
            this.outputLosses = null;
            this.lossWeights = null;
            return;
        }
        compileStructured(optimizer, loss, ms.length == 1 && ms[0] instanceof Map<?, ?> ? ms[0] : java.util.Arrays.asList(ms), null);
    }

    /**
     * Configures training of a model with several outputs, as Keras's {@code compile(loss=...,
     * loss_weights=..., metrics=...)} with per-output structures:
     * <ul>
     * <li>{@code loss}: one spec for every output, a list with one entry per output (null for none),
     *     or a map from output name to spec;</li>
     * <li>{@code metrics}: a map from output name to a spec or list of specs, a list of such lists
     *     (one per output), or a list of plain specs given to every output; may be null;</li>
     * <li>{@code lossWeights}: one weight per output ({@code double[]}) or a map from output name to
     *     weight (default 1). The total loss is the weighted sum plus regularization.</li>
     * </ul>
     * Logs (several outputs) are {@code loss}, then {@code <output>_<metric>}, then {@code <output>_loss}
     * (weighted), as Keras 3 names them; validation logs add {@code val_}.
     *
     * <pre>{@code
     * model.compile("adam", Map.of("class", "sparse_categorical_crossentropy", "value", "mse"),
     *         Map.of("class", "accuracy"), Map.of("class", 1.0, "value", 0.5));
     * }</pre>
     */
    public void compile(Object optimizer, Object loss, Object metrics, Map<String, Double> lossWeights) {
        compileStructured(optimizer, loss, metrics, lossWeights);
    }

    /** {@link #compile(Object, Object, Object, Map)} with loss weights by output position. */
    public void compile(Object optimizer, Object loss, Object metrics, double[] lossWeights) {
        compileStructured(optimizer, loss, metrics, lossWeights);
    }

    /** The structured compile: {@code weights} is a {@code double[]}, a map by output name, or null. */
    void compileStructured(Object optimizer, Object loss, Object metrics, Object weights) {
        Backend.init();
        Registry r = Registry.get();
        Optimizer opt = optimizer instanceof Optimizer o ? o : r.deserialize(Kind.OPTIMIZER, requireSpec("optimizer", optimizer), Optimizer.class);
        List<String> names = outputNames();
        List<Object> lossSpecs = OutputSpecs.perOutput("loss", requireSpec("loss", loss), names);
        List<Loss> losses = new ArrayList<>();
        boolean any = false;
        for (Object spec : lossSpecs) {
            Loss l = spec == null ? null : spec instanceof Loss given ? given : r.deserialize(Kind.LOSS, spec, Loss.class);
            any |= l != null;
            losses.add(l);
        }
        if (!any) {
            throw new IllegalArgumentException("compile: no output of model \"" + name() + "\" has a loss; outputs are " + names);
        }
        List<List<Object>> metricSpecs = OutputSpecs.metrics(metrics, names);
        double[] w = OutputSpecs.weights(weights, names);
        this.optimizer = opt;
        this.lossWeights = w;
        if (names.size() == 1) {
            this.loss = losses.get(0);
            this.outputLosses = null;
            this.metrics = new CompiledMetrics(metricSpecs.get(0));
        } else {
            this.loss = null;
            this.outputLosses = losses;
            this.metrics = new CompiledMetrics(metricSpecs, names);
        }
    }

    static Object requireSpec(String what, Object spec) {
        if (spec == null) {
            throw new IllegalArgumentException("compile: " + what + " must not be null");
        }
        return spec;
    }

    /**
     * The arguments of {@link #compile} as configs (Keras's {@code get_compile_config}):
     * {@code optimizer} and {@code loss} as {@code {"class_name", "config"}}, {@code metrics} as
     * given (names stay names). A model with several outputs writes {@code loss} and {@code metrics}
     * as maps by output name, and {@code loss_weights} (by name) when given. Null before compile.
     * Saved model files keep it so training resumes.
     */
    public Map<String, Object> getCompileConfig() {
        return isCompiled() ? CompileConfig.write(this) : null;
    }

    /** Compiles from a {@link #getCompileConfig()} map (Keras's {@code compile_from_config}). */
    public void compileFromConfig(Map<String, ?> config) {
        CompileConfig.apply(this, config);
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

    /** The loss of a single-output model (null for several outputs: see {@link #losses()}). */
    public Loss loss() {
        return loss;
    }

    /** One loss per output (null where an output has none). */
    public List<Loss> losses() {
        return outputLosses != null ? java.util.Collections.unmodifiableList(outputLosses) : java.util.Collections.singletonList(loss);
    }

    /** The compiled metrics (their specs are what {@link #getCompileConfig} writes). */
    CompiledMetrics compiledMetrics() {
        return metrics;
    }

    /** The per-output losses of a model with several outputs, else null. */
    List<Loss> outputLosses() {
        return outputLosses;
    }

    /** The loss weights by output position, or null. */
    double[] lossWeights() {
        return lossWeights;
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

    /**
     * The callbacks of the running {@code fit} in the order their hooks are called (user callbacks,
     * then the progress bar and History); empty outside {@code fit}. Lets a callback that backs up
     * training (BackupAndRestore) find the state of the others.
     */
    public List<Callback> fitCallbacks() {
        return fitCallbacks;
    }

    /** Where progress bars, summaries and callbacks' messages are printed. */
    public PrintStream output() {
        return out;
    }

    /**
     * Makes the running {@code fit} resume at {@code epoch} (0-based), skipping its first
     * {@code step} batches; only honoured when called from a callback's {@code onTrainBegin}
     * (Keras's {@code BackupAndRestore} sets {@code model._initial_epoch} the same way). The skipped
     * epoch still begins normally (its shuffle is drawn), so a restored random state yields the
     * same batches as the interrupted run. An {@code epoch} at or past the last one ends fit at once.
     */
    public void resumeAt(int epoch, int step) {
        if (epoch < 0 || step < 0) {
            throw new IllegalArgumentException("resumeAt: epoch and step must be >= 0, received epoch=" + epoch + ", step=" + step);
        }
        this.resumeEpoch = epoch;
        this.resumeStep = step;
    }

    // ---- one step ----

    /**
     * One training step on a batch (Keras's {@code train_step}): forward pass, loss plus
     * regularization, gradients, optimizer update, metric update. Returns nothing; the loop
     * reads the metrics. Override to customise training. The batch arrays are reused for the next
     * batch, so keep a {@code detach()}ed copy of anything that must outlive the call.
     *
     * <p>This built-in step computes its gradients into arrays the model hands from step to step
     * ({@link ReusedArrays}); the optimizer reads them within the step and nothing reads them after.
     * When the model runs only Keras4J's own layers, losses and metrics ({@link ForwardArrayReuse}),
     * the forward pass and the loss reuse their arrays too.
     */
    protected void trainStep(INDArray x, INDArray y, INDArray sampleWeight) {
        List<Variable> trainable = trainableWeights();
        // Every temporary of the step lives in a workspace reused from step to step: no malloc, no page faults.
        try (MemoryWorkspace ws = StepWorkspace.activate(this); GradientTape tape = new GradientTape()) {
            Tensor yPred;
            Tensor total;
            List<INDArray> gradients;
            try (ReusedArrays.Scope forward = reusedIfAllowed(stepArrays)) {
                yPred = call(Tensor.constant(x), true);
                total = totalLoss(y, yPred, sampleWeight);
                gradients = stepGradients(tape, total, trainable);
            }
            optimizer.applyGradients(gradients, trainable);
            recordLoss(total.scalar(), x.size(0));
            metrics.update(y, yPred.value(), metricWeights(sampleWeight, yPred));
        }
    }

    /** The reuse scope of a built-in step's forward pass and loss: {@code arrays}' when allowed, else none. */
    private ReusedArrays.Scope reusedIfAllowed(ReusedArrays arrays) {
        return reuseForwardArrays ? arrays.open() : ReusedArrays.none();
    }

    /** Gradients into the step arrays (continuing the forward pass's scope when it is open). */
    private List<INDArray> stepGradients(GradientTape tape, Tensor total, List<Variable> trainable) {
        try (ReusedArrays.Scope reuse = stepArrays.open()) {
            return tape.gradient(total, trainable);
        }
    }

    /** Decides, as fit, evaluate, trainOnBatch or testOnBatch starts, whether the built-in steps reuse forward arrays. */
    private void decideForwardArrayReuse() {
        reuseForwardArrays = ForwardArrayReuse.allowed(this, losses(), metrics.allSpecs());
    }

    /** How many arrays the built-in train steps hand from step to step (for tests). */
    int reusedStepArrays() {
        return stepArrays.held();
    }

    /** How many arrays the built-in test steps hand from step to step (for tests). */
    int reusedEvaluationArrays() {
        return evaluationArrays.held();
    }

    /** Whether the built-in steps reuse forward arrays in the running or last fit or evaluation (for tests). */
    boolean reusesForwardArrays() {
        return reuseForwardArrays;
    }

    /**
     * One evaluation step (Keras's {@code test_step}): forward pass in inference mode, loss, metrics.
     * Its forward pass and loss reuse arrays from step to step as {@link #trainStep}'s do.
     */
    protected void testStep(INDArray x, INDArray y, INDArray sampleWeight) {
        try (MemoryWorkspace ws = StepWorkspace.activate(this)) {
            Tensor yPred;
            Tensor total;
            try (ReusedArrays.Scope forward = reusedIfAllowed(evaluationArrays)) {
                yPred = call(Tensor.constant(x), false);
                total = totalLoss(y, yPred, sampleWeight);
            }
            recordLoss(total.scalar(), x.size(0));
            metrics.update(y, yPred.value(), metricWeights(sampleWeight, yPred));
        }
    }

    /**
     * One training step of a model with several inputs or outputs: {@code xs} in input order,
     * {@code ys} in output order (null where an output has no loss). Override to customise.
     */
    protected void trainStep(INDArray[] xs, INDArray[] ys, INDArray sampleWeight) {
        List<Variable> trainable = trainableWeights();
        try (MemoryWorkspace ws = StepWorkspace.activate(this); GradientTape tape = new GradientTape()) {
            List<Tensor> preds;
            double[] parts = new double[ys.length];
            Tensor total;
            List<INDArray> gradients;
            try (ReusedArrays.Scope forward = reusedIfAllowed(stepArrays)) {
                preds = call(constants(xs), true);
                total = totalLoss(ys, preds, sampleWeight, parts);
                gradients = stepGradients(tape, total, trainable);
            }
            optimizer.applyGradients(gradients, trainable);
            recordOutputs(total, parts, xs[0].size(0), ys, preds, sampleWeight);
        }
    }

    /** One evaluation step of a model with several inputs or outputs. */
    protected void testStep(INDArray[] xs, INDArray[] ys, INDArray sampleWeight) {
        try (MemoryWorkspace ws = StepWorkspace.activate(this)) {
            List<Tensor> preds;
            double[] parts = new double[ys.length];
            Tensor total;
            try (ReusedArrays.Scope forward = reusedIfAllowed(evaluationArrays)) {
                preds = call(constants(xs), false);
                total = totalLoss(ys, preds, sampleWeight, parts);
            }
            recordOutputs(total, parts, xs[0].size(0), ys, preds, sampleWeight);
        }
    }

    private static List<Tensor> constants(INDArray[] xs) {
        List<Tensor> out = new ArrayList<>(xs.length);
        for (INDArray x : xs) {
            out.add(Tensor.constant(x));
        }
        return out;
    }

    private void recordOutputs(Tensor total, double[] parts, long batch, INDArray[] ys, List<Tensor> preds, INDArray sampleWeight) {
        recordLoss(total.scalar(), batch);
        metrics.recordOutputLosses(parts, batch);
        for (int k = 0; k < ys.length; k++) {
            if (ys[k] != null) {
                metrics.update(k, ys[k], preds.get(k).value(), metricWeights(sampleWeight, preds.get(k)));
            }
        }
    }

    /**
     * The weighted sum of the per-output losses plus every regularization penalty; {@code parts}
     * receives each output's weighted loss (what Keras logs as {@code <output>_loss}).
     */
    protected Tensor totalLoss(INDArray[] ys, List<Tensor> preds, INDArray sampleWeight, double[] parts) {
        if (ys.length != preds.size()) {
            throw new IllegalArgumentException("Model \"" + name() + "\" has " + preds.size() + " outputs " + outputNames()
                    + " but received " + ys.length + " target arrays");
        }
        Tensor total = null;
        for (int k = 0; k < ys.length; k++) {
            Loss l = outputLosses == null ? loss : outputLosses.get(k);
            if (l == null || ys[k] == null) {
                continue;
            }
            Tensor v = l.compute(ys[k], preds.get(k), sampleWeight);
            if (lossWeights != null) {
                v = Ops.multiplyScalar(v, lossWeights[k]);
            }
            parts[k] = v.scalar();
            total = total == null ? v : Ops.add(total, v);
        }
        for (Tensor penalty : collectRegularizationLosses()) {
            total = Ops.add(total, penalty);
        }
        return total;
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
        if (lossWeights != null) {
            total = Ops.multiplyScalar(total, lossWeights[0]);
        }
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
            return train(data, 1, 1, o, vx == null ? null : new INDArray[] {vx, vy, vsw});
        }
    }

    /** The epoch loop of {@link #fit}, over prepared data. */
    private History train(Batches data, int nx, int ny, FitOptions o, INDArray[] val) {
        decideForwardArrayReuse();
        int verbose = ProgbarLogger.effectiveVerbose(o.verbose);
        History history = new History();
        // As in Keras 3: user callbacks first (so values they add, like learning_rate, reach the bar), then the bar and History.
        List<Callback> all = new ArrayList<>(o.callbacks);
        // Callbacks that snapshot or restore the others' state (BackupAndRestore) see them after their work.
        all.sort(java.util.Comparator.comparing(Callback::runsAfterOtherCallbacks));
        if (verbose > 0) {
            all.add(new ProgbarLogger(verbose, out));
        }
        all.add(history);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("epochs", o.epochs);
        params.put("steps", data.steps());
        params.put("verbose", verbose);
        CallbackList callbacks = new CallbackList(all, this, params);
        fitCallbacks = java.util.Collections.unmodifiableList(all);
        try {
            return runEpochs(data, nx, ny, o, val, callbacks, history);
        } finally {
            fitCallbacks = List.of();
        }
    }

    private History runEpochs(Batches data, int nx, int ny, FitOptions o, INDArray[] val, CallbackList callbacks,
            History history) {
        stopTraining = false;
        resumeEpoch = -1;
        Map<String, Double> epochLogs = new LinkedHashMap<>();
        callbacks.onTrainBegin(new LinkedHashMap<>());
        int firstEpoch = resumeEpoch >= 0 ? resumeEpoch : o.initialEpoch;
        int skipSteps = resumeEpoch >= 0 ? resumeStep : 0;
        resumeEpoch = -1;
        for (int epoch = firstEpoch; epoch < o.epochs; epoch++) {
            metrics.reset();
            callbacks.onEpochBegin(epoch, new LinkedHashMap<>());
            if (o.shuffle) {
                data.shuffle(Backend.hostRandom());
            }
            int fromStep = epoch == firstEpoch ? skipSteps : 0;
            for (int step = fromStep; step < data.steps(); step++) {
                callbacks.onTrainBatchBegin(step, new LinkedHashMap<>());
                INDArray[] b = data.batch(step);
                if (nx == 1 && ny == 1) {
                    trainStep(b[0], b[1], b[2]);
                } else {
                    trainStep(java.util.Arrays.copyOfRange(b, 0, nx), java.util.Arrays.copyOfRange(b, nx, nx + ny), b[nx + ny]);
                }
                callbacks.onTrainBatchEnd(step, metrics.results());
                if (stopTraining) {
                    break;
                }
            }
            epochLogs = metrics.results();
            if (val != null && (epoch + 1 - o.initialEpoch) % o.validationFreq == 0) {
                int vbs = o.validationBatchSize != null ? o.validationBatchSize : o.batchSize;
                Map<String, Double> valLogs = runEvaluation(val, nx, ny, vbs, callbacks);
                for (Map.Entry<String, Double> e : valLogs.entrySet()) {
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

    // ---- several inputs or outputs ----

    /**
     * {@code fit} for any model, as Keras takes structures: {@code x} and {@code y} are each an
     * {@code INDArray}, a list (or array) of arrays in the model's input/output order, or a map
     * from input/output name to array.
     *
     * <pre>{@code model.fit(Map.of("image", xi, "meta", xm), List.of(yClass, yValue), FitOptions.epochs(5));}</pre>
     */
    public History fit(Object x, Object y, FitOptions o) {
        if (x instanceof INDArray xa && y instanceof INDArray ya) {
            return fit(xa, ya, o);
        }
        requireCompiled("fit");
        List<INDArray> xs = OutputSpecs.arrays("fit", "x", x, inputNames());
        List<INDArray> ys = OutputSpecs.arrays("fit", "y", y, outputNames());
        if (xs.size() == 1 && ys.size() == 1 && o.validationXData == null) {
            return fit(xs.get(0), ys.get(0), o);
        }
        if (o.classWeight != null && !o.classWeight.isEmpty() && ys.size() > 1) {
            throw new IllegalArgumentException("fit: class_weight is only supported for models with one output; model \"" + name()
                    + "\" has outputs " + outputNames() + ". Use sample_weight instead.");
        }
        checkSamples("fit", xs, ys);
        INDArray sw = DataChecks.sampleWeights("fit", xs.get(0), ys.get(0), o.sampleWeight, o.classWeight);
        castInputs("fit", xs);
        for (INDArray t : ys) {
            DataChecks.finite("fit", "y", t);
        }
        INDArray[] val = null;
        if (o.validationXData != null || o.validationX != null) {
            List<INDArray> vxs = OutputSpecs.arrays("fit (validation_data)", "x", o.validationXData != null ? o.validationXData : o.validationX, inputNames());
            List<INDArray> vys = OutputSpecs.arrays("fit (validation_data)", "y", o.validationYData != null ? o.validationYData : o.validationY, outputNames());
            checkSamples("fit (validation_data)", vxs, vys);
            castInputs("fit (validation_data)", vxs);
            val = pack(vxs, vys, o.validationSampleWeight);
        } else if (o.validationSplit > 0) {
            long n = xs.get(0).size(0);
            long splitAt = (long) Math.floor(n * (1.0 - o.validationSplit));
            if (splitAt == 0 || splitAt == n) {
                throw new IllegalArgumentException("fit: validation_split=" + o.validationSplit + " leaves no samples for "
                        + (splitAt == 0 ? "training" : "validation") + " out of " + n);
            }
            INDArray[] all = pack(xs, ys, sw);
            val = new INDArray[all.length];
            for (int i = 0; i < all.length; i++) {
                val[i] = all[i] == null ? null : Batches.rows(all[i], splitAt, n);
                all[i] = all[i] == null ? null : Batches.rows(all[i], 0, splitAt);
            }
            prepareForData(xs);
            try (Batches data = new Batches(o.batchSize, all)) {
                return train(data, xs.size(), ys.size(), o, val);
            }
        }
        prepareForData(xs);
        try (Batches data = new Batches(o.batchSize, pack(xs, ys, sw))) {
            return train(data, xs.size(), ys.size(), o, val);
        }
    }

    /** {@code evaluate} for any model (see {@link #fit(Object, Object, FitOptions)} for the forms of x and y). */
    public Map<String, Double> evaluate(Object x, Object y, int batchSize, int verbose) {
        if (x instanceof INDArray xa && y instanceof INDArray ya) {
            return evaluate(xa, ya, batchSize, verbose);
        }
        requireCompiled("evaluate");
        DataChecks.batchSize("evaluate", batchSize);
        List<INDArray> xs = OutputSpecs.arrays("evaluate", "x", x, inputNames());
        List<INDArray> ys = OutputSpecs.arrays("evaluate", "y", y, outputNames());
        checkSamples("evaluate", xs, ys);
        castInputs("evaluate", xs);
        prepareForData(xs);
        CallbackList callbacks = progressCallbacks(verbose, List.of(), new Batches(batchSize, xs.get(0)).steps());
        return runEvaluation(pack(xs, ys, null), xs.size(), ys.size(), batchSize, callbacks);
    }

    /** Predictions of every output for inputs given as a list (input order); one array per output. */
    public List<INDArray> predict(List<INDArray> x) {
        return predictAll(x, 32);
    }

    /** Predictions of every output for inputs keyed by input name; one array per output, in output order. */
    public List<INDArray> predict(Map<String, INDArray> x) {
        return predictAll(x, 32);
    }

    /** Predictions of every output, {@code batchSize} samples at a time; {@code x} as in {@link #fit(Object, Object, FitOptions)}. */
    public List<INDArray> predictAll(Object x, int batchSize) {
        return predictAll(x, batchSize, 0, List.of());
    }

    /**
     * {@link #predictAll(Object, int)} with Keras's {@code verbose} (1 a progress bar, 2 one line at
     * the end) and callbacks, whose predict hooks run around every batch.
     */
    public List<INDArray> predictAll(Object x, int batchSize, int verbose, List<? extends Callback> userCallbacks) {
        DataChecks.batchSize("predict", batchSize);
        List<INDArray> xs = OutputSpecs.arrays("predict", "x", x, inputNames());
        castInputs("predict", xs);
        for (int i = 1; i < xs.size(); i++) {
            DataChecks.sameSamples("predict", "x[0]", xs.get(0), "x[" + i + "]", xs.get(i));
        }
        prepareForData(xs);
        Batches data = new Batches(batchSize, xs.toArray(new INDArray[0]));
        CallbackList callbacks = progressCallbacks(verbose, userCallbacks, data.steps());
        return predictBatches(data, batchSize, callbacks, xb -> {
            List<INDArray> outs = new ArrayList<>();
            for (Tensor t : call(constants(xb), false)) {
                outs.add(t.value());
            }
            return outs;
        });
    }

    /**
     * Runs {@code forward} (a batch's inputs to its outputs) on every batch of {@code data}, with the
     * predict hooks around each, and stacks each output's batches into one array.
     */
    private List<INDArray> predictBatches(Batches data, int batchSize, CallbackList callbacks,
            Function<INDArray[], List<INDArray>> forward) {
        callbacks.onPredictBegin(new LinkedHashMap<>());
        List<INDArray> result = new ArrayList<>();
        for (int step = 0; step < data.steps(); step++) {
            callbacks.onPredictBatchBegin(step, new LinkedHashMap<>());
            INDArray[] xb = data.batch(step);
            List<INDArray> outs = forward.apply(xb);
            long from = (long) step * batchSize;
            for (int k = 0; k < outs.size(); k++) {
                INDArray yb = outs.get(k);
                if (data.steps() == 1) {
                    result.add(yb);
                    continue;
                }
                if (result.size() <= k) {
                    long[] shape = yb.shape().clone();
                    shape[0] = data.size();
                    result.add(Nd4j.create(yb.dataType(), shape));
                }
                Batches.rows(result.get(k), from, from + xb[0].size(0)).assign(yb);
            }
            callbacks.onPredictBatchEnd(step, new LinkedHashMap<>());
        }
        callbacks.onPredictEnd(new LinkedHashMap<>());
        return result;
    }

    /** The callbacks of one evaluate or predict call: a progress bar first when verbose asks for one, then the user's. */
    private CallbackList progressCallbacks(int verbose, List<? extends Callback> userCallbacks, int steps) {
        int v = ProgbarLogger.effectiveVerbose(verbose);
        List<Callback> all = new ArrayList<>();
        if (v > 0) {
            all.add(new ProgbarLogger(v, out));
        }
        all.addAll(userCallbacks);
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("steps", steps);
        params.put("verbose", v);
        return new CallbackList(all, this, params);
    }

    /** One training step on one batch of a model with several inputs or outputs (lists or maps as in fit). */
    public Map<String, Double> trainOnBatch(Object x, Object y) {
        if (x instanceof INDArray xa && y instanceof INDArray ya) {
            return trainOnBatch(xa, ya);
        }
        requireCompiled("trainOnBatch");
        List<INDArray> xs = OutputSpecs.arrays("trainOnBatch", "x", x, inputNames());
        List<INDArray> ys = OutputSpecs.arrays("trainOnBatch", "y", y, outputNames());
        checkSamples("trainOnBatch", xs, ys);
        castInputs("trainOnBatch", xs);
        prepareForData(xs);
        metrics.reset();
        decideForwardArrayReuse();
        trainStep(xs.toArray(new INDArray[0]), ys.toArray(new INDArray[0]), null);
        return metrics.results();
    }

    /** Loss and metrics of one batch of a model with several inputs or outputs, in inference mode. */
    public Map<String, Double> testOnBatch(Object x, Object y) {
        if (x instanceof INDArray xa && y instanceof INDArray ya) {
            return testOnBatch(xa, ya);
        }
        requireCompiled("testOnBatch");
        List<INDArray> xs = OutputSpecs.arrays("testOnBatch", "x", x, inputNames());
        List<INDArray> ys = OutputSpecs.arrays("testOnBatch", "y", y, outputNames());
        checkSamples("testOnBatch", xs, ys);
        castInputs("testOnBatch", xs);
        prepareForData(xs);
        metrics.reset();
        decideForwardArrayReuse();
        testStep(xs.toArray(new INDArray[0]), ys.toArray(new INDArray[0]), null);
        return metrics.results();
    }

    private static void checkSamples(String method, List<INDArray> xs, List<INDArray> ys) {
        for (int i = 0; i < xs.size(); i++) {
            DataChecks.sameSamples(method, "x[0]", xs.get(0), "x[" + i + "]", xs.get(i));
        }
        for (int k = 0; k < ys.size(); k++) {
            DataChecks.sameSamples(method, "x[0]", xs.get(0), "y[" + k + "]", ys.get(k));
        }
    }

    private static void castInputs(String method, List<INDArray> xs) {
        for (int i = 0; i < xs.size(); i++) {
            xs.set(i, DataChecks.inputs(method, xs.get(i)));
        }
    }

    private static INDArray[] pack(List<INDArray> xs, List<INDArray> ys, INDArray sw) {
        INDArray[] all = new INDArray[xs.size() + ys.size() + 1];
        for (int i = 0; i < xs.size(); i++) {
            all[i] = xs.get(i);
        }
        for (int k = 0; k < ys.size(); k++) {
            all[xs.size() + k] = ys.get(k);
        }
        all[all.length - 1] = sw;
        return all;
    }

    /** As {@link #prepareForData(INDArray)} for several inputs; a single-input model accepts exactly one. */
    protected void prepareForData(List<INDArray> xs) {
        if (xs.size() != 1) {
            throw new IllegalArgumentException("Model \"" + name() + "\" takes 1 input, but received " + xs.size() + " arrays.");
        }
        prepareForData(xs.get(0));
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
        CallbackList callbacks = progressCallbacks(verbose, userCallbacks, new Batches(batchSize, x).steps());
        return runEvaluation(new INDArray[] {x, y, sampleWeight}, 1, 1, batchSize, callbacks);
    }

    private Map<String, Double> runEvaluation(INDArray[] arrays, int nx, int ny, int batchSize, CallbackList callbacks) {
        // The epoch's training results were read before this point, so the same metric objects are
        // reset and reused for validation, as Keras does.
        metrics.reset();
        decideForwardArrayReuse();
        try (Batches data = new Batches(batchSize, arrays)) {
            callbacks.onTestBegin(new LinkedHashMap<>());
            for (int step = 0; step < data.steps(); step++) {
                callbacks.onTestBatchBegin(step, new LinkedHashMap<>());
                INDArray[] b = data.batch(step);
                if (nx == 1 && ny == 1) {
                    testStep(b[0], b[1], b[2]);
                } else {
                    testStep(java.util.Arrays.copyOfRange(b, 0, nx), java.util.Arrays.copyOfRange(b, nx, nx + ny), b[nx + ny]);
                }
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

    /** Predictions for every sample, computed {@code batchSize} samples at a time in inference mode; silent. */
    public INDArray predict(INDArray x, int batchSize) {
        return predict(x, batchSize, 0, List.of());
    }

    /**
     * Predictions for every sample, as Keras's {@code predict(x, batch_size, verbose, callbacks)}:
     * {@code verbose} 1 shows a progress bar (2: one line at the end), and the callbacks' predict
     * hooks ({@code onPredictBegin}, {@code onPredictBatchBegin/End}, {@code onPredictEnd}) run
     * around every batch.
     */
    public INDArray predict(INDArray x, int batchSize, int verbose, List<? extends Callback> userCallbacks) {
        DataChecks.batchSize("predict", batchSize);
        x = DataChecks.inputs("predict", x);
        prepareForData(x);
        Batches data = new Batches(batchSize, x);
        CallbackList callbacks = progressCallbacks(verbose, userCallbacks, data.steps());
        return predictBatches(data, batchSize, callbacks, xb -> List.of(call(Tensor.constant(xb[0]), false).value())).get(0);
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
        decideForwardArrayReuse();
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
        decideForwardArrayReuse();
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
