package org.keras4j.framework.autodiff;

import static org.keras4j.framework.autodiff.Nodes.make;

import java.util.List;
import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Differentiable ops that combine several tensors: concatenation along an axis and the batched
 * matrix product with optional transposes (Keras's {@code ops.concatenate} and {@code batch_dot}),
 * used by the merge layers and attention.
 */
public final class MergeOps {
    private MergeOps() {
    }

    /**
     * Joins tensors along {@code axis} (negative counts from the end); every other axis must match.
     * Backward hands each input its slice of the gradient.
     */
    public static Tensor concatenate(List<Tensor> xs, int axis) {
        int rank = xs.get(0).rank();
        int a = axis < 0 ? axis + rank : axis;
        INDArray[] values = new INDArray[xs.size()];
        long[] offsets = new long[xs.size() + 1];
        for (int i = 0; i < values.length; i++) {
            Tensor x = xs.get(i);
            if (x.rank() != rank) {
                throw new IllegalArgumentException("concatenate: all inputs need rank " + rank + ", received shapes "
                        + shapes(xs));
            }
            values[i] = x.value();
            offsets[i + 1] = offsets[i] + x.size(a);
        }
        INDArray out = Nd4j.concat(a, values);
        return make(out, g -> {
            INDArray[] grads = new INDArray[values.length];
            for (int i = 0; i < values.length; i++) {
                if (xs.get(i).requiresGrad) {
                    INDArrayIndex[] idx = new INDArrayIndex[rank];
                    for (int d = 0; d < rank; d++) {
                        idx[d] = d == a ? NDArrayIndex.interval(offsets[i], offsets[i + 1]) : NDArrayIndex.all();
                    }
                    grads[i] = g.get(idx).dup('c');
                }
            }
            return grads;
        }, xs.toArray(new Tensor[0]));
    }

    /**
     * Batched matrix product of rank-3 tensors {@code (batch, n, k) @ (batch, k, m)}, with
     * {@code transposeA}/{@code transposeB} swapping the last two axes of an input first.
     */
    public static Tensor batchMatmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        if (a.rank() != 3 || b.rank() != 3 || a.size(0) != b.size(0)) {
            throw new IllegalArgumentException("batchMatmul: expected two rank-3 tensors with the same batch size, received shapes "
                    + Shape.format(a.shape()) + " and " + Shape.format(b.shape()));
        }
        long inner = transposeA ? a.size(1) : a.size(2);
        long innerB = transposeB ? b.size(2) : b.size(1);
        if (inner != innerB) {
            throw new IllegalArgumentException("batchMatmul: inner dimensions differ: " + Shape.format(a.shape())
                    + (transposeA ? "^T" : "") + " @ " + Shape.format(b.shape()) + (transposeB ? "^T" : ""));
        }
        INDArray out = bmm(a.value(), b.value(), transposeA, transposeB);
        return make(out, g -> {
            INDArray ga = null;
            INDArray gb = null;
            if (a.requiresGrad) {
                ga = transposeA ? bmm(b.value(), g, transposeB, true) : bmm(g, b.value(), false, !transposeB);
            }
            if (b.requiresGrad) {
                gb = transposeB ? bmm(g, a.value(), true, transposeA) : bmm(a.value(), g, !transposeA, false);
            }
            return new INDArray[] {ga, gb};
        }, a, b);
    }

    private static INDArray bmm(INDArray x, INDArray y, boolean tx, boolean ty) {
        long rows = tx ? x.size(2) : x.size(1);
        long cols = ty ? y.size(1) : y.size(2);
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.size(0), rows, cols);
        Nodes.exec("matmul", new INDArray[] {x, y}, new INDArray[] {out}, null, new int[] {tx ? 1 : 0, ty ? 1 : 0});
        return out;
    }

    private static String shapes(List<Tensor> xs) {
        StringBuilder b = new StringBuilder();
        for (Tensor x : xs) {
            b.append(b.length() > 0 ? ", " : "").append(Shape.format(x.shape()));
        }
        return b.toString();
    }
}
