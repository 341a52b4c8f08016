package org.keras4j.layers.normalization;

import java.util.Map;
import org.keras4j.framework.autodiff.NormOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.initializers.Initializer;
import org.keras4j.framework.initializers.Initializers;
import org.keras4j.framework.layers.InputSpec;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Normalizes each channel with batch statistics in training and moving statistics in inference,
 * as Keras's {@code keras.layers.BatchNormalization}:
 * {@code gamma * (x - mean) / sqrt(var + epsilon) + beta}, per index of {@code axis}.
 *
 * <p>Training ({@code fit}, or {@code training=true} on a trainable layer): mean and biased variance
 * of the batch over every axis but {@code axis}; then, as in Keras 3,
 * {@code moving = moving * momentum + batch * (1 - momentum)} for both statistics (updated in
 * place). Inference, or a frozen layer ({@code setTrainable(false)}) even inside {@code fit}: the
 * moving statistics. Forward is libnd4j's {@code batchnorm}, backward {@code batchnorm_bp}.
 *
 * <p>Shapes: any input of rank >= 2; the output has the input's shape. Weights, in Keras's order:
 * {@code gamma} (if {@code scale}), {@code beta} (if {@code center}), {@code moving_mean},
 * {@code moving_variance} (the last two non-trainable), each of shape {@code (input.shape[axis],)}.
 * A sequence mask passes through, but the batch statistics do not yet exclude masked entries as
 * Keras 3's do.
 *
 * <p>Defaults: {@code axis=-1} (channels-last), {@code momentum=0.99}, {@code epsilon=1e-3},
 * {@code center=true}, {@code scale=true}, initializers zeros/ones/zeros/ones for
 * beta/gamma/moving_mean/moving_variance, no regularizers. The {@code epsilon}, {@code center}/{@code scale}
 * and beta/gamma arguments are shared through {@link AffineNormalization}.
 *
 * <pre>{@code
 * new Sequential(new Input(28, 28, 1), new Conv2D(32, 3), new BatchNormalization(), new Activation("relu"), ...);
 * new BatchNormalization(1).momentum(0.9).epsilon(1e-5);   // channels-first
 * }</pre>
 */
public class BatchNormalization extends AffineNormalization<BatchNormalization> {
    private final int axis;
    private double momentum = 0.99;
    private Initializer movingMeanInitializer = Initializers.get("zeros");
    private Initializer movingVarianceInitializer = Initializers.get("ones");
    private int channelAxis;
    private Variable movingMean;
    private Variable movingVariance;

    /** Normalizes the last axis (channels-last). */
    public BatchNormalization() {
        this(-1);
    }

    /** @param axis the features axis (negative counts from the end); not the batch axis */
    public BatchNormalization(int axis) {
        this.axis = axis;
    }

    public int axis() {
        return axis;
    }

    /** Weight of the old value in the moving averages, in [0, 1]; default 0.99. */
    public BatchNormalization momentum(double momentum) {
        requireUnbuilt();
        if (!(momentum >= 0 && momentum <= 1)) {
            throw new IllegalArgumentException("BatchNormalization: momentum must be in [0, 1], received momentum=" + momentum);
        }
        this.momentum = momentum;
        return this;
    }

    public BatchNormalization movingMeanInitializer(Object initializer) {
        requireUnbuilt();
        this.movingMeanInitializer = Initializers.get(initializer);
        return this;
    }

    public BatchNormalization movingVarianceInitializer(Object initializer) {
        requireUnbuilt();
        this.movingVarianceInitializer = Initializers.get(initializer);
        return this;
    }

    public Variable movingMean() {
        return movingMean;
    }

    public Variable movingVariance() {
        return movingVariance;
    }

    @Override
    public void build(Shape inputShape) {
        channelAxis = Normalizing.featureAxis(this, inputShape, axis);
        long dim = inputShape.get(channelAxis);
        long[] shape = {dim};
        addScaleAndOffset(shape);
        movingMean = addWeight("moving_mean", shape, movingMeanInitializer, null, false);
        movingVariance = addWeight("moving_variance", shape, movingVarianceInitializer, null, false);
        setInputSpec(new InputSpec(inputShape.rank(), inputShape.rank(), Map.of(channelAxis, dim)));
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (!training || !isTrainable()) {
            // Keras: a frozen BatchNormalization runs in inference mode even during fit.
            return NormOps.batchNorm(inputs, movingMean.value(), movingVariance.value(), gamma(), beta(), channelAxis, epsilon(),
                    false);
        }
        INDArray[] moments = NormOps.moments(inputs.value(), channelAxis);
        Tensor out = NormOps.batchNorm(inputs, moments[0], moments[1], gamma(), beta(), channelAxis, epsilon(), true);
        // In place, so nothing from the step's workspace outlives the step.
        updateMoving(movingMean, moments[0]);
        updateMoving(movingVariance, moments[1]);
        return out;
    }

    private void updateMoving(Variable moving, INDArray batchValue) {
        INDArray m = moving.value();
        m.muli(momentum).addi(batchValue.castTo(m.dataType()).mul(1 - momentum));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        c.put("momentum", momentum);
        putEpsilonCenterScale(c);
        putScaleAndOffsetInitializers(c);
        c.put("moving_mean_initializer", Registry.serialize(movingMeanInitializer));
        c.put("moving_variance_initializer", Registry.serialize(movingVarianceInitializer));
        putScaleAndOffsetRegularizers(c);
        c.put("synchronized", false);
        return c;
    }

    public static BatchNormalization fromConfig(Config c) {
        BatchNormalization b = new BatchNormalization(Normalizing.singleAxis(c, "BatchNormalization", -1));
        b.momentum(c.getDouble("momentum", 0.99));
        b.readEpsilonCenterScale(c);
        b.readScaleAndOffsetInitializers(c);
        if (c.has("moving_mean_initializer")) {
            b.movingMeanInitializer(c.raw("moving_mean_initializer"));
        }
        if (c.has("moving_variance_initializer")) {
            b.movingVarianceInitializer(c.raw("moving_variance_initializer"));
        }
        b.readScaleAndOffsetRegularizers(c);
        if (c.getBoolean("synchronized", false)) {
            throw new IllegalArgumentException("BatchNormalization config: 'synchronized'=true (cross-replica statistics) is not supported");
        }
        // Keras 2 / tf.keras keys: accepted at their inert values.
        if (c.getBoolean("renorm", false)) {
            throw new IllegalArgumentException("BatchNormalization config: 'renorm'=true (batch renormalization) is not supported");
        }
        if (c.has("virtual_batch_size")) {
            throw new IllegalArgumentException("BatchNormalization config: 'virtual_batch_size' is not supported, received "
                    + c.raw("virtual_batch_size"));
        }
        c.ignore("fused", "renorm_clipping", "renorm_momentum", "adjustment", "virtual_batch_size");
        return applyBaseConfig(c, b);
    }
}
