package org.keras4j.framework.optimizers;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Configurable;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Base of every optimizer, as Keras 3's {@code keras.optimizers.Optimizer}: a learning rate (a
 * number or a {@link LearningRateSchedule}), optional gradient clipping ({@code clipnorm},
 * {@code clipvalue}, {@code global_clipnorm}) and decoupled {@code weight_decay}, and per-variable
 * state ("slots", e.g. Adam's moments) created on first use.
 *
 * <p>{@link #applyGradients} clips, decays, then calls {@link #update} once per variable and
 * counts {@link #iterations()}.
 */
public abstract class Optimizer implements Configurable {
    private final String name;
    private double learningRate;
    private LearningRateSchedule schedule;
    private Double clipnorm;
    private Double clipvalue;
    private Double globalClipnorm;
    private Double weightDecay;
    private long iterations;
    private final Map<Variable, Map<String, INDArray>> slots = new IdentityHashMap<>();

    protected Optimizer(String name, double learningRate) {
        this.name = name;
        setLearningRate(learningRate);
    }

    protected Optimizer(String name, LearningRateSchedule schedule) {
        this.name = name;
        this.schedule = schedule;
    }

    public String name() {
        return name;
    }

    /** Number of updates applied so far (Keras's {@code optimizer.iterations}). */
    public long iterations() {
        return iterations;
    }

    public void setIterations(long iterations) {
        this.iterations = iterations;
    }

    /** The learning rate the next update will use. */
    public double currentLearningRate() {
        return schedule != null ? schedule.at(iterations) : learningRate;
    }

    /** Replaces the learning rate (and any schedule) by a constant, as callbacks such as ReduceLROnPlateau do. */
    public void setLearningRate(double lr) {
        if (!(lr >= 0) || Double.isInfinite(lr)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": learning_rate must be a finite number >= 0, received " + lr);
        }
        this.learningRate = lr;
        this.schedule = null;
    }

    public LearningRateSchedule schedule() {
        return schedule;
    }

    /** Clips each gradient to this L2 norm. */
    public Optimizer clipnorm(double v) {
        this.clipnorm = positive("clipnorm", v);
        return this;
    }

    /** Clips each gradient element to {@code [-v, v]}. */
    public Optimizer clipvalue(double v) {
        this.clipvalue = positive("clipvalue", v);
        return this;
    }

    /** Scales all gradients together so their joint L2 norm is at most {@code v}. */
    public Optimizer globalClipnorm(double v) {
        this.globalClipnorm = positive("global_clipnorm", v);
        return this;
    }

    /** Decoupled weight decay: before each update, {@code w -= lr * weightDecay * w}. */
    public Optimizer weightDecay(double v) {
        if (!(v >= 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": weight_decay must be >= 0, received " + v);
        }
        this.weightDecay = v;
        return this;
    }

    public Double weightDecay() {
        return weightDecay;
    }

    private Double positive(String arg, double v) {
        if (!(v > 0)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + arg + " must be > 0, received " + v);
        }
        return v;
    }

    /**
     * Applies one update. {@code grads.get(i)} is the gradient of {@code vars.get(i)}; null entries
     * (variables the loss does not depend on) are skipped. Gradients may be modified in place.
     */
    public void applyGradients(List<INDArray> grads, List<Variable> vars) {
        if (grads.size() != vars.size()) {
            throw new IllegalArgumentException("applyGradients: " + grads.size() + " gradients for " + vars.size() + " variables");
        }
        List<INDArray> g = clip(grads);
        double lr = currentLearningRate();
        long step = iterations + 1;
        for (int i = 0; i < vars.size(); i++) {
            if (g.get(i) == null) {
                continue;
            }
            Variable v = vars.get(i);
            if (weightDecay != null && weightDecay > 0) {
                v.value().subi(v.value().mul(lr * weightDecay));
            }
            update(v, g.get(i), lr, step);
        }
        iterations++;
    }

    private List<INDArray> clip(List<INDArray> grads) {
        List<INDArray> g = new ArrayList<>(grads);
        if (globalClipnorm != null) {
            double sq = 0;
            for (INDArray x : g) {
                if (x != null) {
                    double n = x.norm2Number().doubleValue();
                    sq += n * n;
                }
            }
            double norm = Math.sqrt(sq);
            if (norm > globalClipnorm) {
                for (INDArray x : g) {
                    if (x != null) {
                        x.muli(globalClipnorm / norm);
                    }
                }
            }
        }
        for (int i = 0; i < g.size(); i++) {
            INDArray x = g.get(i);
            if (x == null) {
                continue;
            }
            if (clipnorm != null) {
                double n = x.norm2Number().doubleValue();
                if (n > clipnorm) {
                    x.muli(clipnorm / n);
                }
            }
            if (clipvalue != null) {
                g.set(i, Transforms.min(Transforms.max(x, -clipvalue, false), clipvalue, false));
            }
        }
        return g;
    }

    /**
     * Updates {@code var} in place from its (clipped) gradient.
     *
     * @param lr the learning rate of this step
     * @param step 1 for the first update (Keras's {@code iterations + 1})
     */
    protected abstract void update(Variable var, INDArray grad, double lr, long step);

    /** The state array {@code slotName} of {@code var}, zeros like the variable on first use. */
    protected INDArray slot(Variable var, String slotName) {
        return slots.computeIfAbsent(var, k -> new LinkedHashMap<>())
                .computeIfAbsent(slotName, k -> var.value().ulike().assign(0));
    }

    /** Every slot of every variable this optimizer has updated, for saving and restoring its state. */
    public Map<Variable, Map<String, INDArray>> slots() {
        return slots;
    }

    /** Base config: name, learning_rate (number or schedule config), weight_decay and the clip settings. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("learning_rate", schedule != null ? Registry.serialize(schedule) : (Object) learningRate);
        c.put("weight_decay", weightDecay);
        c.put("clipnorm", clipnorm);
        c.put("global_clipnorm", globalClipnorm);
        c.put("clipvalue", clipvalue);
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

    /** Applies the base keys of {@link #getConfig()} (other than name and learning rate) to {@code o}. */
    protected static <T extends Optimizer> T applyBaseConfig(Config c, T o) {
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
        c.ignore("use_ema", "ema_momentum", "ema_overwrite_frequency", "loss_scale_factor",
                "gradient_accumulation_steps", "is_legacy_optimizer", "jit_compile", "decay");
        return o;
    }
}
