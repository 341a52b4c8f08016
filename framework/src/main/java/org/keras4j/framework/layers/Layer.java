package org.keras4j.framework.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.initializers.Initializer;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Configurable;
import org.keras4j.framework.regularizers.Regularizer;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base of every layer, as Keras's {@code keras.layers.Layer}. A subclass validates and stores its
 * arguments in the constructor, creates weights in {@link #build} with {@link #addWeight}, and
 * writes its forward pass in {@link #call} with differentiable ops (gradients come from the tape).
 *
 * <pre>{@code
 * class Scale extends Layer {
 *     private Variable k;
 *     public void build(Shape in) { k = addWeight("k", new long[] {in.last()}, Initializers.get("ones"), null, true); }
 *     public Tensor call(Tensor x, boolean training) { return Ops.multiply(x, k); }
 * }
 * }</pre>
 *
 * <p>The framework calls {@link #apply}, which builds the layer on first use from the input's shape,
 * checks the input against {@link #inputSpec()}, runs {@link #call} and collects regularization losses.
 */
public abstract class Layer implements Configurable {
    static {
        // Before any ND4J native code loads, so its threads get Keras4J's set-up.
        org.keras4j.framework.backend.Backend.init();
    }

    private static final Map<String, AtomicInteger> NAME_COUNTS = new ConcurrentHashMap<>();

    private String name;
    private boolean trainable = true;
    private volatile boolean built;
    private List<Shape> buildShapes;
    private InputSpec inputSpec;
    private Regularizer activityRegularizer;
    private final List<Variable> weights = new ArrayList<>();
    /** Weights created non-trainable (e.g. moving statistics): {@link #setTrainable} never turns them on. */
    private final java.util.Set<Variable> nonTrainableByDefinition = Collections.newSetFromMap(new java.util.IdentityHashMap<>());
    private final Map<Variable, Regularizer> weightRegularizers = new LinkedHashMap<>();
    private final List<Tensor> activityLosses = new ArrayList<>();
    private String location = "";
    /** The calls of this layer on symbolic tensors (Keras's {@code _inbound_nodes}), in call order. */
    private final List<Node> inboundNodes = new ArrayList<>();
    /** Per class: whether it declares its output shapes (else they are found by a probe call). */
    private static final ClassValue<Boolean> DECLARES_SHAPES = new ClassValue<>() {
        @Override
        protected Boolean computeValue(Class<?> type) {
            try {
                return type.getMethod("computeOutputShape", Shape.class).getDeclaringClass() != Layer.class
                        || type.getMethod("computeOutputShapes", List.class).getDeclaringClass() != Layer.class;
            } catch (NoSuchMethodException e) {
                throw new IllegalStateException(e);
            }
        }
    };

    protected Layer() {
        this(null);
    }

    /** @param name a unique name; null gives Keras's automatic one ({@code dense}, {@code dense_1}, ...) */
    protected Layer(String name) {
        this.name = name != null ? name : uniqueName(snakeCase(getClass().getSimpleName()));
    }

    /** Keras's automatic names: the first {@code dense}, then {@code dense_1}, {@code dense_2}, ... */
    public static String uniqueName(String prefix) {
        int n = NAME_COUNTS.computeIfAbsent(prefix, k -> new AtomicInteger()).getAndIncrement();
        return n == 0 ? prefix : prefix + "_" + n;
    }

    /** Keras's {@code to_snake_case}: {@code MultiHeadAttention -> multi_head_attention}, {@code Conv2D -> conv2d}. */
    static String snakeCase(String camel) {
        return camel.replaceAll("(.)([A-Z][a-z]+)", "$1_$2").replaceAll("([a-z])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    public String name() {
        return name;
    }

    /** Renames the layer; only before it is built, since weight names derive from it. */
    public void setName(String name) {
        if (built) {
            throw new IllegalStateException("Layer \"" + this.name + "\" is already built; set its name before first use");
        }
        this.name = name;
    }

    /**
     * Renames the layer and returns it, for Keras's {@code name=} argument in a chain:
     * {@code new Dense(10, "softmax").named("label").apply(h)}. Only before the layer is built.
     */
    public Layer named(String name) {
        setName(name);
        return this;
    }

    /** Whether the optimizer updates this layer's weights (Keras's {@code layer.trainable}). */
    public boolean isTrainable() {
        return trainable;
    }

    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
        for (Variable v : weights) {
            v.setTrainable(trainable && trainableByDefinition(v));
        }
    }

    private boolean trainableByDefinition(Variable v) {
        return !nonTrainableByDefinition.contains(v);
    }

    public boolean isBuilt() {
        return built;
    }

    /** The input shape the layer was built for (batch axis None; the first input's for several), or null before building. */
    public Shape buildShape() {
        return buildShapes == null ? null : buildShapes.get(0);
    }

    /** Every input shape the layer was built for (batch axis None), or null before building. */
    public List<Shape> buildShapes() {
        return buildShapes;
    }

    /** Creates the weights for inputs of {@code inputShape} (batch axis None). Default: no weights. */
    public void build(Shape inputShape) {
    }

    /**
     * Creates the weights for a call on several inputs (merge layers, attention, a recurrent layer
     * with initial states). The default accepts exactly one input and calls {@link #build(Shape)}.
     */
    public void build(List<Shape> inputShapes) {
        build(onlyOne(inputShapes));
    }

    /**
     * The forward pass, written with differentiable ops. {@code training} enables dropout and the like.
     * During {@code fit} and {@code evaluate}, arrays made here live in a workspace that is reused
     * by the next step: to keep one beyond the step (a cache, a debug copy), store
     * {@code value().detach()} (a copy outside any workspace), or update a weight in place.
     * (Keras4J's own layers, when a model runs no other layer, loss or metric, may get arrays that
     * the next step overwrites and that {@code detach()} does not copy; they keep nothing but
     * weights and copies made outside workspaces. See {@code Model.trainStep}.)
     */
    public Tensor call(Tensor inputs, boolean training) {
        throw new IllegalArgumentException(describe() + " expects a list of inputs, but received one tensor of shape "
                + Shape.of(inputs.shape()).withBatch(Shape.NONE) + ".");
    }

    /**
     * The forward pass of a layer with several inputs or outputs (Keras's {@code call} on a list):
     * merge layers and attention take a list; a recurrent layer with {@code return_state} returns its
     * output followed by its states. The default accepts exactly one input and returns
     * {@link #call(Tensor, boolean)}'s output; single-tensor layers override only that.
     */
    public List<Tensor> call(List<Tensor> inputs, boolean training) {
        return List.of(call(onlyOne(inputs), training));
    }

    /** The output shape for {@code inputShape}; the default keeps the shape (element-wise layers). */
    public Shape computeOutputShape(Shape inputShape) {
        return inputShape;
    }

    /** The output shapes for several inputs, in the order {@link #call(List, boolean)} returns them. */
    public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
        return List.of(computeOutputShape(onlyOne(inputShapes)));
    }

    /**
     * Whether this layer passes its input's mask on unchanged (Keras's {@code supports_masking}).
     * Element-wise layers say yes; layers that change the time axis must override {@link #computeMask}.
     */
    public boolean supportsMasking() {
        return false;
    }

    /**
     * The mask of this layer's output given its input and the input's mask (may be null), as Keras's
     * {@code compute_mask}: by default the input mask when {@link #supportsMasking()}, else none.
     * Mask-producing layers ({@code Embedding(mask_zero)}, {@code Masking}) compute one here.
     */
    public INDArray computeMask(Tensor inputs, INDArray mask) {
        return supportsMasking() ? mask : null;
    }

    /**
     * The masks of the outputs of a call on several inputs, one per output (or null for none). The
     * default handles one input with {@link #computeMask(Tensor, INDArray)}, and gives no masks otherwise.
     */
    public List<INDArray> computeMask(List<Tensor> inputs, List<INDArray> masks) {
        if (inputs.size() != 1) {
            return null;
        }
        INDArray m = computeMask(inputs.get(0), masks.get(0));
        return m == null ? null : java.util.Collections.singletonList(m);
    }

    private <T> T onlyOne(List<T> items) {
        if (items.size() != 1) {
            throw new IllegalArgumentException(describe() + " expects 1 input, but received " + items.size() + " inputs.");
        }
        return items.get(0);
    }

    /** What inputs this layer accepts once built; null accepts anything. */
    public InputSpec inputSpec() {
        return inputSpec;
    }

    protected void setInputSpec(InputSpec spec) {
        this.inputSpec = spec;
    }

    /** Builds the layer if needed (thread-safe), as Keras does on the first call. */
    public final void ensureBuilt(Shape inputShape) {
        if (!built) {
            ensureBuilt(List.of(inputShape));
        }
    }

    /** Builds the layer for several inputs if needed (thread-safe). */
    public final void ensureBuilt(List<Shape> inputShapes) {
        if (built) {
            return;
        }
        synchronized (this) {
            if (!built) {
                List<Shape> none = new ArrayList<>();
                for (Shape s : inputShapes) {
                    none.add(s.withBatch(Shape.NONE));
                }
                // Weights outlive the step: a layer first called inside fit (nested in a custom layer,
                // say) must not create them in the step workspace, which is reused by the next step.
                try (org.nd4j.linalg.api.memory.MemoryWorkspace ws =
                        org.nd4j.linalg.factory.Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
                    build(none.size() == 1 ? List.of(none.get(0)) : none);
                }
                buildShapes = List.copyOf(none);
                built = true;
            }
        }
    }

    /**
     * Runs the layer: builds it on first use, checks the input, calls {@link #call} and records
     * the activity-regularization loss. Errors name the layer and, inside a model, its index.
     */
    public Tensor apply(Tensor inputs, boolean training) {
        if (!built) {
            ensureBuilt(Shape.of(inputs.shape()).withBatch(Shape.NONE));
        }
        if (inputSpec != null) {
            String why = inputSpec.mismatch(inputs.shape());
            if (why != null) {
                throw new IllegalArgumentException(describe() + " " + why + ".");
            }
        }
        Tensor out = call(inputs, training);
        // As Keras 3, a mask already set on the output (by a nested model or layer) is kept.
        if (out != inputs && out.mask() == null) {
            out.setMask(computeMask(inputs, inputs.mask()));
        }
        addActivityLoss(out, training);
        return out;
    }

    /**
     * Runs the layer on several inputs (or for several outputs): builds it on first use from every
     * input's shape, calls {@link #call(List, boolean)}, attaches the output masks and records the
     * activity-regularization loss of every output.
     */
    public List<Tensor> apply(List<Tensor> inputs, boolean training) {
        if (inputs.isEmpty()) {
            throw new IllegalArgumentException(describe() + " received an empty list of inputs.");
        }
        List<Shape> shapes = new ArrayList<>();
        for (Tensor t : inputs) {
            shapes.add(Shape.of(t.shape()).withBatch(Shape.NONE));
        }
        ensureBuilt(shapes);
        if (inputSpec != null && inputs.size() == 1) {
            String why = inputSpec.mismatch(inputs.get(0).shape());
            if (why != null) {
                throw new IllegalArgumentException(describe() + " " + why + ".");
            }
        }
        List<Tensor> outs = call(inputs, training);
        List<INDArray> inMasks = new ArrayList<>();
        for (Tensor t : inputs) {
            inMasks.add(t.mask());
        }
        List<INDArray> masks = computeMask(inputs, inMasks);
        for (int i = 0; i < outs.size(); i++) {
            Tensor out = outs.get(i);
            if (!inputs.contains(out) && out.mask() == null) {
                out.setMask(masks == null || i >= masks.size() ? null : masks.get(i));
            }
            addActivityLoss(out, training);
        }
        return outs;
    }

    /**
     * Calls the layer on symbolic tensors (Keras's {@code layer(x)} in the functional API): builds the
     * layer from the input shapes, checks them, infers the output shape and records the call as a
     * {@link Node}. Returns the single output; {@link #apply(List)} returns all of them.
     *
     * <pre>{@code KerasTensor sum = new Add().apply(a, b);}</pre>
     */
    public KerasTensor apply(KerasTensor... inputs) {
        List<KerasTensor> outs = apply(java.util.Arrays.asList(inputs));
        if (outs.size() != 1) {
            throw new IllegalArgumentException(describe() + " returns " + outs.size()
                    + " outputs; call apply(List) to receive all of them.");
        }
        return outs.get(0);
    }

    /** Calls the layer on a list of symbolic tensors and returns every output (see {@link #apply(KerasTensor...)}). */
    public List<KerasTensor> apply(List<KerasTensor> inputs) {
        if (inputs == null || inputs.isEmpty()) {
            throw new IllegalArgumentException(describe() + " was called on no inputs.");
        }
        List<Shape> shapes = new ArrayList<>();
        for (KerasTensor t : inputs) {
            if (t == null) {
                throw new IllegalArgumentException(describe() + " was called on a null input.");
            }
            shapes.add(t.shape());
        }
        List<Shape> outShapes = new ArrayList<>();
        try {
            ensureBuilt(shapes);
            if (inputSpec != null && shapes.size() == 1) {
                String why = inputSpec.mismatch(shapes.get(0).toArray());
                if (why != null) {
                    throw new IllegalArgumentException(describe() + " " + why + ".");
                }
            }
            for (Shape s : inferOutputShapes(shapes)) {
                outShapes.add(s.rank() == 0 ? s : s.withBatch(Shape.NONE));
            }
        } catch (IllegalArgumentException e) {
            // Name where each input came from, so a merge of mismatched branches points at the branches.
            List<String> from = new ArrayList<>();
            for (KerasTensor t : inputs) {
                from.add(t.layer().name() + "[" + t.nodeIndex() + "][" + t.tensorIndex() + "] " + t.shape());
            }
            throw new IllegalArgumentException(e.getMessage() + " Inputs come from: " + String.join(", ", from) + ".", e);
        }
        Node node = new Node(this, inputs, outShapes);
        inboundNodes.add(node);
        return node.outputs();
    }

    /** This layer's calls on symbolic tensors, in call order (Keras's {@code _inbound_nodes}). */
    public List<Node> inboundNodes() {
        return Collections.unmodifiableList(inboundNodes);
    }

    /** Records a call made elsewhere (an Input's own node). */
    void addInboundNode(Node node) {
        inboundNodes.add(node);
    }

    /**
     * The output shapes of a symbolic call: {@link #computeOutputShapes} when the class declares its
     * shapes, else (a custom layer writing only build and call) a probe call on a batch of zeros
     * with every unknown size taken as 1, as Keras 3 traces {@code call} to find the output spec.
     */
    private List<Shape> inferOutputShapes(List<Shape> shapes) {
        if (DECLARES_SHAPES.get(getClass())) {
            return computeOutputShapes(shapes);
        }
        List<Tensor> probe = new ArrayList<>();
        for (Shape s : shapes) {
            long[] d = s.toArray();
            for (int i = 0; i < d.length; i++) {
                d[i] = d[i] == Shape.NONE ? 1 : d[i];
            }
            probe.add(Tensor.constant(org.nd4j.linalg.factory.Nd4j.zeros(Backend.floatx(), d)));
        }
        List<Shape> out = new ArrayList<>();
        for (Tensor t : call(probe, false)) {
            out.add(Shape.of(t.shape()));
        }
        return out;
    }

    private void addActivityLoss(Tensor out, boolean training) {
        if (activityRegularizer != null && training) {
            activityLosses.add(Ops.multiplyScalar(activityRegularizer.apply(out), 1.0 / out.size(0)));
        }
    }

    /** {@code Layer "dense_1" (index 1)}: how errors refer to this layer. */
    public String describe() {
        return "Layer \"" + name + "\"" + location;
    }

    /** Set by the containing model so errors can give the layer's position. */
    public void setLocation(String location) {
        this.location = location == null ? "" : location;
    }

    /**
     * Creates a weight, as Keras's {@code add_weight}: named {@code <layer>/<name>}, of floatx, made by
     * {@code initializer}, penalised by {@code regularizer} (may be null).
     */
    protected Variable addWeight(String weightName, long[] shape, Initializer initializer, Regularizer regularizer, boolean trainable) {
        WeightBudget.charge(this, weightName, shape);
        Variable v = new Variable(name + "/" + weightName, initializer.generate(shape, Backend.floatx()), trainable && this.trainable);
        if (!trainable) {
            nonTrainableByDefinition.add(v);
        }
        weights.add(v);
        if (regularizer != null) {
            weightRegularizers.put(v, regularizer);
        }
        return v;
    }

    /** Applies {@code regularizer} to this layer's outputs during training (Keras's activity_regularizer). */
    protected void setActivityRegularizer(Regularizer regularizer) {
        this.activityRegularizer = regularizer;
    }

    protected Regularizer activityRegularizer() {
        return activityRegularizer;
    }

    /**
     * The layers this one runs inside its own call (a wrapper's wrapped layer, a nested model's
     * layers), for checks over every layer a model runs; none by default.
     */
    public List<Layer> innerLayers() {
        return List.of();
    }

    /** All weights, in creation order. */
    public List<Variable> weights() {
        return Collections.unmodifiableList(weights);
    }

    public List<Variable> trainableWeights() {
        List<Variable> out = new ArrayList<>();
        for (Variable v : weights()) {
            if (v.isTrainable()) {
                out.add(v);
            }
        }
        return out;
    }

    public List<Variable> nonTrainableWeights() {
        List<Variable> out = new ArrayList<>();
        for (Variable v : weights()) {
            if (!v.isTrainable()) {
                out.add(v);
            }
        }
        return out;
    }

    public long countParams() {
        long n = 0;
        for (Variable v : weights()) {
            n += v.value().length();
        }
        return n;
    }

    /**
     * The regularization penalties of this layer for the current step (weight penalties, computed
     * now so the tape records them, plus activity penalties of the last training calls), then
     * forgets the activity penalties. Models add these to the loss.
     */
    public List<Tensor> collectRegularizationLosses() {
        List<Tensor> out = new ArrayList<>();
        for (Map.Entry<Variable, Regularizer> e : weightRegularizers.entrySet()) {
            if (e.getKey().isTrainable()) {
                out.add(e.getValue().apply(e.getKey()));
            }
        }
        out.addAll(activityLosses);
        activityLosses.clear();
        return out;
    }

    /** Base config: {@code name}, {@code trainable}, {@code dtype}; subclasses add their arguments. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("trainable", trainable);
        c.put("dtype", Backend.floatx() == org.nd4j.linalg.api.buffer.DataType.DOUBLE ? "float64" : "float32");
        return c;
    }

    /** Applies the base keys ({@code name}, {@code trainable}; {@code dtype} is accepted) to a layer made from a config. */
    protected static <L extends Layer> L applyBaseConfig(Config c, L layer) {
        String n = c.getString("name", null);
        if (n != null) {
            layer.setName(n);
        }
        layer.setTrainable(c.getBoolean("trainable", true));
        c.ignore("dtype", "batch_input_shape", "batch_shape", "input_shape", "input_dim", "autocast");
        return layer;
    }

    @Override
    public String className() {
        return getClass().getSimpleName();
    }

    @Override
    public String toString() {
        return name + " (" + className() + ")";
    }
}
