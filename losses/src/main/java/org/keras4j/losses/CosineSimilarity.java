package org.keras4j.losses;

import java.util.Map;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Negative cosine similarity, as Keras's {@code keras.losses.CosineSimilarity}:
 * {@code loss = -sum(l2_normalize(y_true) * l2_normalize(y_pred), axis)}, between -1 (same
 * direction) and 1 (opposite); 0 when either vector is zero. L2 normalisation divides by
 * {@code max(norm, 1e-7)}.
 *
 * <p>Defaults: {@code axis=-1}, {@code reduction=sum_over_batch_size},
 * {@code name="cosine_similarity"}. Registered as {@code CosineSimilarity}, {@code cosine_similarity}.
 *
 * <pre>{@code
 * Tensor loss = new CosineSimilarity().compute(targetEmbeddings, predictedEmbeddings, null);
 * }</pre>
 */
public final class CosineSimilarity extends Loss {
    static final String DEFAULT_NAME = "cosine_similarity";

    private final int axis;

    public CosineSimilarity() {
        this(-1);
    }

    /** @param axis the features axis along which vectors are compared */
    public CosineSimilarity(int axis) {
        this(axis, Reduction.SUM_OVER_BATCH_SIZE, null);
    }

    /** @param name the loss's name; null for {@code "cosine_similarity"} */
    public CosineSimilarity(int axis, Reduction reduction, String name) {
        super(LossSupport.nameOrDefault(name, DEFAULT_NAME), LossSupport.checkReduction("CosineSimilarity", reduction));
        this.axis = axis;
    }

    /** Rebuilds from a Keras config ({@code name}, {@code reduction}, {@code axis}). */
    public static CosineSimilarity fromConfig(Config config) {
        return new CosineSimilarity(config.getInt("axis", -1), LossSupport.reduction(config),
                LossSupport.name(config, DEFAULT_NAME));
    }

    public int axis() {
        return axis;
    }

    @Override
    public Tensor call(INDArray yTrue, Tensor yPred) {
        LossSupport.Aligned a = LossSupport.align(name(), yTrue, yPred);
        int ax = LossSupport.normalizeAxis(name(), axis, a.yPred().shape());
        // y_true is a constant: normalise it as Keras does, without recording anything
        Tensor target = LossSupport.l2Normalize(Tensor.constant(a.yTrue()), ax);
        Tensor predicted = LossSupport.l2Normalize(a.yPred(), ax);
        return Ops.negative(Ops.sum(Ops.multiply(target, predicted), false, ax));
    }

    @Override
    public String className() {
        return "CosineSimilarity";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        return c;
    }
}
