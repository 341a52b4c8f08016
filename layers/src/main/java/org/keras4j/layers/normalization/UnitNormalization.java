package org.keras4j.layers.normalization;

import java.util.Map;
import org.keras4j.framework.autodiff.NormOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;

/**
 * Scales each sample to unit L2 norm over {@code axis}, as Keras's {@code keras.layers.UnitNormalization}:
 * {@code x / sqrt(max(sum(x^2, axis), 1e-12))}. No weights; the same in training and inference.
 *
 * <p>Shapes: any input of rank >= 2; output of the same shape. Default {@code axis=-1}.
 *
 * <pre>{@code new UnitNormalization()   // rows of (batch, features) get norm 1}</pre>
 */
public class UnitNormalization extends Layer {
    /** Floor under the squared norm, so an all-zero slice stays zero instead of dividing by zero. */
    private static final double MIN_SQUARED_NORM = 1e-12;

    private final int[] axis;
    private final boolean axisIsList;
    private int[] axes;

    public UnitNormalization() {
        this(new int[] {-1}, false);
    }

    /** @param axis the axes whose L2 norm becomes 1 (negative count from the end); not the batch axis */
    public UnitNormalization(int... axis) {
        this(axis, axis.length != 1);
    }

    private UnitNormalization(int[] axis, boolean axisIsList) {
        if (axis.length == 0) {
            throw new IllegalArgumentException("UnitNormalization: axis must name at least one axis, received axis=[]");
        }
        this.axis = axis.clone();
        this.axisIsList = axisIsList;
    }

    @Override
    public void build(Shape inputShape) {
        axes = Normalizing.featureAxes(this, inputShape, axis);
    }

    /** Works per sample, so a sequence mask passes through unchanged (Keras: supports_masking). */
    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return NormOps.l2Normalize(inputs, MIN_SQUARED_NORM, axes);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", Normalizing.axisConfig(axis, axisIsList));
        return c;
    }

    public static UnitNormalization fromConfig(Config c) {
        boolean list = c.raw("axis") instanceof java.util.List<?>;
        return applyBaseConfig(c, new UnitNormalization(Normalizing.axes(c, "UnitNormalization", -1), list));
    }
}
