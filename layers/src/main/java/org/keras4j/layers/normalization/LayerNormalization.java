package org.keras4j.layers.normalization;

import java.util.Map;
import java.util.TreeMap;
import org.keras4j.framework.autodiff.NormOps;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.initializers.Initializer;
import org.keras4j.framework.initializers.Initializers;
import org.keras4j.framework.layers.InputSpec;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.regularizers.Regularizer;
import org.keras4j.framework.regularizers.Regularizers;

/**
 * Normalizes each sample over its feature axes, as Keras's {@code keras.layers.LayerNormalization}
 * (Ba et al., 2016): for every sample (and every index of the axes not in {@code axis}),
 * {@code (x - mean) / sqrt(var + epsilon) * gamma + beta}, with the mean and biased variance taken
 * over {@code axis}. The same in training and inference.
 *
 * <p>Shapes: input of rank >= 2, output of the same shape. {@code gamma} (if {@code scale}) then
 * {@code beta} (if {@code center}) have the input's sizes at {@code axis}, e.g. {@code axis=[1, 2, 3]}
 * on {@code (None, 20, 30, 40)} gives weights of shape {@code (20, 30, 40)}.
 *
 * <p>Defaults: {@code axis=-1}, {@code epsilon=1e-3}, {@code center=true}, {@code scale=true},
 * {@code gamma} ones, {@code beta} zeros, no regularizers. {@code rms_scaling=true} is not supported.
 *
 * <pre>{@code
 * new LayerNormalization();              // over the last axis, e.g. the features of (batch, time, features)
 * new LayerNormalization(1, 2, 3).epsilon(1e-6);
 * }</pre>
 */
public class LayerNormalization extends Layer {
    private final int[] axis;
    private final boolean axisIsList;
    private double epsilon = 1e-3;
    private boolean center = true;
    private boolean scale = true;
    private Initializer betaInitializer = Initializers.get("zeros");
    private Initializer gammaInitializer = Initializers.get("ones");
    private Regularizer betaRegularizer;
    private Regularizer gammaRegularizer;
    private int[] axes;
    private long[] broadcastShape;
    private Variable gamma;
    private Variable beta;

    /** Normalizes over the last axis. */
    public LayerNormalization() {
        this(new int[] {-1}, false);
    }

    /** @param axis the axes to normalize over (negative count from the end); not the batch axis */
    public LayerNormalization(int... axis) {
        this(axis, axis.length != 1);
    }

    private LayerNormalization(int[] axis, boolean axisIsList) {
        if (axis.length == 0) {
            throw new IllegalArgumentException("LayerNormalization: axis must name at least one axis, received axis=[]");
        }
        this.axis = axis.clone();
        this.axisIsList = axisIsList;
    }

    public LayerNormalization epsilon(double epsilon) {
        requireUnbuilt();
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("LayerNormalization: epsilon must be positive, received epsilon=" + epsilon);
        }
        this.epsilon = epsilon;
        return this;
    }

    public LayerNormalization center(boolean center) {
        requireUnbuilt();
        this.center = center;
        return this;
    }

    public LayerNormalization scale(boolean scale) {
        requireUnbuilt();
        this.scale = scale;
        return this;
    }

    public LayerNormalization betaInitializer(Object initializer) {
        requireUnbuilt();
        this.betaInitializer = Initializers.get(initializer);
        return this;
    }

    public LayerNormalization gammaInitializer(Object initializer) {
        requireUnbuilt();
        this.gammaInitializer = Initializers.get(initializer);
        return this;
    }

    public LayerNormalization betaRegularizer(Object regularizer) {
        requireUnbuilt();
        this.betaRegularizer = Regularizers.get(regularizer);
        return this;
    }

    public LayerNormalization gammaRegularizer(Object regularizer) {
        requireUnbuilt();
        this.gammaRegularizer = Regularizers.get(regularizer);
        return this;
    }

    private void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException(describe() + " is already built; set its arguments before first use");
        }
    }

    public Variable gamma() {
        return gamma;
    }

    public Variable beta() {
        return beta;
    }

    @Override
    public void build(Shape inputShape) {
        axes = Normalizing.featureAxes(this, inputShape, axis);
        long[] paramShape = new long[axes.length];
        broadcastShape = new long[inputShape.rank()];
        java.util.Arrays.fill(broadcastShape, 1);
        Map<Integer, Long> fixed = new TreeMap<>();
        for (int i = 0; i < axes.length; i++) {
            paramShape[i] = inputShape.get(axes[i]);
            broadcastShape[axes[i]] = paramShape[i];
            fixed.put(axes[i], paramShape[i]);
        }
        if (scale) {
            gamma = addWeight("gamma", paramShape, gammaInitializer, gammaRegularizer, true);
        }
        if (center) {
            beta = addWeight("beta", paramShape, betaInitializer, betaRegularizer, true);
        }
        setInputSpec(new InputSpec(inputShape.rank(), inputShape.rank(), fixed));
    }

    /** Works per sample, so a sequence mask passes through unchanged (Keras: supports_masking). */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        Tensor out = NormOps.standardize(inputs, epsilon, axes);
        if (gamma != null) {
            out = Ops.multiply(out, Ops.reshape(gamma, broadcastShape));
        }
        if (beta != null) {
            out = Ops.add(out, Ops.reshape(beta, broadcastShape));
        }
        return out;
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", Normalizing.axisConfig(axis, axisIsList));
        c.put("epsilon", epsilon);
        c.put("center", center);
        c.put("scale", scale);
        c.put("rms_scaling", false);
        c.put("beta_initializer", Registry.serialize(betaInitializer));
        c.put("gamma_initializer", Registry.serialize(gammaInitializer));
        c.put("beta_regularizer", betaRegularizer == null ? null : Registry.serialize(betaRegularizer));
        c.put("gamma_regularizer", gammaRegularizer == null ? null : Registry.serialize(gammaRegularizer));
        c.put("beta_constraint", null);
        c.put("gamma_constraint", null);
        return c;
    }

    public static LayerNormalization fromConfig(Config c) {
        boolean list = c.raw("axis") instanceof java.util.List<?>;
        LayerNormalization l = new LayerNormalization(Normalizing.axes(c, "LayerNormalization", -1), list);
        l.epsilon(c.getDouble("epsilon", 1e-3));
        l.center(c.getBoolean("center", true));
        l.scale(c.getBoolean("scale", true));
        if (c.getBoolean("rms_scaling", false)) {
            throw new IllegalArgumentException("LayerNormalization config: 'rms_scaling'=true is not supported yet");
        }
        if (c.has("beta_initializer")) {
            l.betaInitializer(c.raw("beta_initializer"));
        }
        if (c.has("gamma_initializer")) {
            l.gammaInitializer(c.raw("gamma_initializer"));
        }
        l.betaRegularizer(c.raw("beta_regularizer"));
        l.gammaRegularizer(c.raw("gamma_regularizer"));
        Normalizing.rejectConstraints(c, "LayerNormalization", "beta_constraint", "gamma_constraint");
        return applyBaseConfig(c, l);
    }
}
