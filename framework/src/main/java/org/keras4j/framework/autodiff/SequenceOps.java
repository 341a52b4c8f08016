package org.keras4j.framework.autodiff;

import static org.keras4j.framework.autodiff.Nodes.make;

import java.util.List;
import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Differentiable ops that cut, join, reverse and look up along one axis, as sequence layers need
 * them: {@code (batch, timesteps, features)} slices per timestep, stacking step outputs back into a
 * sequence, concatenating gate blocks, reversing time, and the embedding lookup (a native
 * {@code gather} forward, a native {@code scatter_add} backward).
 */
public final class SequenceOps {
    private SequenceOps() {
    }

    /** {@code x[..., start:end, ...]} along {@code axis} (negative counts from the end); a copy. */
    public static Tensor slice(Tensor x, int axis, long start, long end) {
        int ax = Shape.of(x.shape()).normalizeAxis(axis);
        long size = x.shape()[ax];
        if (start < 0 || end > size || start >= end) {
            throw new IllegalArgumentException("slice: range [" + start + ", " + end + ") is out of bounds for axis " + axis
                    + " of shape " + Shape.format(x.shape()));
        }
        long[] shape = x.shape();
        INDArray out = x.value().get(range(x.rank(), ax, start, end)).dup('c');
        return make(out, g -> {
            INDArray full = Nd4j.zeros(g.dataType(), shape);
            full.get(range(shape.length, ax, start, end)).assign(g);
            return new INDArray[] {full};
        }, x);
    }

    /** The {@code t}-th step of {@code (batch, timesteps, ...)}, without the time axis: {@code (batch, ...)}. */
    public static Tensor timestep(Tensor x, long t) {
        long[] shape = x.shape();
        long[] stepShape = new long[shape.length - 1];
        stepShape[0] = shape[0];
        System.arraycopy(shape, 2, stepShape, 1, shape.length - 2);
        return Ops.reshape(slice(x, 1, t, t + 1), stepShape);
    }

    /** Stacks equally shaped tensors along a new {@code axis}. */
    public static Tensor stack(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("stack: no tensors given");
        }
        INDArray[] values = new INDArray[parts.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = parts.get(i).value();
            if (!java.util.Arrays.equals(values[i].shape(), values[0].shape())) {
                throw new IllegalArgumentException("stack: shapes differ: " + Shape.format(values[0].shape())
                        + " and " + Shape.format(values[i].shape()));
            }
        }
        int ax = axis < 0 ? axis + values[0].rank() + 1 : axis;
        INDArray out = Nd4j.stack(ax, values);
        Tensor[] inputs = parts.toArray(new Tensor[0]);
        return make(out, g -> {
            INDArray[] grads = new INDArray[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i].requiresGrad) {
                    INDArrayIndex[] idx = range(g.rank(), ax, i, i + 1);
                    grads[i] = g.get(idx).dup('c').reshape(inputs[i].shape());
                }
            }
            return grads;
        }, inputs);
    }

    /** Joins tensors along an existing {@code axis}; all other axes must agree. */
    public static Tensor concat(List<Tensor> parts, int axis) {
        if (parts.isEmpty()) {
            throw new IllegalArgumentException("concat: no tensors given");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        int ax = Shape.of(parts.get(0).shape()).normalizeAxis(axis);
        INDArray[] values = new INDArray[parts.size()];
        long[] offsets = new long[parts.size() + 1];
        for (int i = 0; i < values.length; i++) {
            values[i] = parts.get(i).value();
            offsets[i + 1] = offsets[i] + values[i].size(ax);
        }
        INDArray out = Nd4j.concat(ax, values);
        Tensor[] inputs = parts.toArray(new Tensor[0]);
        return make(out, g -> {
            INDArray[] grads = new INDArray[inputs.length];
            for (int i = 0; i < inputs.length; i++) {
                if (inputs[i].requiresGrad) {
                    grads[i] = g.get(range(g.rank(), ax, offsets[i], offsets[i + 1])).dup('c');
                }
            }
            return grads;
        }, inputs);
    }

    /** Reverses the order of elements along {@code axis} (native {@code reverse}). */
    public static Tensor reverse(Tensor x, int axis) {
        int ax = Shape.of(x.shape()).normalizeAxis(axis);
        return make(reversed(x.value(), ax), g -> new INDArray[] {reversed(g, ax)}, x);
    }

    private static INDArray reversed(INDArray x, int axis) {
        INDArray out = Nd4j.createUninitialized(x.dataType(), x.shape());
        Nodes.exec("reverse", new INDArray[] {x}, new INDArray[] {out}, null, new int[] {axis});
        return out;
    }

    /**
     * Rows of {@code table} {@code (input_dim, output_dim)} picked by integer-valued {@code ids} of
     * any shape: the result has shape {@code ids.shape + (output_dim,)}. Backward adds each
     * upstream row into the row it came from (repeated ids accumulate); ids get no gradient.
     */
    public static Tensor embeddingLookup(Tensor table, INDArray ids) {
        long rows = table.size(0);
        long dim = table.size(1);
        INDArray flatIds = ids.reshape(ids.length()).castTo(DataType.INT64);
        if (flatIds.length() > 0) {
            long lo = flatIds.minNumber().longValue();
            long hi = flatIds.maxNumber().longValue();
            if (lo < 0 || hi >= rows) {
                throw new IllegalArgumentException("embedding lookup: ids must be in [0, " + rows + "), received ids from "
                        + lo + " to " + hi);
            }
        }
        INDArray flatOut = Nd4j.createUninitialized(table.dataType(), flatIds.length(), dim);
        // gather on a rank-2 table with an INDArray of indices (int[] indices on rank-1 arrays crash ND4J)
        Nodes.exec("gather", new INDArray[] {table.value(), flatIds}, new INDArray[] {flatOut}, null, new int[] {0});
        long[] outShape = java.util.Arrays.copyOf(ids.shape(), ids.rank() + 1);
        outShape[ids.rank()] = dim;
        return make(flatOut.reshape('c', outShape), g -> {
            INDArray grad = Nd4j.zeros(g.dataType(), rows, dim);
            INDArray updates = g.reshape('c', flatIds.length(), dim);
            Nodes.exec("scatter_add", new INDArray[] {grad, flatIds, updates}, new INDArray[] {grad}, null, null);
            return new INDArray[] {grad};
        }, table);
    }

    private static INDArrayIndex[] range(int rank, int axis, long start, long end) {
        INDArrayIndex[] idx = new INDArrayIndex[rank];
        for (int i = 0; i < rank; i++) {
            idx[i] = i == axis ? NDArrayIndex.interval(start, end) : NDArrayIndex.all();
        }
        return idx;
    }
}
