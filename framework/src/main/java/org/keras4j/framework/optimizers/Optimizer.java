package org.keras4j.framework.optimizers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Configurable;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.clip.ClipByValue;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.api.ops.impl.transforms.same.Square;
import org.nd4j.linalg.factory.Nd4j;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Base of every optimizer, as Keras 3's {@code keras.optimizers.Optimizer}: a learning rate (a
 * number or a {@link LearningRateSchedule} evaluated at {@link #iterations()}), optional gradient
 * clipping ({@code clipnorm}, {@code clipvalue} or {@code global_clipnorm}; at most one), decoupled
 * {@code weight_decay}, and per-variable state ("slots", e.g. Adam's moments) created on first use.
 *
 * <p>{@link #applyGradients} does what Keras's {@code apply} does, per step:
 * <pre>
 * g = clip(g)                        clipnorm:        g * clipnorm / max(||g||, clipnorm)
 *                                    global_clipnorm: g * clip / max(sqrt(sum_i ||g_i||^2), clip)
 *                                    clipvalue:       min(max(g, -clipvalue), clipvalue)
 * w = w - w * weight_decay * lr      (when weight_decay is set)
 * update(w, g, lr, iterations + 1)   (the optimizer's rule)
 * iterations += 1
 * </pre>
 *
 * <p>Updates are in place on {@link Variable#value()}. The gradients passed in are never modified
 * (the tape may hand out one array for several variables); clipping writes into a buffer kept per
 * variable, so a training step allocates no arrays of the variables' size.
 *
 * <p>Subclasses implement {@link #update}, keep their state in {@link #slot} arrays (saved with the
 * model) and may use {@link #scratch} arrays (transient) for intermediate values.
 */
public abstract class Optimizer implements Configurable {
    private static final Logger LOG = LoggerFactory.getLogger(Optimizer.class);

    private String name;
    private double learningRate;
    private LearningRateSchedule schedule;
    private Double clipnorm;
    private Double clipvalue;
    private Double globalClipnorm;
    private Double weightDecay;
    private long iterations;
    private final Map<Variable, Map<String, INDArray>> slots = new IdentityHashMap<>();
    /** Per variable: [0] the clipped or cast gradient, [1..] scratch arrays of subclasses. Not state. */
    private final Map<Variable, INDArray[]> buffers = new IdentityHashMap<>();
    private Set<Variable> excludedFromDecay = Collections.emptySet();
    private Pattern excludedFromDecayNames;
    private final Map<Variable, Boolean> decayCache = new IdentityHashMap<>();
    private boolean warnedMissingGradients;

    protected Optimizer(String name, double learningRate) {
        this(name, learningRate, null);
    }

    protected Optimizer(String name, LearningRateSchedule schedule) {
        this(name, 0, schedule);
    }

    /** Uses {@code schedule} when it is not null, else the constant {@code learningRate}. */
    protected Optimizer(String name, double learningRate, LearningRateSchedule schedule) {
        this.name = name;
        if (schedule != null) {
            setLearningRate(schedule);
        } else {
            setLearningRate(learningRate);
        }
    }

    public String name() {
        return name;
    }

    /** Sets the name (Keras's {@code name} argument; it appears in the config). */
    public Optimizer name(String name) {
        this.name = name;
        return this;
    }

    /** Number of updates applied so far (Keras's {@code optimizer.iterations}). */
    public long iterations() {
        return iterations;
    }

    /** Restores the step count, e.g. when loading a saved optimizer. */
    public void setIterations(long iterations) {
        if (iterations < 0) {
            throw new IllegalArgumentException(className() + ": iterations must be >= 0, received " + iterations);
        }
        this.iterations = iterations;
    }

    /** The learning rate the next update will use (the schedule's value at {@link #iterations()}). */
    public double currentLearningRate() {
        return schedule != null ? schedule.at(iterations) : learningRate;
    }

    /** Replaces the learning rate (and any schedule) by a constant, as callbacks such as ReduceLROnPlateau do. */
    public void setLearningRate(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(className() + ": learning_rate must be a finite number >= 0, received learning_rate=" + lr);
        }
        this.learningRate = lr;
        this.schedule = null;
    }

    /** Makes the learning rate follow {@code schedule} (evaluated at {@link #iterations()} on each step). */
    public void setLearningRate(LearningRateSchedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException(className() + ": learning_rate schedule must not be null");
        }
        this.schedule = schedule;
    }

    /** The schedule, or null when the learning rate is a constant. */
    public LearningRateSchedule schedule() {
        return schedule;
    }

    /** Clips each gradient to this L2 norm: {@code g * clipnorm / max(||g||, clipnorm)}. */
    public Optimizer clipnorm(double v) {
        checkOneClip(v, clipvalue, globalClipnorm);
        this.clipnorm = positive("clipnorm", v);
        return this;
    }

    /** Clips each gradient element to {@code [-v, v]}. */
    public Optimizer clipvalue(double v) {
        checkOneClip(clipnorm, v, globalClipnorm);
        this.clipvalue = positive("clipvalue", v);
        return this;
    }

    /** Scales all gradients together so that their joint L2 norm is at most {@code v}. */
    public Optimizer globalClipnorm(double v) {
        checkOneClip(clipnorm, clipvalue, v);
        this.globalClipnorm = positive("global_clipnorm", v);
        return this;
    }

    public Double clipnorm() {
        return clipnorm;
    }

    public Double clipvalue() {
        return clipvalue;
    }

    public Double globalClipnorm() {
        return globalClipnorm;
    }

    /** Decoupled weight decay: before each update, {@code w -= w * weightDecay * lr}. */
    public Optimizer weightDecay(double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(className() + ": weight_decay must be a finite number >= 0, received weight_decay=" + v);
        }
        this.weightDecay = v;
        return this;
    }

    /** The weight decay, or null when none is applied. */
    public Double weightDecay() {
        return weightDecay;
    }

    /**
     * Exempts variables from weight decay (Keras's {@code exclude_from_weight_decay}): those in
     * {@code vars}, and those whose name contains a match of any regular expression in
     * {@code varNames} (e.g. {@code List.of("bias")}). Either argument may be null.
     */
    public Optimizer excludeFromWeightDecay(Collection<Variable> vars, Collection<String> varNames) {
        Set<Variable> set = Collections.newSetFromMap(new IdentityHashMap<>());
        if (vars != null) {
            set.addAll(vars);
        }
        excludedFromDecay = set;
        excludedFromDecayNames = varNames == null || varNames.isEmpty() ? null : Pattern.compile(String.join("|", varNames));
        decayCache.clear();
        return this;
    }

    private Double positive(String arg, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new IllegalArgumentException(className() + ": " + arg + " must be a finite number > 0, received " + arg + "=" + v);
        }
        return v;
    }

    private void checkOneClip(Double cn, Double cv, Double gcn) {
        int set = (cn != null ? 1 : 0) + (cv != null ? 1 : 0) + (gcn != null ? 1 : 0);
        if (set > 1) {
            throw new IllegalArgumentException(className() + ": only one of clipnorm, clipvalue and global_clipnorm can be set. Received: clipnorm="
                    + none(cn) + ", clipvalue=" + none(cv) + ", global_clipnorm=" + none(gcn));
        }
    }

    private static String none(Double v) {
        return v == null ? "None" : v.toString();
    }

    /**
     * Applies one update. {@code grads.get(i)} is the gradient of {@code vars.get(i)} and must have
     * its shape; null entries (variables the loss does not depend on) are skipped with a warning,
     * and an error is raised if every entry is null. Empty lists do nothing. The gradient arrays are
     * not modified.
     */
    public void applyGradients(List<INDArray> grads, List<Variable> vars) {
        if (grads.size() != vars.size()) {
            throw new IllegalArgumentException(className() + ".applyGradients: received " + grads.size()
                    + " gradients for " + vars.size() + " variables");
        }
        if (grads.isEmpty()) {
            return;
        }
        List<String> missing = null;
        for (int i = 0; i < grads.size(); i++) {
            INDArray g = grads.get(i);
            Variable v = vars.get(i);
            if (g == null) {
                if (missing == null) {
                    missing = new ArrayList<>();
                }
                missing.add(v.name());
            } else if (!Arrays.equals(g.shape(), v.value().shape())) {
                throw new IllegalArgumentException(className() + ".applyGradients: the gradient of variable '" + v.name()
                        + "' has shape " + Shape.format(g.shape()) + " but the variable has shape " + Shape.format(v.value().shape()));
            }
        }
        if (missing != null && missing.size() == grads.size()) {
            throw new IllegalArgumentException("No gradients provided for any variable.");
        }
        if (missing != null && !warnedMissingGradients) {
            warnedMissingGradients = true;
            LOG.warn("Gradients do not exist for variables {} when minimizing the loss. If using model.compile(), "
                    + "did you forget to provide a loss argument?", missing);
        }
        double globalScale = globalClipScale(grads);
        double lr = currentLearningRate();
        long step = iterations + 1;
        for (int i = 0; i < vars.size(); i++) {
            INDArray g = grads.get(i);
            if (g == null) {
                continue;
            }
            Variable v = vars.get(i);
            INDArray clipped = clip(v, g, globalScale);
            if (weightDecay != null && lr * weightDecay != 0 && usesWeightDecay(v)) {
                axpy(-(weightDecay * lr), v.value(), v.value());
            }
            update(v, clipped, lr, step);
        }
        iterations++;
    }

    /** Keras's clip_by_global_norm factor: clip / max(norm, clip), NaN when the norm is not finite. */
    private double globalClipScale(List<INDArray> grads) {
        if (globalClipnorm == null) {
            return 1.0;
        }
        double sq = 0;
        for (INDArray g : grads) {
            if (g != null) {
                double n = g.norm2Number().doubleValue();
                sq += n * n;
            }
        }
        double norm = Math.sqrt(sq);
        return Double.isFinite(norm) ? globalClipnorm / Math.max(norm, globalClipnorm) : Double.NaN;
    }

    /** The gradient to use: {@code g} itself, or its clipped (or cast) copy in the variable's buffer. */
    private INDArray clip(Variable v, INDArray g, double scale) {
        if (clipnorm != null) {
            scale = clipnorm / Math.max(g.norm2Number().doubleValue(), clipnorm);
        }
        boolean cast = g.dataType() != v.value().dataType();
        if (scale == 1.0 && clipvalue == null && !cast) {
            return g;
        }
        INDArray out = buffer(v, 0);
        INDArray src = g;
        if (cast) {
            out.assign(g);
            src = out;
        }
        if (scale != 1.0) {
            src.mul(scale, out);
            src = out;
        }
        if (clipvalue != null) {
            ClipByValue op = new ClipByValue(src, -clipvalue, clipvalue);
            op.addOutputArgument(out);
            Nd4j.exec(op);
        }
        return out;
    }

    private boolean usesWeightDecay(Variable v) {
        if (excludedFromDecay.isEmpty() && excludedFromDecayNames == null) {
            return true;
        }
        return decayCache.computeIfAbsent(v, k -> !excludedFromDecay.contains(k)
                && (excludedFromDecayNames == null || !excludedFromDecayNames.matcher(k.name()).find()));
    }

    /**
     * Updates {@code var.value()} in place from its (clipped) gradient.
     *
     * @param grad read only: it may be the caller's array, shared with other variables, and during
     *     {@code fit} the next step computes its gradient into the same array, so copy what must outlive the call
     * @param lr the learning rate of this step
     * @param step 1 for the first update (Keras's {@code iterations + 1})
     */
    protected abstract void update(Variable var, INDArray grad, double lr, long step);

    /** The state array {@code slotName} of {@code var}, zeros like the variable on first use. */
    protected INDArray slot(Variable var, String slotName) {
        return slot(var, slotName, 0.0);
    }

    /** The state array {@code slotName} of {@code var}, filled with {@code initialValue} on first use. */
    protected INDArray slot(Variable var, String slotName, double initialValue) {
        return slots.computeIfAbsent(var, k -> new LinkedHashMap<>())
                .computeIfAbsent(slotName, k -> likeOutsideWorkspaces(var).assign(initialValue));
    }

    /**
     * A work array like {@code var} for intermediate values ({@code index} 0, 1, ...), allocated once
     * and reused on every step. Its content is undefined on entry and it is not optimizer state.
     */
    protected INDArray scratch(Variable var, int index) {
        return buffer(var, index + 1);
    }

    private INDArray buffer(Variable var, int index) {
        INDArray[] b = buffers.get(var);
        if (b == null || b.length <= index) {
            b = b == null ? new INDArray[index + 1] : Arrays.copyOf(b, index + 1);
            buffers.put(var, b);
        }
        if (b[index] == null) {
            b[index] = likeOutsideWorkspaces(var);
        }
        return b[index];
    }

    /** A new array like {@code var} that outlives the training step's workspace. */
    private static INDArray likeOutsideWorkspaces(Variable var) {
        try (org.nd4j.linalg.api.memory.MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return var.value().ulike();
        }
    }

    /**
     * {@code y += alpha * x} in place, one native pass (libnd4j's legacy axpy, which takes alpha as
     * an argument; cheaper per call than INDArray's addi/subi, and used for those with alpha = +-1).
     */
    protected static void axpy(double alpha, INDArray x, INDArray y) {
        Nd4j.exec(new Axpy(x, y, y, alpha));
    }

    /** {@code out = alpha * x + y}, one native pass ({@code out} may be {@code x} or {@code y}). */
    protected static void axpy(double alpha, INDArray x, INDArray y, INDArray out) {
        Nd4j.exec(new Axpy(x, y, out, alpha));
    }

    /** {@code out = x * x}, one native pass. */
    protected static void square(INDArray x, INDArray out) {
        Nd4j.exec(new Square(x, out));
    }

    /**
     * Every slot of every variable this optimizer has updated, for saving and restoring its state.
     * The arrays hold the state as of this call; read them before the next training step.
     */
    public Map<Variable, Map<String, INDArray>> slots() {
        syncSlots();
        return slots;
    }

    /**
     * Called before the slots are read or replaced: an optimizer that keeps state elsewhere between
     * steps (Adam's heap copies of its moments) writes it into the slot arrays here and then reads it
     * from them again on its next update.
     */
    protected void syncSlots() {
    }

    /**
     * Restores one state array (e.g. when loading a saved model): {@code var}'s slot
     * {@code slotName} becomes a copy of {@code value}, cast to the variable's type. The value must
     * have the variable's shape.
     */
    public void setSlot(Variable var, String slotName, INDArray value) {
        if (!Arrays.equals(value.shape(), var.value().shape())) {
            throw new IllegalArgumentException(className() + ": slot '" + slotName + "' of variable '" + var.name() + "' must have shape "
                    + Shape.format(var.value().shape()) + ", received " + Shape.format(value.shape()));
        }
        syncSlots();
        INDArray copy = likeOutsideWorkspaces(var).assign(value);
        slots.computeIfAbsent(var, k -> new LinkedHashMap<>()).put(slotName, copy);
    }

    /**
     * Base config, with Keras's keys: name, learning_rate (number or schedule config), weight_decay,
     * the clip settings, and the EMA, loss-scaling and gradient-accumulation keys at their (only
     * supported) defaults.
     */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("learning_rate", schedule != null ? Registry.serialize(schedule) : (Object) learningRate);
        c.put("weight_decay", weightDecay);
        c.put("clipnorm", clipnorm);
        c.put("global_clipnorm", globalClipnorm);
        c.put("clipvalue", clipvalue);
        c.put("use_ema", false);
        c.put("ema_momentum", 0.99);
        c.put("ema_overwrite_frequency", null);
        c.put("loss_scale_factor", null);
        c.put("gradient_accumulation_steps", null);
        return c;
    }

    /** Reads the learning rate from a config: a number, or a schedule's {@code {"class_name", "config"}}. */
    protected static Object learningRateFrom(Config c, double dflt) {
        Object lr = c.raw("learning_rate");
        if (lr == null) {
            return dflt;
        }
        if (lr instanceof Number n) {
            return n.doubleValue();
        }
        return Registry.get().deserialize(Kind.SCHEDULE, lr, LearningRateSchedule.class);
    }

    /**
     * Applies the base keys of {@link #getConfig()} to {@code o} (name, learning_rate, weight_decay,
     * clipping) and checks the Keras keys Keras4J does not implement: {@code use_ema=true},
     * {@code loss_scale_factor} and {@code gradient_accumulation_steps} fail with a clear message
     * rather than being silently ignored.
     */
    protected static <T extends Optimizer> T applyBaseConfig(Config c, T o) {
        String n = c.getString("name", null);
        if (n != null) {
            o.name(n);
        }
        Object lr = learningRateFrom(c, Double.NaN);
        if (lr instanceof LearningRateSchedule s) {
            o.setLearningRate(s);
        } else if (!Double.isNaN((Double) lr)) {
            o.setLearningRate((Double) lr);
        }
        Double wd = c.getNullableDouble("weight_decay", null);
        Double cn = c.getNullableDouble("clipnorm", null);
        Double gcn = c.getNullableDouble("global_clipnorm", null);
        Double cv = c.getNullableDouble("clipvalue", null);
        if (wd != null) {
            o.weightDecay(wd);
        }
        if (cn != null) {
            o.clipnorm(cn);
        }
        if (gcn != null) {
            o.globalClipnorm(gcn);
        }
        if (cv != null) {
            o.clipvalue(cv);
        }
        if (c.getBoolean("use_ema", false)) {
            throw unsupported(o, "use_ema=true (exponential moving average of the weights)");
        }
        if (c.getNullableDouble("loss_scale_factor", null) != null) {
            throw unsupported(o, "loss_scale_factor (loss scaling for float16 training)");
        }
        if (c.getNullableDouble("gradient_accumulation_steps", null) != null) {
            throw unsupported(o, "gradient_accumulation_steps");
        }
        // Only meaningful with use_ema; "decay" is ignored by Keras 3 too; the rest are Keras 2 keys.
        c.ignore("ema_momentum", "ema_overwrite_frequency", "decay", "is_legacy_optimizer", "jit_compile");
        return o;
    }

    private static IllegalArgumentException unsupported(Optimizer o, String what) {
        return new IllegalArgumentException(o.className() + ": " + what + " is not supported by Keras4J; "
                + "remove it from the optimizer config");
    }

    /** Fails unless {@code lo <= value <= hi} (or {@code < hi} when {@code hiOpen}), naming the argument. */
    protected final double checkRange(String arg, double value, double lo, double hi, boolean hiOpen) {
        boolean ok = value >= lo && (hiOpen ? value < hi : value <= hi);
        if (!ok) {
            throw new IllegalArgumentException(className() + ": " + arg + " must be in [" + fmt(lo) + ", " + fmt(hi)
                    + (hiOpen ? ")" : "]") + ", received " + arg + "=" + value);
        }
        return value;
    }

    /** Fails unless {@code value} is a finite number {@code >= 0}, naming the argument. */
    protected final double checkNonNegative(String arg, double value) {
        if (!(value >= 0) || Double.isInfinite(value)) {
            throw new IllegalArgumentException(className() + ": " + arg + " must be a finite number >= 0, received "
                    + arg + "=" + value);
        }
        return value;
    }

    private static String fmt(double d) {
        return d == Math.rint(d) ? String.valueOf((long) d) : String.valueOf(d);
    }
}
