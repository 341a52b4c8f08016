package org.keras4j.layers.activations;

import java.util.List;
import java.util.Map;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Softmax as a layer, as Keras's {@code keras.layers.Softmax}: {@code exp(x) / sum(exp(x), axis)}.
 * With a mask (the input tensor's, or one given to {@link #call(Tensor, INDArray)}), masked entries
 * get {@code -1e9} added first, so they receive (almost) no probability, as in Keras 3.
 *
 * <p>Shapes: any input; output of the same shape. Default {@code axis=-1}. A mask has the input's
 * shape, or a shape that broadcasts to it; a lower-rank mask (e.g. {@code (batch, time)} for a
 * {@code (batch, time, features)} input) covers the leading axes. No weights.
 *
 * <pre>{@code new Softmax()      // over the last axis
 * new Softmax(1)}</pre>
 */
public class Softmax extends Layer {
    /** What Keras 3 adds to masked entries ({@code _large_negative_number} for float32 and wider). */
    static final double MASKED_LOGIT = -1e9;

    private final int axis;

    public Softmax() {
        this(-1);
    }

    /** @param axis the axis the probabilities sum to 1 over (negative counts from the end) */
    public Softmax(int axis) {
        this.axis = axis;
    }

    @Override
    public void build(Shape inputShape) {
        if (axis >= inputShape.rank() || axis < -inputShape.rank()) {
            throw new IllegalArgumentException(describe() + ": axis " + axis + " is out of range for input shape " + inputShape);
        }
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return call(inputs, inputs.mask());
    }

    /** Softmax with an explicit mask (true or 1 = keep; may be null), as Keras's {@code call(inputs, mask)}. */
    public Tensor call(Tensor inputs, INDArray mask) {
        Tensor x = inputs;
        if (mask != null) {
            x = Ops.add(inputs, Tensor.constant(maskAdder(inputs, mask)));
        }
        return NnOps.softmax(x, axis);
    }

    /** {@code (1 - mask) * -1e9}, broadcast to the input's shape. */
    private INDArray maskAdder(Tensor inputs, INDArray mask) {
        long[] shape = inputs.shape();
        INDArray m = mask.castTo(inputs.dataType());
        if (m.rank() < shape.length) {
            long[] padded = new long[shape.length];
            java.util.Arrays.fill(padded, 1);
            System.arraycopy(m.shape(), 0, padded, 0, m.rank());
            m = m.reshape(padded);
        }
        if (m.rank() != shape.length) {
            throw new IllegalArgumentException(describe() + ": the mask of shape " + Shape.format(mask.shape())
                    + " does not broadcast to the input of shape " + Shape.format(shape));
        }
        for (int i = 0; i < shape.length; i++) {
            if (m.size(i) != 1 && m.size(i) != shape[i]) {
                throw new IllegalArgumentException(describe() + ": the mask of shape " + Shape.format(mask.shape())
                        + " does not broadcast to the input of shape " + Shape.format(shape));
            }
        }
        return m.rsub(1.0).muli(MASKED_LOGIT).broadcast(shape);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        return c;
    }

    public static Softmax fromConfig(Config c) {
        Object a = c.raw("axis");
        int axis;
        if (a instanceof List<?> list) {
            // Keras 3 accepts a tuple of axes; a single one is the common case
            if (list.size() != 1 || !(list.get(0) instanceof Number n)) {
                throw new IllegalArgumentException("Softmax config: axis must be one integer axis, received axis=" + a);
            }
            axis = n.intValue();
        } else {
            axis = c.getInt("axis", -1);
        }
        return applyBaseConfig(c, new Softmax(axis));
    }
}
