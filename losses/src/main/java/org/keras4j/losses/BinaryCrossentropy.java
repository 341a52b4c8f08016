package org.keras4j.losses;

import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Binary cross-entropy, as Keras's {@code keras.losses.BinaryCrossentropy}: for labels {@code y}
 * in [0, 1] and predicted probabilities {@code p}, {@code -(y log p + (1 - y) log(1 - p))}, averaged
 * over {@code axis} (one value per sample).
 *
 * <ul>
 *   <li>{@code from_logits=true}: {@code y_pred} holds logits; computed stably as
 *       {@code max(x, 0) - x y + log(1 + exp(-|x|))}.</li>
 *   <li>{@code from_logits=false}: when {@code y_pred} is the output of a sigmoid, its logits are
 *       used as above (Keras 3 does the same). Otherwise probabilities are clipped to
 *       {@code [1e-7, 1 - 1e-7]} first.</li>
 *   <li>{@code label_smoothing} in [0, 1] squeezes labels towards 0.5:
 *       {@code y * (1 - label_smoothing) + 0.5 * label_smoothing}.</li>
 * </ul>
 *
 * <p>Defaults: {@code from_logits=false}, {@code label_smoothing=0.0}, {@code axis=-1},
 * {@code reduction=sum_over_batch_size}, {@code name="binary_crossentropy"}. Registered as
 * {@code BinaryCrossentropy}, {@code binary_crossentropy}, {@code bce}.
 *
 * <pre>{@code
 * Loss loss = new BinaryCrossentropy(true);   // the model outputs logits
 * }</pre>
 */
public final class BinaryCrossentropy extends SmoothedCrossentropy {
    static final String DEFAULT_NAME = "binary_crossentropy";

    public BinaryCrossentropy() {
        this(false);
    }

    public BinaryCrossentropy(boolean fromLogits) {
        this(fromLogits, 0.0);
    }

    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing) {
        this(fromLogits, labelSmoothing, -1, Reduction.SUM_OVER_BATCH_SIZE, null);
    }

    /** @param name the loss's name; null for {@code "binary_crossentropy"} */
    public BinaryCrossentropy(boolean fromLogits, double labelSmoothing, int axis, Reduction reduction, String name) {
        super("BinaryCrossentropy", DEFAULT_NAME, fromLogits, labelSmoothing, axis, reduction, name);
    }

    /** Rebuilds from a Keras config ({@code name}, {@code reduction}, {@code from_logits}, {@code label_smoothing}, {@code axis}). */
    public static BinaryCrossentropy fromConfig(Config config) {
        return fromConfig(config, DEFAULT_NAME, BinaryCrossentropy::new);
    }

    @Override
    public Tensor call(INDArray yTrue, Tensor yPred) {
        boolean logits = fromLogits();
        Tensor source = yPred;
        if (yPred.isSigmoidOutput()) {
            warnIfFromLogits("sigmoid");
            source = yPred.logits();
            logits = true;
        }
        LossSupport.Aligned a = LossSupport.align(name(), yTrue, source);
        int ax = LossSupport.normalizeAxis(name(), axis(), a.yPred().shape());
        INDArray labels = a.yTrue();
        double labelSmoothing = labelSmoothing();
        if (labelSmoothing > 0) {
            labels = labels.mul(1.0 - labelSmoothing).addi(0.5 * labelSmoothing);
        }
        Tensor elementwise;
        if (logits) {
            elementwise = NnOps.sigmoidCrossEntropyWithLogits(labels, a.yPred());
        } else {
            Tensor p = Ops.clip(a.yPred(), LossSupport.EPSILON, 1.0 - LossSupport.EPSILON);
            Tensor positive = Ops.multiply(Tensor.constant(labels), Ops.log(p));
            Tensor negative = Ops.multiply(Tensor.constant(labels.rsub(1.0)), Ops.log(Ops.rsubScalar(1.0, p)));
            elementwise = Ops.negative(Ops.add(positive, negative));
        }
        return Ops.mean(elementwise, false, ax);
    }

    @Override
    public String className() {
        return "BinaryCrossentropy";
    }
}
