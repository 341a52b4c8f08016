package org.keras4j.layers.attention;

import java.util.Arrays;
import java.util.List;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Mask arithmetic shared by the attention layers: checking Keras masks, causal masks, combining, output masks. */
final class AttentionMasks {
    private AttentionMasks() {
    }

    /** A {@code (batch, steps)} mask as 0/1 values of {@code type}, after checking its shape against {@code x}. */
    static INDArray sequenceMask(String layer, String which, INDArray mask, Tensor x, DataType type) {
        if (mask == null) {
            return null;
        }
        long steps = x.size(1);
        if (mask.rank() != 2 || mask.size(0) != x.size(0) || mask.size(1) != steps) {
            throw new IllegalArgumentException(layer + ": the " + which + " mask must have shape (None, " + steps + ") to match "
                    + which + " shape " + Shape.formatBatch(x.shape()) + ", but received mask shape " + Shape.formatBatch(mask.shape()));
        }
        return mask.castTo(type);
    }

    /** The lower-triangular {@code (1, tq, tv)} mask: query step i may see value steps j <= i. */
    static INDArray causal(long tq, long tv, DataType type) {
        return Nd4j.tri((int) tq, (int) tv, 0).castTo(type).reshape(1, tq, tv);
    }

    /** {@code mask} (shaped to broadcast against {@code shape}) expanded to {@code shape}. */
    static INDArray expand(INDArray mask, long[] shape) {
        return Nd4j.zeros(mask.dataType(), shape).addi(mask);
    }

    /** Element-wise AND of two 0/1 masks of equal rank that broadcast against each other; nulls are skipped. */
    static INDArray and(INDArray a, INDArray b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        long[] shape = org.keras4j.framework.layers.Shape.of(a.shape()).toArray();
        for (int i = 0; i < shape.length; i++) {
            shape[i] = Math.max(shape[i], b.size(i));
        }
        return expand(a, shape).muli(expand(b, shape));
    }

    /**
     * Keras's compute_mask of an attention layer: the output carries the query's mask, the
     * attention scores (when returned) carry none.
     */
    static List<INDArray> outputMasks(List<INDArray> inputMasks, boolean returnAttentionScores) {
        if (inputMasks == null || inputMasks.isEmpty() || inputMasks.get(0) == null) {
            return null;
        }
        return returnAttentionScores ? Arrays.asList(inputMasks.get(0), null) : List.of(inputMasks.get(0));
    }
}
