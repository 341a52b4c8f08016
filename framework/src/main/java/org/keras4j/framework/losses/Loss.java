package org.keras4j.framework.losses;

import java.util.LinkedHashMap;
import java.util.Map;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss function, as Keras's {@code keras.losses.Loss}: {@link #call} gives one loss per sample,
 * {@link #compute} weights them by sample weights and applies the {@link Reduction}.
 * Concrete losses live in the {@code losses} module and are found by name through the registry.
 */
public abstract class Loss implements org.keras4j.framework.registry.Configurable {
    private final String name;
    private final Reduction reduction;

    protected Loss(String name, Reduction reduction) {
        this.name = name;
        this.reduction = reduction;
    }

    public String name() {
        return name;
    }

    public Reduction reduction() {
        return reduction;
    }

    /**
     * Unreduced losses: {@code yTrue} (labels, any numeric type) against {@code yPred}, one value per
     * sample, shaped {@code (batch,)} or, for inputs of higher rank, {@code (batch, d1, ...)}.
     */
    public abstract Tensor call(INDArray yTrue, Tensor yPred);

    /**
     * The value to minimise: per-sample losses times {@code sampleWeight} (may be null; shape
     * {@code (batch,)} or broadcastable to the losses), then reduced.
     */
    public Tensor compute(INDArray yTrue, Tensor yPred, INDArray sampleWeight) {
        if (yTrue.size(0) != yPred.size(0)) {
            throw new IllegalArgumentException(name + ": y_true has " + yTrue.size(0) + " samples but y_pred has "
                    + yPred.size(0) + " (shapes " + Shape.format(yTrue.shape()) + " and " + Shape.format(yPred.shape()) + ")");
        }
        Tensor losses = call(yTrue, yPred);
        INDArray weights = sampleWeight == null ? null : alignWeights(sampleWeight, losses);
        if (yPred.mask() != null) {
            weights = maskedWeights(yPred.mask(), weights, losses);
        }
        if (weights != null) {
            losses = Ops.multiply(losses, Tensor.constant(weights));
        }
        return reduction.apply(losses);
    }

    /**
     * Keras 3's {@code apply_mask}: masked-out entries weigh 0; for a mean reduction the rest are
     * scaled by total/valid, so the loss is the mean over the real entries only.
     */
    private INDArray maskedWeights(INDArray mask, INDArray weights, Tensor losses) {
        if (!java.util.Arrays.equals(mask.shape(), losses.shape())) {
            throw new IllegalArgumentException(name + ": y_pred carries a mask of shape " + Shape.format(mask.shape())
                    + " but the per-sample losses have shape " + Shape.format(losses.shape())
                    + "; a layer passed on a mask that does not fit its output.");
        }
        INDArray m = mask.castTo(losses.dataType());
        if (reduction == Reduction.SUM_OVER_BATCH_SIZE) {
            double valid = m.sumNumber().doubleValue();
            m = m.mul(m.length() / (valid + 1e-7));
        }
        if (weights == null) {
            return m;
        }
        return m.mul(weights.rank() == m.rank() && !java.util.Arrays.equals(weights.shape(), m.shape())
                ? weights.broadcast(m.shape()) : weights);
    }

    /** Reshapes {@code (batch,)} weights to broadcast over losses of higher rank. */
    private static INDArray alignWeights(INDArray w, Tensor losses) {
        INDArray cast = w.castTo(losses.dataType());
        if (cast.rank() >= losses.rank() || cast.length() != losses.size(0)) {
            return cast;
        }
        long[] s = new long[losses.rank()];
        java.util.Arrays.fill(s, 1);
        s[0] = cast.length();
        return cast.reshape(s);
    }

    /** Base config: {@code name} and {@code reduction}; subclasses add their own arguments. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("name", name);
        c.put("reduction", reduction.kerasName());
        return c;
    }
}
