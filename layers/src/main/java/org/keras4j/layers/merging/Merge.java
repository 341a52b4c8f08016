package org.keras4j.layers.merging;

import java.util.ArrayList;
import java.util.List;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base of the element-wise merge layers ({@link Add}, {@link Subtract}, {@link Multiply},
 * {@link Average}, {@link Maximum}, {@link Minimum}), as Keras's {@code Merge}: called on a list of
 * at least two tensors whose shapes agree axis by axis, where a size of 1 broadcasts. The output
 * mask is the logical AND of the input masks.
 */
public abstract class Merge extends Layer {
    protected Merge(String name) {
        super(name);
    }

    /** The merged value of the (already checked) inputs. */
    protected abstract Tensor merge(List<Tensor> inputs);

    /** How many inputs the layer takes at least (2) and at most. */
    protected int maxInputs() {
        return Integer.MAX_VALUE;
    }

    @Override
    public void build(List<Shape> inputShapes) {
        computeOutputShapes(inputShapes);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        throw new IllegalArgumentException(describe() + " should be called on a list of at least 2 inputs, but received one tensor of shape "
                + Shape.formatBatch(inputs.shape()) + ".");
    }

    @Override
    public List<Tensor> call(List<Tensor> inputs, boolean training) {
        checkCount(inputs.size());
        return List.of(merge(inputs));
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return computeOutputShapes(List.of(inputShape)).get(0);
    }

    /** Keras's element-wise output shape: axes aligned from the end; None wins; 1 broadcasts; else they must match. */
    @Override
    public List<Shape> computeOutputShapes(List<Shape> inputShapes) {
        checkCount(inputShapes.size());
        long[] out = inputShapes.get(0).toArray();
        for (int i = 1; i < inputShapes.size(); i++) {
            long[] s = inputShapes.get(i).toArray();
            int rank = Math.max(out.length, s.length);
            long[] merged = new long[rank];
            for (int k = 0; k < rank; k++) {
                long a = k < rank - out.length ? 1 : out[k - (rank - out.length)];
                long b = k < rank - s.length ? 1 : s[k - (rank - s.length)];
                if (a == Shape.NONE || b == Shape.NONE) {
                    merged[k] = Shape.NONE;
                } else if (a == 1 || b == 1) {
                    merged[k] = Math.max(a, b);
                } else if (a != b) {
                    throw new IllegalArgumentException(describe() + " received inputs with incompatible shapes: " + shapes(inputShapes)
                            + " (axis " + k + ": " + a + " vs " + b + ").");
                } else {
                    merged[k] = a;
                }
            }
            out = merged;
        }
        out[0] = Shape.NONE;
        return List.of(Shape.of(out));
    }

    protected void checkCount(int n) {
        if (n < 2) {
            throw new IllegalArgumentException(describe() + " should be called on a list of at least 2 inputs, but received " + n + " input.");
        }
        if (n > maxInputs()) {
            throw new IllegalArgumentException(describe() + " should be called on exactly " + maxInputs() + " inputs, but received " + n + ".");
        }
    }

    static String shapes(List<Shape> shapes) {
        List<String> out = new ArrayList<>();
        for (Shape s : shapes) {
            out.add(s.withBatch(Shape.NONE).toString());
        }
        return String.join(", ", out);
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    /** The AND of the inputs' masks (null when none has one), as Keras's merge layers. */
    @Override
    public List<INDArray> computeMask(List<Tensor> inputs, List<INDArray> masks) {
        return java.util.Collections.singletonList(andOf(masks));
    }

    static INDArray andOf(List<INDArray> masks) {
        INDArray out = null;
        for (INDArray m : masks) {
            if (m != null) {
                INDArray f = m.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT);
                out = out == null ? f : out.mul(f);
            }
        }
        return out == null ? null : out.castTo(org.nd4j.linalg.api.buffer.DataType.BOOL);
    }
}
