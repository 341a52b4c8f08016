package org.keras4j.losses;

import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Categorical cross-entropy, as Keras's {@code keras.losses.CategoricalCrossentropy}: for one-hot
 * (or soft) labels {@code y} and a predicted distribution {@code p} along {@code axis},
 * {@code loss = -sum(y * log p, axis)}, one value per sample.
 *
 * <ul>
 *   <li>{@code from_logits=true}: {@code y_pred} holds logits; computed as
 *       {@code -sum(y * log_softmax(y_pred))}, shifted by the maximum logit for stability.</li>
 *   <li>{@code from_logits=false}: when {@code y_pred} is the output of a softmax over the last axis
 *       (and {@code axis} is the last axis), its logits are used as above (Keras 3 does the same).
 *       Otherwise {@code p} is divided by its sum along {@code axis} and clipped to
 *       {@code [1e-7, 1 - 1e-7]}.</li>
 *   <li>{@code label_smoothing} in [0, 1]: {@code y * (1 - ls) + ls / num_classes}.</li>
 * </ul>
 *
 * <p>Defaults: {@code from_logits=false}, {@code label_smoothing=0.0}, {@code axis=-1},
 * {@code reduction=sum_over_batch_size}, {@code name="categorical_crossentropy"}. Registered as
 * {@code CategoricalCrossentropy}, {@code categorical_crossentropy}.
 *
 * <pre>{@code
 * Loss loss = new CategoricalCrossentropy(true, 0.1);   // logits, 10% label smoothing
 * }</pre>
 */
public final class CategoricalCrossentropy extends SmoothedCrossentropy {
    static final String DEFAULT_NAME = "categorical_crossentropy";
    private static final Logger LOG = LoggerFactory.getLogger(CategoricalCrossentropy.class);

    private volatile boolean warnedOneClass;

    public CategoricalCrossentropy() {
        this(false);
    }

    public CategoricalCrossentropy(boolean fromLogits) {
        this(fromLogits, 0.0);
    }

    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing) {
        this(fromLogits, labelSmoothing, -1, Reduction.SUM_OVER_BATCH_SIZE, null);
    }

    /** @param name the loss's name; null for {@code "categorical_crossentropy"} */
    public CategoricalCrossentropy(boolean fromLogits, double labelSmoothing, int axis, Reduction reduction, String name) {
        super("CategoricalCrossentropy", DEFAULT_NAME, fromLogits, labelSmoothing, axis, reduction, name);
    }

    /** Rebuilds from a Keras config ({@code name}, {@code reduction}, {@code from_logits}, {@code label_smoothing}, {@code axis}). */
    public static CategoricalCrossentropy fromConfig(Config config) {
        return fromConfig(config, DEFAULT_NAME, CategoricalCrossentropy::new);
    }

    @Override
    public Tensor call(INDArray yTrue, Tensor yPred) {
        boolean logits = fromLogits();
        Tensor source = yPred;
        int axis = axis();
        boolean lastAxis = axis == -1 || axis == yPred.rank() - 1;
        if (yPred.isSoftmaxOfLastAxis() && lastAxis) {
            warnIfFromLogits("softmax");
            source = yPred.logits();
            logits = true;
        }
        LossSupport.Aligned a = LossSupport.align(name(), yTrue, source);
        int ax = LossSupport.normalizeAxis(name(), axis, a.yPred().shape());
        long classes = a.yPred().size(ax);
        if (classes == 1 && !warnedOneClass) {
            warnedOneClass = true;
            LOG.warn("{} expects y_pred of shape (batch_size, num_classes) with num_classes > 1, received y_pred.shape={}; "
                    + "the loss is always 0. Consider binary_crossentropy for two classes.", name(), Shape.format(yPred.shape()));
        }
        INDArray labels = a.yTrue();
        double labelSmoothing = labelSmoothing();
        if (labelSmoothing > 0) {
            labels = labels.mul(1.0 - labelSmoothing).addi(labelSmoothing / classes);
        }
        if (logits) {
            return NnOps.softmaxCrossEntropyWithLogits(labels, a.yPred(), ax);
        }
        // Keras rescales each distribution to sum to 1 before clipping
        Tensor p = Ops.divide(a.yPred(), Ops.sum(a.yPred(), true, ax));
        p = Ops.clip(p, LossSupport.EPSILON, 1.0 - LossSupport.EPSILON);
        return Ops.negative(Ops.sum(Ops.multiply(Tensor.constant(labels), Ops.log(p)), false, ax));
    }

    @Override
    public String className() {
        return "CategoricalCrossentropy";
    }
}
