package org.keras4j.layers.normalization;

import java.util.Map;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.initializers.Initializer;
import org.keras4j.framework.initializers.Initializers;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.regularizers.Regularizer;
import org.keras4j.framework.regularizers.Regularizers;

/**
 * The base of the normalization layers that follow the normalization with a learned per-feature
 * scale and offset, {@code normalized * gamma + beta} ({@link BatchNormalization},
 * {@link LayerNormalization}, {@link GroupNormalization}): the Keras arguments they share, their
 * checks, their two weights and their config keys. Each layer adds its own axis arguments and maths.
 *
 * <p>Defaults, as Keras: {@code epsilon=1e-3} (added to the variance, > 0), {@code center=true}
 * (learn {@code beta}), {@code scale=true} (learn {@code gamma}), {@code beta_initializer} zeros,
 * {@code gamma_initializer} ones, no regularizers. {@code beta_constraint} and
 * {@code gamma_constraint} are written as null and rejected when a config sets them.
 *
 * <pre>{@code
 * new LayerNormalization().epsilon(1e-6).center(false).gammaRegularizer("l2");
 * }</pre>
 *
 * @param <T> the concrete layer, returned by the setters so that they chain
 */
public abstract class AffineNormalization<T extends AffineNormalization<T>> extends Layer {
    private double epsilon = 1e-3;
    private boolean center = true;
    private boolean scale = true;
    private Initializer betaInitializer = Initializers.get("zeros");
    private Initializer gammaInitializer = Initializers.get("ones");
    private Regularizer betaRegularizer;
    private Regularizer gammaRegularizer;
    private Variable gamma;
    private Variable beta;

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    /** Added to the variance before the square root, > 0; default 1e-3. */
    public T epsilon(double epsilon) {
        requireUnbuilt();
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException(className() + ": epsilon must be positive, received epsilon=" + epsilon);
        }
        this.epsilon = epsilon;
        return self();
    }

    /** Whether to add the learned offset {@code beta}; default true. */
    public T center(boolean center) {
        requireUnbuilt();
        this.center = center;
        return self();
    }

    /** Whether to multiply by the learned scale {@code gamma}; default true. */
    public T scale(boolean scale) {
        requireUnbuilt();
        this.scale = scale;
        return self();
    }

    public T betaInitializer(Object initializer) {
        requireUnbuilt();
        this.betaInitializer = Initializers.get(initializer);
        return self();
    }

    public T gammaInitializer(Object initializer) {
        requireUnbuilt();
        this.gammaInitializer = Initializers.get(initializer);
        return self();
    }

    public T betaRegularizer(Object regularizer) {
        requireUnbuilt();
        this.betaRegularizer = Regularizers.get(regularizer);
        return self();
    }

    public T gammaRegularizer(Object regularizer) {
        requireUnbuilt();
        this.gammaRegularizer = Regularizers.get(regularizer);
        return self();
    }

    /** The learned scale; null before {@code build} or with {@code scale=false}. */
    public Variable gamma() {
        return gamma;
    }

    /** The learned offset; null before {@code build} or with {@code center=false}. */
    public Variable beta() {
        return beta;
    }

    /** The output has the input's shape, so a sequence mask passes through unchanged (Keras: supports_masking). */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    protected final double epsilon() {
        return epsilon;
    }

    /** Arguments may change only until the weights exist. */
    protected final void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException(describe() + " is already built; set its arguments before first use");
        }
    }

    /** Adds {@code gamma} (if {@code scale}) then {@code beta} (if {@code center}), Keras's order, both of {@code shape}. */
    protected final void addScaleAndOffset(long[] shape) {
        if (scale) {
            gamma = addWeight("gamma", shape, gammaInitializer, gammaRegularizer, true);
        }
        if (center) {
            beta = addWeight("beta", shape, betaInitializer, betaRegularizer, true);
        }
    }

    /** {@code normalized * gamma + beta}, each weight reshaped to {@code broadcastShape}; an absent weight is skipped. */
    protected final Tensor scaleAndOffset(Tensor normalized, long[] broadcastShape) {
        Tensor out = normalized;
        if (gamma != null) {
            out = Ops.multiply(out, Ops.reshape(gamma, broadcastShape));
        }
        if (beta != null) {
            out = Ops.add(out, Ops.reshape(beta, broadcastShape));
        }
        return out;
    }

    // ---- config: three groups, so that each layer can place its own keys between them as Keras orders them ----

    /** Writes {@code epsilon}, {@code center}, {@code scale}. */
    protected final void putEpsilonCenterScale(Map<String, Object> c) {
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
    }

    /** Reads what {@link #putEpsilonCenterScale} writes, with Keras's defaults. */
    protected final void readEpsilonCenterScale(Config c) {
        epsilon(c.getDouble("epsilon", 1e-3));
        center(c.getBoolean("center", true));
        scale(c.getBoolean("scale", true));
    }

    /** Writes {@code beta_initializer}, {@code gamma_initializer}. */
    protected final void putScaleAndOffsetInitializers(Map<String, Object> c) {
        c.put("beta_initializer", Registry.serialize(betaInitializer));
        c.put("gamma_initializer", Registry.serialize(gammaInitializer));
    }

    /** Reads what {@link #putScaleAndOffsetInitializers} writes; an absent key keeps the default. */
    protected final void readScaleAndOffsetInitializers(Config c) {
        if (c.has("beta_initializer")) {
            betaInitializer(c.raw("beta_initializer"));
        }
        if (c.has("gamma_initializer")) {
            gammaInitializer(c.raw("gamma_initializer"));
        }
    }

    /** Writes the {@code beta} and {@code gamma} regularizers, then their (unsupported, so null) constraints. */
    protected final void putScaleAndOffsetRegularizers(Map<String, Object> c) {
        c.put("beta_regularizer", betaRegularizer == null ? null : Registry.serialize(betaRegularizer));
        c.put("gamma_regularizer", gammaRegularizer == null ? null : Registry.serialize(gammaRegularizer));
        c.put("beta_constraint", null);
        c.put("gamma_constraint", null);
    }

    /** Reads what {@link #putScaleAndOffsetRegularizers} writes; a constraint other than null is an error. */
    protected final void readScaleAndOffsetRegularizers(Config c) {
        betaRegularizer(c.raw("beta_regularizer"));
        gammaRegularizer(c.raw("gamma_regularizer"));
        for (String k : new String[] {"beta_constraint", "gamma_constraint"}) {
            if (c.has(k)) {
                throw new IllegalArgumentException(className() + " config: '" + k + "' is not supported yet, received " + c.raw(k));
            }
            c.ignore(k);
        }
    }
}
