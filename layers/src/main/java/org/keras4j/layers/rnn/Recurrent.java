package org.keras4j.layers.rnn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.activations.Activation;
import org.keras4j.framework.activations.Activations;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.SequenceOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.initializers.Initializer;
import org.keras4j.framework.initializers.Initializers;
import org.keras4j.framework.layers.InputSpec;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.regularizers.Regularizer;
import org.keras4j.framework.regularizers.Regularizers;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What every recurrent layer shares, as Keras's {@code keras.layers.RNN}: the loop over timesteps,
 * {@code return_sequences}, {@code return_state}, {@code go_backwards}, {@code stateful}, masks
 * (a masked timestep carries the previous state and output through), input and recurrent dropout,
 * and the common arguments. Subclasses ({@link SimpleRNN}, {@link LSTM}, {@link GRU}) say how one
 * step updates the state, and may run the whole sequence as one fused native op.
 *
 * <p>Input {@code (batch, timesteps, features)}; output {@code (batch, units)}, or
 * {@code (batch, timesteps, units)} with {@code return_sequences}. With {@code go_backwards} the
 * sequence is read in reverse and a returned sequence stays in that reversed order, as in Keras.
 *
 * @param <L> the concrete layer type, so the fluent setters chain
 */
public abstract class Recurrent<L extends Recurrent<L>> extends Layer {
    protected final int units;
    protected Activation activation = Activations.get("tanh");
    protected boolean useBias = true;
    protected boolean returnSequences;
    protected boolean returnState;
    protected boolean goBackwards;
    protected boolean stateful;
    protected boolean unroll;
    protected boolean zeroOutputForMask;
    protected double dropout;
    protected double recurrentDropout;
    protected Long seed;
    protected Initializer kernelInitializer = Initializers.get("glorot_uniform");
    protected Initializer recurrentInitializer = Initializers.get("orthogonal");
    protected Initializer biasInitializer = Initializers.get("zeros");
    protected Regularizer kernelRegularizer;
    protected Regularizer recurrentRegularizer;
    protected Regularizer biasRegularizer;
    private org.nd4j.linalg.api.rng.Random generator;
    /** Final states of the last call, kept for {@code stateful} layers (outside any workspace). */
    private INDArray[] carriedStates;

