package org.keras4j.layers.merging;

import java.util.List;
import java.util.Map;
import org.keras4j.framework.autodiff.MergeOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Joins its inputs along one axis, as Keras's {@code keras.layers.Concatenate}. Inputs need the
 * same rank and the same sizes on every other axis; the output's size on {@code axis} is the sum.
 *
 * <pre>{@code KerasTensor both = new Concatenate().apply(a, b);   // (None, 3) + (None, 4) -> (None, 7)}</pre>
 *
 * <p>{@code axis} (default -1, the last) may be negative, counting from the end; the batch axis
 * (0) cannot be joined. The output mask is the AND of the input masks.
 */
public class Concatenate extends Layer {
    private final int axis;

    public Concatenate() {
        this(-1);
    }

    public Concatenate(int axis) {
        this(axis, null);
    }

    /** @param name the layer name; null gives {@code concatenate}, {@code concatenate_1}, ... */
    public Concatenate(int axis, String name) {
        super(name);
        this.axis = axis;
    }

    public int axis() {
        return axis;
    }

    @Override
    public void build(List<Shape> inputShapes) {
        computeOutputShapes(inputShapes);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        throw new IllegalArgumentException(describe() + " should be called on a list of at least 1 input, but received one tensor of shape "
                + Shape.formatBatch(inputs.shape()) + ".");
    }

    @Override
    public List<Tensor> call(List<Tensor> inputs, boolean training) {
        return List.of(inputs.size() == 1 ? inputs.get(0) : MergeOps.concatenate(inputs, axis));
    }

    @Override
    public List<Shape> computeOutputShapes(List<Shape> shapes) {
        int rank = shapes.get(0).rank();
        int a = axis < 0 ? axis + rank : axis;
        if (a <= 0 || a >= rank) {
            throw new IllegalArgumentException(describe() + ": axis=" + axis + " is out of range for inputs of shape " + shapes.get(0)
                    + " (the batch axis cannot be joined).");
        }
        long[] out = shapes.get(0).toArray();
        for (int i = 1; i < shapes.size(); i++) {
            long[] s = shapes.get(i).toArray();
            boolean ok = s.length == rank;
            for (int k = 1; ok && k < rank; k++) {
                if (k != a && s[k] != Shape.NONE && out[k] != Shape.NONE && s[k] != out[k]) {
                    ok = false;
                }
            }
            if (!ok) {
                throw new IllegalArgumentException(describe() + " requires inputs with matching shapes except for the concatenation axis "
                        + axis + ", but received: " + Merge.shapes(shapes) + ".");
            }
            for (int k = 1; k < rank; k++) {
                if (k == a) {
                    out[k] = out[k] == Shape.NONE || s[k] == Shape.NONE ? Shape.NONE : out[k] + s[k];
                } else if (out[k] == Shape.NONE) {
                    out[k] = s[k];
                }
            }
        }
        out[0] = Shape.NONE;
        return List.of(Shape.of(out));
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return inputShape;
    }

    @Override
    public List<INDArray> computeMask(List<Tensor> inputs, List<INDArray> masks) {
        return java.util.Collections.singletonList(Merge.andOf(masks));
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("axis", axis);
        return c;
    }

    public static Concatenate fromConfig(Config c) {
        return applyBaseConfig(c, new Concatenate(c.getInt("axis", -1)));
    }
}
