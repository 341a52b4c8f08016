package org.keras4j.framework.autodiff;

import static org.keras4j.framework.autodiff.Nodes.make;
import static org.keras4j.framework.autodiff.Nodes.unbroadcast;

import java.util.Arrays;
import org.keras4j.framework.backend.HostFloats;
import org.keras4j.framework.backend.ReusedArrays;
import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Differentiable math on {@link Tensor}s: arithmetic with numpy broadcasting, matrix products,
 * reductions and reshapes, as Keras's {@code keras.ops}. Each op runs at once on ND4J and, while a
 * {@link GradientTape} records, remembers how to send gradients back. Activations, dropout and
 * fused cross-entropies are in {@link NnOps}.
 */
public final class Ops {
    private Ops() {
    }

    // ---- arithmetic (numpy broadcasting) ----

    public static Tensor add(Tensor a, Tensor b) {
        Nodes.broadcastShape("add", a.shape(), b.shape());
        long[] sa = a.shape();
        long[] sb = b.shape();
        return make(a.value().add(b.value()),
                g -> new INDArray[] {a.requiresGrad ? unbroadcast(g, sa) : null, b.requiresGrad ? unbroadcast(g, sb) : null},
                a, b);
    }

    public static Tensor subtract(Tensor a, Tensor b) {
        Nodes.broadcastShape("subtract", a.shape(), b.shape());
        long[] sa = a.shape();
        long[] sb = b.shape();
        return make(a.value().sub(b.value()),
                g -> new INDArray[] {a.requiresGrad ? unbroadcast(g, sa) : null, b.requiresGrad ? unbroadcast(g.neg(), sb) : null},
                a, b);
    }

    public static Tensor multiply(Tensor a, Tensor b) {
        Nodes.broadcastShape("multiply", a.shape(), b.shape());
        return make(a.value().mul(b.value()),
                g -> new INDArray[] {
                        a.requiresGrad ? unbroadcast(g.mul(b.value()), a.shape()) : null,
                        b.requiresGrad ? unbroadcast(g.mul(a.value()), b.shape()) : null},
                a, b);
    }

    public static Tensor divide(Tensor a, Tensor b) {
        Nodes.broadcastShape("divide", a.shape(), b.shape());
        INDArray out = a.value().div(b.value());
        return make(out,
                g -> new INDArray[] {
                        a.requiresGrad ? unbroadcast(g.div(b.value()), a.shape()) : null,
                        // d(a/b)/db = -(a/b)/b
                        b.requiresGrad ? unbroadcast(g.mul(out).divi(b.value()).negi(), b.shape()) : null},
                a, b);
    }

    public static Tensor addScalar(Tensor x, double c) {
        return make(x.value().add(c), g -> new INDArray[] {g}, x);
    }

    public static Tensor multiplyScalar(Tensor x, double c) {
        return make(x.value().mul(c), g -> new INDArray[] {g.mul(c)}, x);
    }

    /** {@code c - x}. */
    public static Tensor rsubScalar(double c, Tensor x) {
        return make(x.value().rsub(c), g -> new INDArray[] {g.neg()}, x);
    }

    public static Tensor negative(Tensor x) {
        return make(x.value().neg(), g -> new INDArray[] {g.neg()}, x);
    }

    public static Tensor square(Tensor x) {
        return make(x.value().mul(x.value()), g -> new INDArray[] {g.mul(x.value()).muli(2.0)}, x);
    }

    public static Tensor sqrt(Tensor x) {
        INDArray out = Transforms.sqrt(x.value(), true);
        return make(out, g -> new INDArray[] {g.div(out).muli(0.5)}, x);
    }

    /** {@code x ** p} for a constant exponent. */
    public static Tensor pow(Tensor x, double p) {
        return make(Transforms.pow(x.value(), p, true),
                g -> new INDArray[] {g.mul(Transforms.pow(x.value(), p - 1, true)).muli(p)}, x);
    }

    public static Tensor exp(Tensor x) {
        INDArray out = Transforms.exp(x.value(), true);
        return make(out, g -> new INDArray[] {g.mul(out)}, x);
    }

    public static Tensor log(Tensor x) {
        return make(Transforms.log(x.value(), true), g -> new INDArray[] {g.div(x.value())}, x);
    }

    /** {@code log(1 + x)}, accurate for small x. */
    public static Tensor log1p(Tensor x) {
        return make(Transforms.log1p(x.value(), true), g -> new INDArray[] {g.div(x.value().add(1.0))}, x);
    }

    public static Tensor abs(Tensor x) {
        return make(Transforms.abs(x.value(), true), g -> new INDArray[] {g.mul(Transforms.sign(x.value(), true))}, x);
    }

