package org.keras4j.framework.autodiff;

import static org.keras4j.framework.autodiff.Nodes.make;

import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Differentiable ops that move values around without arithmetic on them: zero padding, slicing
 * (cropping), axis permutation, tiling, nearest-neighbour upsampling and bilinear resizing. Each
 * forward is one libnd4j op ({@code pad}, {@code slice}, {@code permute}, {@code tile},
 * {@code upsampling2d}/{@code 3d}, {@code resize_bilinear}) and each backward is its native
 * {@code *_bp} op or the native inverse (slice for pad, inverse permutation for permute).
 *
 * <pre>{@code
 * Tensor padded = ShapeOps.pad(x, new long[][] {{0, 0}, {1, 1}, {2, 2}, {0, 0}});
 * }</pre>
 */
public final class ShapeOps {
    private ShapeOps() {
    }

    /** Pads with zeros: {@code padding[i] = {before, after}} for every axis of {@code x}. */
    public static Tensor pad(Tensor x, long[][] padding) {
        long[] in = x.shape();
        if (padding.length != in.length) {
            throw new IllegalArgumentException("pad: need one (before, after) pair per axis of " + Shape.format(in)
                    + ", received " + padding.length);
        }
        int[][] p = new int[in.length][2];
        long[] out = new long[in.length];
        long[] begin = new long[in.length];
        for (int i = 0; i < in.length; i++) {
            if (padding[i][0] < 0 || padding[i][1] < 0) {
                throw new IllegalArgumentException("pad: padding must be >= 0, received " + java.util.Arrays.deepToString(padding));
            }
            p[i][0] = (int) padding[i][0];
            p[i][1] = (int) padding[i][1];
            out[i] = in[i] + padding[i][0] + padding[i][1];
            begin[i] = padding[i][0];
        }
        INDArray result = Nd4j.create(x.dataType(), out);
        Nodes.exec("pad", new INDArray[] {x.value(), Nd4j.createFromArray(p)}, new INDArray[] {result}, null, new int[] {0});
        // the gradient of padding is the slice of the gradient where x sat
        return make(result, g -> new INDArray[] {nativeSlice(g, begin, in)}, x);
    }

    /** The block of {@code x} starting at {@code begin} with extent {@code size} on every axis. */
    public static Tensor slice(Tensor x, long[] begin, long[] size) {
        long[] in = x.shape();
        if (begin.length != in.length || size.length != in.length) {
            throw new IllegalArgumentException("slice: begin and size need one entry per axis of " + Shape.format(in));
        }
        for (int i = 0; i < in.length; i++) {
            if (begin[i] < 0 || size[i] < 0 || begin[i] + size[i] > in[i]) {
                throw new IllegalArgumentException("slice: block at " + Shape.format(begin) + " of size " + Shape.format(size)
                        + " does not fit in shape " + Shape.format(in));
            }
        }
        INDArray out = nativeSlice(x.value(), begin, size);
        return make(out, g -> {
            INDArray grad = Nd4j.create(g.dataType(), in);
            Nodes.exec("slice_bp", new INDArray[] {x.value(), g}, new INDArray[] {grad}, null, sliceArgs(begin, size));
            return new INDArray[] {grad};
        }, x);
    }

    private static INDArray nativeSlice(INDArray x, long[] begin, long[] size) {
        INDArray out = Nd4j.create(x.dataType(), size);
        Nodes.exec("slice", new INDArray[] {x}, new INDArray[] {out}, null, sliceArgs(begin, size));
        return out;
    }

    private static int[] sliceArgs(long[] begin, long[] size) {
        int[] a = new int[begin.length * 2];
        for (int i = 0; i < begin.length; i++) {
            a[i] = (int) begin[i];
            a[begin.length + i] = (int) size[i];
        }
        return a;
    }

    /** Reorders the axes: output axis {@code i} is input axis {@code axes[i]} (a permutation of 0..rank-1). */
    public static Tensor permute(Tensor x, int... axes) {
        int rank = x.rank();
        int[] inverse = new int[rank];
        boolean[] seen = new boolean[rank];
        if (axes.length != rank) {
            throw new IllegalArgumentException("permute: axes " + java.util.Arrays.toString(axes) + " do not match rank " + rank);
        }
        for (int i = 0; i < rank; i++) {
            if (axes[i] < 0 || axes[i] >= rank || seen[axes[i]]) {
                throw new IllegalArgumentException("permute: axes " + java.util.Arrays.toString(axes)
                        + " are not a permutation of 0.." + (rank - 1));
            }
            seen[axes[i]] = true;
            inverse[axes[i]] = i;
        }
        return make(nativePermute(x.value(), axes), g -> new INDArray[] {nativePermute(g, inverse)}, x);
    }

    private static INDArray nativePermute(INDArray x, int[] axes) {
        long[] out = new long[axes.length];
        for (int i = 0; i < axes.length; i++) {
            out[i] = x.size(axes[i]);
        }
        INDArray result = Nd4j.create(x.dataType(), out);
        Nodes.exec("permute", new INDArray[] {x}, new INDArray[] {result}, null, axes);
        return result;
    }

    /** Repeats {@code x} {@code reps[i]} times along axis {@code i} (numpy's {@code tile}). */
    public static Tensor tile(Tensor x, int... reps) {
        long[] in = x.shape();
        if (reps.length != in.length) {
            throw new IllegalArgumentException("tile: need one repeat count per axis of " + Shape.format(in));
        }
        long[] out = new long[in.length];
        for (int i = 0; i < in.length; i++) {
            if (reps[i] < 1) {
                throw new IllegalArgumentException("tile: repeat counts must be >= 1, received " + java.util.Arrays.toString(reps));
            }
            out[i] = in[i] * reps[i];
        }
        INDArray result = Nd4j.create(x.dataType(), out);
        Nodes.exec("tile", new INDArray[] {x.value()}, new INDArray[] {result}, null, reps);
        return make(result, g -> {
            INDArray grad = x.value().ulike();
            Nodes.exec("tile_bp", new INDArray[] {x.value(), g}, new INDArray[] {grad}, null, reps);
            return new INDArray[] {grad};
        }, x);
    }

