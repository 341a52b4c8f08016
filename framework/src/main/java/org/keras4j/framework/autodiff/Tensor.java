package org.keras4j.framework.autodiff;

import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A value flowing through a model: an ND4J array plus, while a {@link GradientTape} records, the
 * operation that produced it and how to send gradients back to that operation's inputs.
 *
 * <p>Tensors are made by {@link Ops} (or {@link #constant}) and are immutable from the user's side.
 * A {@link Variable} is the mutable kind that holds a weight.
 */
public class Tensor {
    static {
        // Before any ND4J native code loads, so its threads get Keras4J's set-up.
        org.keras4j.framework.backend.Backend.init();
    }

    private final INDArray value;
    boolean requiresGrad;
    Tensor[] inputs;
    Backward backward;
    /** For softmax/sigmoid outputs: the pre-activation input, so losses can use the stable from-logits path. */
    Tensor logits;
    /** Which softmax/sigmoid produced {@link #logits}: the axis for softmax, {@code Integer.MIN_VALUE} for sigmoid. */
    int logitsKind;
    /** Keras's {@code _keras_mask}: which timesteps (or entries) are real, attached by the layer that made this tensor. */
    private INDArray mask;

    Tensor(INDArray value) {
        if (value == null) {
            throw new IllegalArgumentException("Tensor value must not be null");
        }
        this.value = value;
    }

    /** A tensor that no gradient flows into (inputs, labels, fixed masks). */
    public static Tensor constant(INDArray value) {
        return new Tensor(value);
    }

    /** The ND4J array holding this tensor's numbers. Do not modify it in place while a tape records. */
    public INDArray value() {
        return value;
    }

    public long[] shape() {
        return value.shape();
    }

    /** This tensor's shape as a {@link Shape}. */
    public Shape shapeObject() {
        return Shape.of(value.shape());
    }

    public int rank() {
        return value.rank();
    }

    public long size(int axis) {
        return value.size(axis < 0 ? axis + value.rank() : axis);
    }

    public DataType dataType() {
        return value.dataType();
    }

    /** True when a gradient can flow into this tensor (a trainable variable, a watched tensor, or one computed from them). */
    public boolean requiresGrad() {
        return requiresGrad;
    }

    /** The pre-activation input of a softmax (with its axis) or sigmoid output, else null. */
    public Tensor logits() {
        return logits;
    }

    /** True when {@link #logits()} is the input of a softmax over the last axis. */
    public boolean isSoftmaxOfLastAxis() {
        return logits != null && logitsKind != Integer.MIN_VALUE
                && (logitsKind == -1 || logitsKind == value.rank() - 1);
    }

    /** True when {@link #logits()} is the input of a sigmoid. */
    public boolean isSigmoidOutput() {
        return logits != null && logitsKind == Integer.MIN_VALUE;
    }

    /**
     * The mask carried by this tensor (Keras's {@code _keras_mask}), or null: a boolean or 0/1 array,
     * usually {@code (batch, timesteps)}, that is true where an entry holds real data. Produced by
     * {@code Embedding(mask_zero)} and {@code Masking}, passed along by layers that support masking,
     * consumed by recurrent layers, pooling and losses. Masks carry no gradient.
     */
    public INDArray mask() {
        return mask;
    }

    /** Attaches {@code mask} (may be null) and returns this tensor; {@code Layer.apply} does this with {@code computeMask}. */
    public Tensor setMask(INDArray mask) {
        this.mask = mask;
        return this;
    }

    /** Reads a one-element tensor as a double. */
    public double scalar() {
        return value.getDouble(0);
    }

    @Override
    public String toString() {
        return "Tensor(shape=" + Shape.format(value.shape()) + ", dtype=" + value.dataType() + ")";
    }

    /** How an op sends the gradient of its output back to its inputs. */
    @FunctionalInterface
    public interface Backward {
        /**
         * @param gradOutput gradient of the target with respect to this op's output (same shape)
         * @return one gradient per input, shaped like that input; null where an input needs none.
         *     Each is a fresh array or {@code gradOutput} itself, never an input's own value (the
         *     tape adds gradients in place)
         */
        INDArray[] apply(INDArray gradOutput);
    }
}