    /** Element-wise maximum; where equal, the gradient goes to {@code a}. */
    public static Tensor maximum(Tensor a, Tensor b) {
        Nodes.broadcastShape("maximum", a.shape(), b.shape());
        INDArray out = Transforms.max(a.value(), b.value(), true);
        return make(out, g -> {
            INDArray aWins = full(a.value(), out).lt(full(b.value(), out)).castTo(g.dataType()).rsubi(1.0);
            return new INDArray[] {
                    a.requiresGrad ? unbroadcast(g.mul(aWins), a.shape()) : null,
                    b.requiresGrad ? unbroadcast(g.mul(aWins.rsub(1.0)), b.shape()) : null};
        }, a, b);
    }

    /** Element-wise minimum; where equal, the gradient goes to {@code a}. */
    public static Tensor minimum(Tensor a, Tensor b) {
        Nodes.broadcastShape("minimum", a.shape(), b.shape());
        INDArray out = Transforms.min(a.value(), b.value(), true);
        return make(out, g -> {
            INDArray aWins = full(a.value(), out).gt(full(b.value(), out)).castTo(g.dataType()).rsubi(1.0);
            return new INDArray[] {
                    a.requiresGrad ? unbroadcast(g.mul(aWins), a.shape()) : null,
                    b.requiresGrad ? unbroadcast(g.mul(aWins.rsub(1.0)), b.shape()) : null};
        }, a, b);
    }

    private static INDArray full(INDArray x, INDArray like) {
        return java.util.Arrays.equals(x.shape(), like.shape()) ? x : x.broadcast(like.shape());
    }

    /** Clips to {@code [lo, hi]}; the gradient is zero outside the interval. */
    public static Tensor clip(Tensor x, double lo, double hi) {
        INDArray out = Transforms.min(Transforms.max(x.value(), lo, true), hi, false);
        return make(out, g -> {
            INDArray inside = x.value().gte(lo).castTo(g.dataType()).muli(x.value().lte(hi).castTo(g.dataType()));
            return new INDArray[] {g.mul(inside)};
        }, x);
    }

    /** Picks {@code a} where {@code condition} is true, else {@code b} (all the same shape). */
    public static Tensor where(INDArray condition, Tensor a, Tensor b) {
        INDArray mask = condition.castTo(a.dataType());
        INDArray out = a.value().mul(mask).addi(b.value().mul(mask.rsub(1.0)));
        return make(out, g -> new INDArray[] {
                a.requiresGrad ? g.mul(mask) : null,
                b.requiresGrad ? g.mul(mask.rsub(1.0)) : null}, a, b);
    }

    // ---- matrix products ----

    /**
     * Matrix product {@code a @ b}. {@code a} may have any rank >= 2 (leading axes are batch axes)
     * when {@code b} is a matrix; both 2-D otherwise.
     */
    public static Tensor matmul(Tensor a, Tensor b) {
        if (b.rank() != 2 || a.rank() < 2) {
            throw new IllegalArgumentException("matmul: expected a of rank >= 2 and b of rank 2, received shapes "
                    + Shape.format(a.shape()) + " and " + Shape.format(b.shape()));
        }
        if (a.size(-1) != b.size(0)) {
            throw new IllegalArgumentException("matmul: inner dimensions differ: " + Shape.format(a.shape())
                    + " @ " + Shape.format(b.shape()));
        }
        if (a.rank() == 2) {
            return make(Gemm.of(a.value(), b.value()), g -> new INDArray[] {
                    a.requiresGrad ? Gemm.of(g, b.value(), false, true) : null,
                    b.requiresGrad ? Gemm.of(a.value(), g, true, false) : null}, a, b);
        }
        long[] outShape = a.shape().clone();
        outShape[outShape.length - 1] = b.size(1);
        Tensor flat = reshape(a, -1, a.size(-1));
        return reshape(matmul(flat, b), outShape);
    }

    /**
     * Batched matrix product of two tensors of the same rank >= 3 whose leading (batch) axes match:
     * {@code op(a) @ op(b)} over the last two axes, where op transposes those two axes when asked
     * (attention scores are {@code q @ k^T}). One libnd4j {@code matmul} forward, two backward.
     */
    public static Tensor batchMatmul(Tensor a, Tensor b, boolean transposeA, boolean transposeB) {
        int r = a.rank();
        long[] sa = a.shape();
        long[] sb = b.shape();
        boolean batchOk = r >= 3 && b.rank() == r
                && Arrays.equals(Arrays.copyOf(sa, r - 2), Arrays.copyOf(sb, r - 2));
        long inA = transposeA ? sa[r - 2] : sa[r - 1];
        long inB = transposeB ? sb[r - 1] : sb[r - 2];
        if (!batchOk || inA != inB) {
            throw new IllegalArgumentException("batchMatmul: expected two tensors of equal rank >= 3 with equal batch axes and"
                    + " matching inner dimensions, received " + Shape.format(sa) + (transposeA ? "^T" : "") + " @ "
                    + Shape.format(sb) + (transposeB ? "^T" : ""));
        }
        INDArray out = batchProduct(a.value(), b.value(), transposeA, transposeB);
        return make(out, g -> new INDArray[] {
                // d(A B)/dA = G B^T, d/dB = A^T G, with the transposes folded in
                a.requiresGrad ? (transposeA ? batchProduct(b.value(), g, transposeB, true) : batchProduct(g, b.value(), false, !transposeB)) : null,
                b.requiresGrad ? (transposeB ? batchProduct(g, a.value(), true, transposeA) : batchProduct(a.value(), g, !transposeA, false)) : null},
                a, b);
    }

