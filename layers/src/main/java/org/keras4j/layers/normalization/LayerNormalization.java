package org.keras4j.layers.normalization;

import java.util.Map;
import java.util.TreeMap;
import org.keras4j.framework.autodiff.NormOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.InputSpec;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;

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
 * {@code gamma} ones, {@code beta} zeros, no regularizers; all but {@code axis} are
 * {@link AffineNormalization}'s. {@code rms_scaling=true} is not supported.
 *
 * <pre>{@code
 * new LayerNormalization();              // over the last axis, e.g. the features of (batch, time, features)
 * new LayerNormalization(1, 2, 3).epsilon(1e-6);
 * }</pre>
 */
public class LayerNormalization extends AffineNormalization<LayerNormalization> {
    private final int[] axis;
    private final boolean axisIsList;
    private int[] axes;
    private long[] broadcastShape;

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
        addScaleAndOffset(paramShape);
        setInputSpec(new InputSpec(inputShape.rank(), inputShape.rank(), fixed));
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return scaleAndOffset(NormOps.standardize(inputs, epsilon(), axes), broadcastShape);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", Normalizing.axisConfig(axis, axisIsList));
        putEpsilonCenterScale(c);
        c.put("rms_scaling", false);
        putScaleAndOffsetInitializers(c);
        putScaleAndOffsetRegularizers(c);
        return c;
    }

    public static LayerNormalization fromConfig(Config c) {
        boolean list = c.raw("axis") instanceof java.util.List<?>;
        LayerNormalization l = new LayerNormalization(Normalizing.axes(c, "LayerNormalization", -1), list);
        l.readEpsilonCenterScale(c);
        if (c.getBoolean("rms_scaling", false)) {
            throw new IllegalArgumentException("LayerNormalization config: 'rms_scaling'=true is not supported yet");
        }
        l.readScaleAndOffsetInitializers(c);
        l.readScaleAndOffsetRegularizers(c);
        return applyBaseConfig(c, l);
    }
}