    protected Recurrent(int units) {
        if (units <= 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": units must be a positive integer, received units=" + units);
        }
        this.units = units;
    }

    /** The result of running the layer over a sequence: the output and the final states. */
    public record Result(Tensor output, List<Tensor> states) {
    }

    @SuppressWarnings("unchecked")
    protected final L self() {
        return (L) this;
    }

    protected final void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException(describe() + " is already built; set its arguments before first use");
        }
    }

    public int units() {
        return units;
    }

    public L activation(Object activation) {
        requireUnbuilt();
        this.activation = Activations.get(activation);
        return self();
    }

    public L useBias(boolean useBias) {
        requireUnbuilt();
        this.useBias = useBias;
        return self();
    }

    public L returnSequences(boolean returnSequences) {
        this.returnSequences = returnSequences;
        return self();
    }

    public boolean returnsSequences() {
        return returnSequences;
    }

    public L returnState(boolean returnState) {
        this.returnState = returnState;
        return self();
    }

    public boolean returnsState() {
        return returnState;
    }

    public L goBackwards(boolean goBackwards) {
        this.goBackwards = goBackwards;
        return self();
    }

    public boolean isGoingBackwards() {
        return goBackwards;
    }

    /** Keeps the final states of each batch as the initial states of the next (batch size must stay fixed). */
    public L stateful(boolean stateful) {
        this.stateful = stateful;
        return self();
    }

    public boolean isStateful() {
        return stateful;
    }

    /** Accepted for Keras compatibility; the loop is the same either way. */
    public L unroll(boolean unroll) {
        this.unroll = unroll;
        return self();
    }

    /** Masked timesteps output zeros instead of the previous output (Bidirectional sets this). */
    public L zeroOutputForMask(boolean zeroOutputForMask) {
        this.zeroOutputForMask = zeroOutputForMask;
        return self();
    }

    /** Fraction of the input units dropped during training (one mask for all timesteps). */
    public L dropout(double rate) {
        this.dropout = checkRate("dropout", rate);
        return self();
    }

    /** Fraction of the recurrent state dropped before the recurrent product, during training. */
    public L recurrentDropout(double rate) {
        this.recurrentDropout = checkRate("recurrent_dropout", rate);
        return self();
    }

    public L seed(Long seed) {
        this.seed = seed;
        this.generator = null;
        return self();
    }

    private double checkRate(String name, double rate) {
        if (!(rate >= 0 && rate < 1)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + name + " must be in [0, 1), received " + name + "=" + rate);
        }
        return rate;
    }

    public L kernelInitializer(Object initializer) {
        requireUnbuilt();
        this.kernelInitializer = Initializers.get(initializer);
        return self();
    }

    public L recurrentInitializer(Object initializer) {
        requireUnbuilt();
        this.recurrentInitializer = Initializers.get(initializer);
        return self();
    }

    public L biasInitializer(Object initializer) {
        requireUnbuilt();
        this.biasInitializer = Initializers.get(initializer);
        return self();
    }

    public L kernelRegularizer(Object regularizer) {
        requireUnbuilt();
        this.kernelRegularizer = Regularizers.get(regularizer);
        return self();
    }

    public L recurrentRegularizer(Object regularizer) {
        requireUnbuilt();
        this.recurrentRegularizer = Regularizers.get(regularizer);
        return self();
    }

    public L biasRegularizer(Object regularizer) {
        requireUnbuilt();
        this.biasRegularizer = Regularizers.get(regularizer);
        return self();
    }

    public L activityRegularizer(Object regularizer) {
        setActivityRegularizer(Regularizers.get(regularizer));
        return self();
    }

    // ---- what a concrete layer provides ----

    /** How many state tensors the layer carries (LSTM: h and c; others: h). */
    public abstract int stateCount();

    /** Creates the weights for inputs with {@code inputDim} features. */
    protected abstract void buildCell(long inputDim);

    /** The input's contribution to every step at once: {@code (batch, timesteps, gates * units)}. */
    protected abstract Tensor inputProjection(Tensor inputs);

    /**
     * One step: the new states from this step's projected input {@code (batch, gates * units)} and
     * the previous states ({@code hForProduct} is the previous output, recurrent dropout applied).
     * The first new state is the step's output.
     */
    protected abstract Tensor[] step(Tensor projected, Tensor[] states, Tensor hForProduct);

    /** The whole sequence as one fused op, or null when this configuration needs the step loop. */
    protected Result fused(Tensor inputs, Tensor[] initialStates) {
        return null;
    }

    // ---- the layer ----

    @Override
    public void build(Shape inputShape) {
        if (inputShape.rank() != 3) {
            throw new IllegalArgumentException(describe() + " expects input of shape (batch, timesteps, features), but received shape "
                    + inputShape + ".");
        }
        long inputDim = inputShape.last();
        if (inputDim == Shape.NONE) {
            throw new IllegalArgumentException(describe() + " needs the last axis of its input to be defined, but received shape "
                    + inputShape + ".");
        }
        buildCell(inputDim);
        setInputSpec(new InputSpec(3, 3, Map.of(-1, inputDim)));
    }

    @Override
    public void build(List<Shape> inputShapes) {
        build(inputShapes.get(0));
    }

    /** The output only (states, if {@code return_state}, come from {@link #call(List, boolean)}); consumes the input's mask. */
    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return run(inputs, null, inputs.mask(), training).output();
    }

    /**
     * Keras's call on a list: {@code [inputs, initial_state...]}, the input's mask consumed. Returns
     * {@code [output]}, or with {@code return_state} {@code [output, state...]} (LSTM: h, c).
     */
    @Override
    public List<Tensor> call(List<Tensor> inputs, boolean training) {
        List<Tensor> initial = inputs.size() > 1 ? inputs.subList(1, inputs.size()) : null;
        Result r = run(inputs.get(0), initial, inputs.get(0).mask(), training);
        List<Tensor> out = new ArrayList<>();
        out.add(r.output());
        if (returnState) {
            out.addAll(r.states());
        }
        return out;
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return returnSequences ? Shape.of(inputShape.get(0), inputShape.get(1), units) : Shape.of(inputShape.get(0), units);
    }

    @Override
    public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
        List<Shape> out = new ArrayList<>();
        out.add(computeOutputShape(inputShapes.get(0)));
        if (returnState) {
            for (int i = 0; i < stateCount(); i++) {
                out.add(Shape.of(inputShapes.get(0).get(0), units));
            }
        }
        return out;
    }

    /** A returned sequence keeps the input's mask (as Keras); a single output or a state has none. */
    @Override
    public INDArray computeMask(Tensor inputs, INDArray mask) {
        return returnSequences ? mask : null;
    }

    @Override
    public List<INDArray> computeMask(List<Tensor> inputs, List<INDArray> masks) {
        List<INDArray> out = new ArrayList<>();
        out.add(computeMask(inputs.get(0), masks.get(0)));
        if (returnState) {
            for (int i = 0; i < stateCount(); i++) {
                out.add(null);
            }
        }
        return out;
    }

    /**
     * Runs the layer over {@code inputs}.
     *
     * @param initialStates one tensor {@code (batch, units)} per state, or null for zeros (or, when
     *     stateful, the states the previous call ended with)
     * @param mask {@code (batch, timesteps)}, nonzero where a timestep is real; null for none
     */
    public Result run(Tensor inputs, List<Tensor> initialStates, INDArray mask, boolean training) {
        ensureBuilt(Shape.of(inputs.shape()).withBatch(Shape.NONE));
        if (inputSpec() != null) {
            String why = inputSpec().mismatch(inputs.shape());
            if (why != null) {
                throw new IllegalArgumentException(describe() + " " + why + ".");
            }
        }
        long batch = inputs.size(0);
        Tensor[] states = initialStates(initialStates, batch, inputs);
        Tensor x = goBackwards ? SequenceOps.reverse(inputs, 1) : inputs;
        INDArray m = mask == null ? null : mask.castTo(inputs.dataType());
        if (m != null && (m.rank() != 2 || m.size(0) != batch || m.size(1) != inputs.size(1))) {
            throw new IllegalArgumentException(describe() + " expects a mask of shape " + Shape.format(new long[] {batch, inputs.size(1)})
                    + ", but received shape " + Shape.format(m.shape()) + ".");
        }
        if (m != null && goBackwards) {
            m = reverseTime(m);
        }
        if (training && dropout > 0) {
            INDArray keep = bernoulli(batch, x.size(2), dropout, x.dataType());
            x = Ops.multiply(x, Tensor.constant(keep.reshape(batch, 1, x.size(2))));
        }
        boolean recurrentDropping = training && recurrentDropout > 0;
        Result result = m == null && !recurrentDropping ? fused(x, states) : null;
        if (result == null) {
            result = loop(x, states, m, recurrentDropping ? bernoulli(batch, units, recurrentDropout, x.dataType()) : null);
        }
        if (stateful) {
            carriedStates = new INDArray[result.states().size()];
            // A copy made outside every workspace: the step's own arrays, reused or not, die with it.
            try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                for (int i = 0; i < carriedStates.length; i++) {
                    carriedStates[i] = result.states().get(i).value().dup();
                }
            }
        }
        return result;
    }

    private Result loop(Tensor x, Tensor[] states, INDArray mask, INDArray recurrentKeep) {
        Tensor projected = inputProjection(x);
        long steps = x.size(1);
        List<Tensor> outputs = new ArrayList<>();
        Tensor previousOutput = Tensor.constant(Nd4j.zeros(x.dataType(), x.size(0), units));
        Tensor output = previousOutput;
        for (long t = 0; t < steps; t++) {
            Tensor h = states[0];
            Tensor hForProduct = recurrentKeep == null ? h : Ops.multiply(h, Tensor.constant(recurrentKeep));
            Tensor[] next = step(SequenceOps.timestep(projected, t), states, hForProduct);
            output = next[0];
            if (mask != null) {
                INDArray keep = mask.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.point(t))
                        .reshape(x.size(0), 1).neq(0).castTo(x.dataType()).repeat(1, units).reshape(x.size(0), units);
                for (int i = 0; i < next.length; i++) {
                    next[i] = Ops.where(keep, next[i], states[i]);
                }
                output = Ops.where(keep, output, zeroOutputForMask
                        ? Tensor.constant(Nd4j.zeros(x.dataType(), x.size(0), units)) : previousOutput);
            }
            states = next;
            previousOutput = output;
            if (returnSequences) {
                outputs.add(output);
            }
        }
        Tensor out = returnSequences ? SequenceOps.stack(outputs, 1) : output;
        return new Result(out, Arrays.asList(states));
    }

    private Tensor[] initialStates(List<Tensor> given, long batch, Tensor inputs) {
        int n = stateCount();
        Tensor[] states = new Tensor[n];
        if (given != null) {
            if (given.size() != n) {
                throw new IllegalArgumentException(describe() + " expects " + n + " initial state(s), but received " + given.size() + ".");
            }
            for (int i = 0; i < n; i++) {
                long[] s = given.get(i).shape();
                if (s.length != 2 || s[0] != batch || s[1] != units) {
                    throw new IllegalArgumentException(describe() + " expects initial state " + i + " of shape " + Shape.format(new long[] {batch, units})
                            + ", but received shape " + Shape.format(s) + ".");
                }
                states[i] = given.get(i);
            }
            return states;
        }
        if (stateful && carriedStates != null) {
            if (carriedStates[0].size(0) != batch) {
                throw new IllegalArgumentException(describe() + " is stateful and was last called with batch size " + carriedStates[0].size(0)
                        + ", but received batch size " + batch + "; a stateful layer needs a fixed batch size (or call resetStates()).");
            }
            for (int i = 0; i < n; i++) {
                states[i] = Tensor.constant(carriedStates[i].castTo(inputs.dataType()));
            }
            return states;
        }
        for (int i = 0; i < n; i++) {
            states[i] = Tensor.constant(Nd4j.zeros(inputs.dataType(), batch, units));
        }
        return states;
    }

    /** Forgets the carried states of a stateful layer (the next call starts from zeros). */
    public void resetStates() {
        carriedStates = null;
    }

    /** The states a stateful layer carries into its next call (copies), or null. */
    public List<INDArray> states() {
        if (carriedStates == null) {
            return null;
        }
        List<INDArray> out = new ArrayList<>();
        for (INDArray s : carriedStates) {
            out.add(s.dup());
        }
        return out;
    }

    private INDArray bernoulli(long rows, long cols, double rate, org.nd4j.linalg.api.buffer.DataType type) {
        INDArray keep = Nd4j.createUninitialized(type, rows, cols);
        if (seed != null && generator == null) {
            generator = Nd4j.getRandomFactory().getNewRandomInstance(seed);
        }
        Nd4j.getExecutioner().exec(new BernoulliDistribution(keep, 1.0 - rate), generator != null ? generator : Nd4j.getRandom());
        return keep.muli(1.0 / (1.0 - rate));
    }

    private static INDArray reverseTime(INDArray mask) {
        return SequenceOps.reverse(Tensor.constant(mask), 1).value();
    }

    /** {@code x @ kernel + bias} for every timestep at once, as one matrix product. */
    protected static Tensor project(Tensor x, Tensor kernel, Tensor bias) {
        long batch = x.size(0);
        long steps = x.size(1);
        Tensor flat = Ops.reshape(x, batch * steps, x.size(2));
        return Ops.reshape(Ops.linear(flat, kernel, bias), batch, steps, kernel.size(1));
    }

    /** The activation's Keras name when it is a built-in with default parameters, else null. */
    protected static String builtinName(Activation a) {
        Object s = Activations.serialize(a);
        return s instanceof String name ? name : null;
    }

    // ---- config ----

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("return_sequences", returnSequences);
        c.put("return_state", returnState);
        c.put("go_backwards", goBackwards);
        c.put("stateful", stateful);
        c.put("unroll", unroll);
        c.put("zero_output_for_mask", zeroOutputForMask);
        c.put("units", units);
        c.put("activation", Activations.serialize(activation));
        c.put("use_bias", useBias);
        c.put("kernel_initializer", Registry.serialize(kernelInitializer));
        c.put("recurrent_initializer", Registry.serialize(recurrentInitializer));
        c.put("bias_initializer", Registry.serialize(biasInitializer));
        c.put("kernel_regularizer", kernelRegularizer == null ? null : Registry.serialize(kernelRegularizer));
        c.put("recurrent_regularizer", recurrentRegularizer == null ? null : Registry.serialize(recurrentRegularizer));
        c.put("bias_regularizer", biasRegularizer == null ? null : Registry.serialize(biasRegularizer));
        c.put("activity_regularizer", activityRegularizer() == null ? null : Registry.serialize(activityRegularizer()));
        c.put("kernel_constraint", null);
        c.put("recurrent_constraint", null);
        c.put("bias_constraint", null);
        c.put("dropout", dropout);
        c.put("recurrent_dropout", recurrentDropout);
        c.put("seed", seed);
        return c;
    }

    /** Reads the keys every recurrent layer shares into {@code layer}. */
    protected static <L extends Recurrent<L>> L applyRecurrentConfig(Config c, L layer) {
        if (c.has("activation") || c.asMap().containsKey("activation")) {
            layer.activation(c.raw("activation"));
        }
        layer.useBias(c.getBoolean("use_bias", true))
                .returnSequences(c.getBoolean("return_sequences", false))
                .returnState(c.getBoolean("return_state", false))
                .goBackwards(c.getBoolean("go_backwards", false))
                .stateful(c.getBoolean("stateful", false))
                .unroll(c.getBoolean("unroll", false))
                .zeroOutputForMask(c.getBoolean("zero_output_for_mask", false))
                .dropout(c.getDouble("dropout", 0))
                .recurrentDropout(c.getDouble("recurrent_dropout", 0));
        if (c.has("seed")) {
            layer.seed(c.getLong("seed", 0));
        }
        c.ignore("seed");
        if (c.has("kernel_initializer")) {
            layer.kernelInitializer(c.raw("kernel_initializer"));
        }
        if (c.has("recurrent_initializer")) {
            layer.recurrentInitializer(c.raw("recurrent_initializer"));
        }
        if (c.has("bias_initializer")) {
            layer.biasInitializer(c.raw("bias_initializer"));
        }
        layer.kernelRegularizer(c.raw("kernel_regularizer"));
        layer.recurrentRegularizer(c.raw("recurrent_regularizer"));
        layer.biasRegularizer(c.raw("bias_regularizer"));
        layer.activityRegularizer(c.raw("activity_regularizer"));
        for (String k : new String[] {"kernel_constraint", "recurrent_constraint", "bias_constraint"}) {
            if (c.has(k)) {
                throw new IllegalArgumentException(layer.getClass().getSimpleName() + " config: '" + k
                        + "' is not supported yet, received " + c.raw(k));
            }
            c.ignore(k);
        }
        c.ignore("time_major", "implementation", "input_length");
        return applyBaseConfig(c, layer);
    }
}