    private static INDArray batchProduct(INDArray a, INDArray b, boolean transposeA, boolean transposeB) {
        int r = a.rank();
        long[] out = a.shape().clone();
        out[r - 2] = transposeA ? a.size(r - 1) : a.size(r - 2);
        out[r - 1] = transposeB ? b.size(r - 2) : b.size(r - 1);
        INDArray result = Nd4j.create(a.dataType(), out);
        Nodes.exec("matmul", new INDArray[] {a, b}, new INDArray[] {result}, null,
                new int[] {transposeA ? 1 : 0, transposeB ? 1 : 0, 0});
        return result;
    }

    /**
     * The dense-layer product {@code x @ kernel + bias} as one node: one GEMM and one in-place
     * bias add forward; two GEMMs (one if {@code x} needs no gradient) and one sum backward.
     * {@code bias} may be null. {@code x} is a matrix {@code (batch, in)}.
     */
    public static Tensor linear(Tensor x, Tensor kernel, Tensor bias) {
        INDArray out = Gemm.of(x.value(), kernel.value());
        addBias(out, bias, false);
        return linearNode(out, x, kernel, bias, linearBackward(x, kernel, bias));
    }

    /**
     * {@code relu(x @ kernel + bias)} as one node, for a dense layer whose activation is relu: bias and
     * relu are one pass over the product, in place, where separate ops would make a second array
     * and pass over the first twice. Backward masks the gradient by the output's sign, then
     * continues as {@link #linear}.
     */
    public static Tensor linearRelu(Tensor x, Tensor kernel, Tensor bias) {
        INDArray out = Gemm.of(x.value(), kernel.value());
        addBias(out, bias, true);
        Tensor.Backward linear = linearBackward(x, kernel, bias);
        return linearNode(out, x, kernel, bias, g -> linear.apply(NnOps.reluGradient(out, g)));
    }

    /**
     * {@code out += bias} row by row (bias may be null), then relu when asked, in place: one host pass
     * for small float32 arrays, else libnd4j's biasadd and relu.
     */
    private static void addBias(INDArray out, Tensor bias, boolean relu) {
        INDArray b = bias == null ? null : bias.value();
        if (HostElementwise.handles(out) && (b == null || HostElementwise.handles(b))) {
            HostElementwise.addToRows(out, b, relu);
            return;
        }
        if (b != null) {
            Nodes.exec("biasadd", new INDArray[] {out, b}, new INDArray[] {out}, null, null);
        }
        if (relu) {
            Transforms.relu(out, false);
        }
    }

    /** Gradients of {@code x @ kernel + bias} with respect to x, kernel and bias (null where not needed). */
    private static Tensor.Backward linearBackward(Tensor x, Tensor kernel, Tensor bias) {
        return g -> new INDArray[] {
                x.requiresGrad ? Gemm.of(g, kernel.value(), false, true) : null,
                kernel.requiresGrad ? Gemm.of(x.value(), g, true, false) : null,
                bias != null && bias.requiresGrad ? sumRows(g) : null};
    }

    private static Tensor linearNode(INDArray out, Tensor x, Tensor kernel, Tensor bias, Tensor.Backward bw) {
        return bias == null ? make(out, g -> Arrays.copyOf(bw.apply(g), 2), x, kernel) : make(out, bw, x, kernel, bias);
    }

    /** Column sums of a matrix, {@code (n, m) -> (m,)}. */
    private static INDArray sumRows(INDArray g) {
        if (HostElementwise.handles(g)) {
            return HostElementwise.columnSums(g);
        }
        INDArray out = Nd4j.createUninitialized(g.dataType(), g.size(1));
        Nodes.exec("reduce_sum", new INDArray[] {g}, new INDArray[] {out}, null, new int[] {0});
        return out;
    }

    // ---- reductions ----

