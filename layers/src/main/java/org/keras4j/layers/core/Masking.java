package org.keras4j.layers.core;

import java.util.Map;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Marks timesteps to skip, as Keras's {@code keras.layers.Masking}: a timestep whose features all
 * equal {@code mask_value} (default 0) is masked, and its features are set to 0 in the output.
 * Input and output {@code (batch, timesteps, features)}; the mask ({@link #computeMask}) is
 * {@code (batch, timesteps)}.
 *
 * <pre>{@code new Masking(-1.0)}</pre>
 */
public class Masking extends Layer {
    private final double maskValue;

    public Masking() {
        this(0.0);
    }

    public Masking(double maskValue) {
        this.maskValue = maskValue;
    }

    public double maskValue() {
        return maskValue;
    }

    /** 1 where any feature of a timestep differs from mask_value, else 0: {@code (batch, timesteps)}. */
    @Override
    public INDArray computeMask(Tensor inputs, INDArray mask) {
        INDArray differs = inputs.value().neq(maskValue).castTo(inputs.dataType());
        return differs.max(-1).gt(0);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        INDArray keep = computeMask(inputs, null).castTo(inputs.dataType());
        long[] s = inputs.shape();
        long[] kept = s.clone();
        kept[kept.length - 1] = 1;
        return Ops.multiply(inputs, Tensor.constant(keep.reshape(kept)));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("mask_value", maskValue);
        return c;
    }

    public static Masking fromConfig(Config c) {
        return applyBaseConfig(c, new Masking(c.getDouble("mask_value", 0.0)));
    }
}