    /**
     * Nearest-neighbour upsampling of a rank-4 image batch: each row repeated {@code sizeH} times
     * and each column {@code sizeW} times. {@code channelsFirst} picks NCHW over NHWC.
     */
    public static Tensor upsample2d(Tensor x, int sizeH, int sizeW, boolean channelsFirst) {
        requireRank("upsample2d", x, 4);
        int nchw = channelsFirst ? 1 : 0;
        long[] in = x.shape();
        long[] out = in.clone();
        out[channelsFirst ? 2 : 1] *= sizeH;
        out[channelsFirst ? 3 : 2] *= sizeW;
        INDArray result = Nd4j.create(x.dataType(), out);
        Nodes.exec("upsampling2d", new INDArray[] {x.value()}, new INDArray[] {result}, null, new int[] {sizeH, sizeW, nchw});
        return make(result, g -> {
            INDArray grad = x.value().ulike();
            Nodes.exec("upsampling2d_bp", new INDArray[] {x.value(), g}, new INDArray[] {grad}, null, new int[] {nchw});
            return new INDArray[] {grad};
        }, x);
    }

    /** Nearest-neighbour upsampling of a rank-5 volume batch (NDHWC, or NCDHW when {@code channelsFirst}). */
    public static Tensor upsample3d(Tensor x, int sizeD, int sizeH, int sizeW, boolean channelsFirst) {
        requireRank("upsample3d", x, 5);
        int ncdhw = channelsFirst ? 1 : 0;
        long[] in = x.shape();
        long[] out = in.clone();
        int first = channelsFirst ? 2 : 1;
        out[first] *= sizeD;
        out[first + 1] *= sizeH;
        out[first + 2] *= sizeW;
        INDArray result = Nd4j.create(x.dataType(), out);
        Nodes.exec("upsampling3d", new INDArray[] {x.value()}, new INDArray[] {result}, null,
                new int[] {sizeD, sizeH, sizeW, ncdhw});
        return make(result, g -> {
            INDArray grad = x.value().ulike();
            Nodes.exec("upsampling3d_bp", new INDArray[] {x.value(), g}, new INDArray[] {grad}, null, new int[] {ncdhw});
            return new INDArray[] {grad};
        }, x);
    }

    /**
     * Bilinear resize of an NHWC batch to {@code (height, width)} with half-pixel centres (Keras 3's
     * {@code ops.image.resize(..., "bilinear")}, TF's {@code half_pixel_centers=True}, no antialiasing).
     * Forward is libnd4j's {@code resize_bilinear}. libnd4j has no backward for it; bilinear
     * resizing is linear, {@code y = A_h x A_w^T} per image and channel, so the backward is the
     * transposed interpolation matrices applied with two GEMMs.
     */
    public static Tensor resizeBilinear(Tensor x, int height, int width) {
        requireRank("resizeBilinear", x, 4);
        long[] in = x.shape();
        INDArray result = Nd4j.create(x.dataType(), in[0], height, width, in[3]);
        Nodes.exec("resize_bilinear", new INDArray[] {x.value()}, new INDArray[] {result}, null, new int[] {height, width},
                false, true); // alignCorners=false, halfPixelCenters=true
        return make(result, g -> {
            long b = in[0];
            long h = in[1];
            long w = in[2];
            long c = in[3];
            INDArray ah = interpolationMatrix(height, (int) h, g.dataType());   // (H', H)
            INDArray aw = interpolationMatrix(width, (int) w, g.dataType());    // (W', W)
            // (b, H', W', c) -> (b, H', c, W') -> rows of W' -> times A_w -> (b, H', c, W)
            INDArray t = nativePermute(g, new int[] {0, 1, 3, 2}).reshape('c', b * height * c, width);
            INDArray t2 = Gemm.of(t, aw).reshape('c', b, height, c * w);
            // (b, H', c*W) -> (H', b, c*W) -> A_h^T (H, H') @ -> (H, b, c*W)
            INDArray t3 = nativePermute(t2, new int[] {1, 0, 2}).reshape('c', height, b * c * w);
            INDArray t4 = Gemm.of(ah, t3, true, false).reshape('c', h, b, c, w);
            return new INDArray[] {nativePermute(t4, new int[] {1, 0, 3, 2})};
        }, x);
    }

    /** Row {@code i} holds the weights half-pixel bilinear interpolation gives output {@code i} over the inputs. */
    private static INDArray interpolationMatrix(int outSize, int inSize, DataType type) {
        double[][] m = new double[outSize][inSize];
        double scale = (double) inSize / outSize;
        for (int i = 0; i < outSize; i++) {
            double src = (i + 0.5) * scale - 0.5;
            double lo = Math.floor(src);
            double frac = src - lo;
            int i0 = (int) Math.max(0, Math.min(inSize - 1, lo));
            int i1 = (int) Math.max(0, Math.min(inSize - 1, lo + 1));
            m[i][i0] += 1 - frac;
            m[i][i1] += frac;
        }
        return Nd4j.createFromArray(m).castTo(type);
    }

    private static void requireRank(String op, Tensor x, int rank) {
        if (x.rank() != rank) {
            throw new IllegalArgumentException(op + ": expected a rank-" + rank + " tensor, received shape " + Shape.format(x.shape()));
        }
    }
}