    /** Sum of every element, as a scalar tensor. */
    public static Tensor sum(Tensor x) {
        long[] shape = x.shape();
        return make(x.value().sum(), g -> new INDArray[] {filled(shape, g.getDouble(0), g)}, x);
    }

    /**
     * Mean of every element, as a scalar tensor. A batch's float32 losses are summed on the host (in
     * double) into a scalar that a training step reuses: the last libnd4j call and the last new array
     * of an MLP training step's forward pass, gone.
     */
    public static Tensor mean(Tensor x) {
        long[] shape = x.shape();
        long n = x.value().length();
        INDArray m;
        if (HostFloats.isSmallDense(x.value())) {
            m = ReusedArrays.uninitialized(DataType.FLOAT);
            HostFloats.fill(m, (float) (HostFloats.sum(x.value()) / n));
        } else {
            m = x.value().mean();
        }
        return make(m, g -> new INDArray[] {filled(shape, g.getDouble(0) / n, g)}, x);
    }

    /** An array of {@code shape} and {@code like}'s data type holding {@code value} everywhere (a reduction's gradient). */
    static INDArray filled(long[] shape, double value, INDArray like) {
        INDArray out = ReusedArrays.uninitialized(like.dataType(), shape);
        if (HostFloats.isSmallDense(out)) {
            HostFloats.fill(out, (float) value);
        } else {
            out.assign(value);
        }
        return out;
    }

    /** Sum over {@code axes} (negative axes count from the end). */
    public static Tensor sum(Tensor x, boolean keepDims, int... axes) {
        int[] ax = normalizeAxes(x, axes);
        long[] shape = x.shape();
        return make(x.value().sum(keepDims, ax), g -> new INDArray[] {broadcastBack(g, shape, ax)}, x);
    }

    /** Mean over {@code axes} (negative axes count from the end). */
    public static Tensor mean(Tensor x, boolean keepDims, int... axes) {
        int[] ax = normalizeAxes(x, axes);
        long[] shape = x.shape();
        long n = 1;
        for (int a : ax) {
            n *= shape[a];
        }
        double scale = 1.0 / n;
        return make(x.value().mean(keepDims, ax), g -> new INDArray[] {broadcastBack(g, shape, ax).muli(scale)}, x);
    }

    /**
     * Maximum over {@code axes} (negative axes count from the end). Forward {@code reduce_max},
     * backward {@code reduce_max_bp}: the gradient goes to the position of each maximum.
     */
    public static Tensor max(Tensor x, boolean keepDims, int... axes) {
        int[] ax = normalizeAxes(x, axes);
        long[] kept = x.shape().clone();
        for (int a : ax) {
            kept[a] = 1;
        }
        INDArray out = Nd4j.create(x.dataType(), kept);
        Nodes.exec("reduce_max", new INDArray[] {x.value()}, new INDArray[] {out}, null, ax, true);
        INDArray result = keepDims ? out : out.reshape('c', x.value().max(false, ax).shape());
        return make(result, g -> {
            INDArray grad = x.value().ulike();
            Nodes.exec("reduce_max_bp", new INDArray[] {x.value(), g.reshape('c', kept)}, new INDArray[] {grad}, null, ax, true);
            return new INDArray[] {grad};
        }, x);
    }

    private static int[] normalizeAxes(Tensor x, int[] axes) {
        int[] ax = new int[axes.length];
        for (int i = 0; i < axes.length; i++) {
            ax[i] = axes[i] < 0 ? axes[i] + x.rank() : axes[i];
            if (ax[i] < 0 || ax[i] >= x.rank()) {
                throw new IllegalArgumentException("axis " + axes[i] + " is out of range for shape " + Shape.format(x.shape()));
            }
        }
        return ax;
    }

    /** Expands a reduced gradient back over the reduced axes. */
    private static INDArray broadcastBack(INDArray g, long[] shape, int[] axes) {
        long[] kept = shape.clone();
        for (int a : axes) {
            kept[a] = 1;
        }
        return Nd4j.zeros(g.dataType(), shape).addi(g.reshape(kept));
    }

    // ---- shapes ----

    /** Reshape; one dimension may be -1 (inferred). Shares memory with {@code x} where ND4J can. */
    public static Tensor reshape(Tensor x, long... shape) {
        long[] original = x.shape();
        INDArray out = x.value().reshape('c', shape);
        return make(out, g -> new INDArray[] {g.reshape('c', original)}, x);
    }

    /** Cast to another float type; gradients are cast back. */
    public static Tensor cast(Tensor x, org.nd4j.linalg.api.buffer.DataType type) {
        if (x.dataType() == type) {
            return x;
        }
        org.nd4j.linalg.api.buffer.DataType from = x.dataType();
        return make(x.value().castTo(type), g -> new INDArray[] {g.castTo(from)}, x);
    }
}
