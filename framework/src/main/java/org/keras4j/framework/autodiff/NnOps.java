package org.keras4j.framework.autodiff;

import static org.keras4j.framework.autodiff.Nodes.make;
import static org.keras4j.framework.autodiff.Nodes.unaryBp;

import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.random.impl.BernoulliDistribution;
import org.nd4j.linalg.api.ops.random.impl.GaussianDistribution;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Differentiable neural-network ops: activations (Keras's {@code keras.activations} maths),
 * softmax, dropout and the numerically stable fused cross-entropies the losses use. Each
 * activation's backward is a libnd4j {@code *_bp} kernel where one exists.
 */
public final class NnOps {
    private static final double SQRT_HALF = Math.sqrt(0.5);
    private static final double INV_SQRT_2PI = 1.0 / Math.sqrt(2 * Math.PI);
    private static final double SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);
    private static final double SELU_ALPHA = 1.6732632423543772848170429916717;
    private static final double SELU_SCALE = 1.0507009873554804934193349852946;

    private NnOps() {
    }

    /** {@code max(x, 0)}. */
    public static Tensor relu(Tensor x) {
        INDArray out = HostElementwise.handles(x.value()) ? HostElementwise.relu(x.value()) : Transforms.relu(x.value(), true);
        return make(out, g -> new INDArray[] {reluGradient(out, g)}, x);
    }

    /** {@code g} where relu's output {@code out} is positive, else 0. */
    static INDArray reluGradient(INDArray out, INDArray g) {
        if (HostElementwise.handles(out, g)) {
            return HostElementwise.reluGradient(out, g);
        }
        // g * step(out): a scalar op and a multiply; libnd4j's relu_bp is several times slower here
        return Nd4j.exec(new org.nd4j.linalg.api.ops.impl.scalar.Step(out, out.ulike(), 0.0)).muli(g);
    }

    /** {@code x} if positive, else {@code negativeSlope * x}. */
    public static Tensor leakyRelu(Tensor x, double negativeSlope) {
        return make(Transforms.leakyRelu(x.value(), negativeSlope, true),
                g -> new INDArray[] {unaryBp("lrelu_bp", x.value(), g, negativeSlope)}, x);
    }

    /** {@code x} if positive, else {@code alpha * (exp(x) - 1)}. */
    public static Tensor elu(Tensor x, double alpha) {
        INDArray v = x.value();
        INDArray out = Transforms.exp(v, true).subi(1.0).muli(alpha);
        INDArray positive = v.gt(0).castTo(v.dataType());
        out.muli(positive.rsub(1.0)).addi(v.mul(positive));
        return make(out, g -> {
            // derivative: 1 for x > 0, out + alpha otherwise
            INDArray d = out.add(alpha).muli(positive.rsub(1.0)).addi(positive);
            return new INDArray[] {g.mul(d)};
        }, x);
    }

    /** Scaled ELU with the fixed constants of Klambauer et al. (2017). */
    public static Tensor selu(Tensor x) {
        INDArray v = x.value();
        INDArray positive = v.gt(0).castTo(v.dataType());
        INDArray negPart = Transforms.exp(v, true).subi(1.0).muli(SELU_ALPHA).muli(positive.rsub(1.0));
        INDArray out = v.mul(positive).addi(negPart).muli(SELU_SCALE);
        return make(out, g -> {
            INDArray d = negPart.add(SELU_ALPHA).muli(positive.rsub(1.0)).addi(positive).muli(SELU_SCALE);
            return new INDArray[] {g.mul(d)};
        }, x);
    }

    /**
     * Gaussian error linear unit. Exact: {@code 0.5 x (1 + erf(x / sqrt 2))}; approximate:
     * {@code 0.5 x (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))}. Keras's default is exact.
     */
    public static Tensor gelu(Tensor x, boolean approximate) {
        INDArray v = x.value();
        if (approximate) {
            INDArray inner = v.mul(v).muli(v).muli(0.044715).addi(v).muli(SQRT_2_OVER_PI);
            INDArray th = Transforms.tanh(inner, false);
            INDArray out = th.add(1.0).muli(v).muli(0.5);
            return make(out, g -> {
                INDArray dInner = v.mul(v).muli(3 * 0.044715).addi(1.0).muli(SQRT_2_OVER_PI);
                INDArray sech2 = th.mul(th).rsubi(1.0);
                INDArray d = th.add(1.0).muli(0.5).addi(v.mul(sech2).muli(dInner).muli(0.5));
                return new INDArray[] {g.mul(d)};
            }, x);
        }
        INDArray cdf = v.mul(SQRT_HALF);
        Nd4j.exec(new org.nd4j.linalg.api.ops.impl.transforms.strict.Erf(cdf, cdf));
        cdf.addi(1.0).muli(0.5);
        INDArray out = v.mul(cdf);
        return make(out, g -> {
            INDArray pdf = Transforms.exp(v.mul(v).muli(-0.5), false).muli(INV_SQRT_2PI);
            return new INDArray[] {g.mul(cdf.add(v.mul(pdf)))};
        }, x);
    }

    /** {@code x * sigmoid(x)} (Keras's silu, also called swish). */
    public static Tensor silu(Tensor x) {
        INDArray s = Transforms.sigmoid(x.value(), true);
        INDArray out = x.value().mul(s);
        return make(out, g -> {
            // s + x s (1 - s) = s (1 + x (1 - s))
            INDArray d = s.rsub(1.0).muli(x.value()).addi(1.0).muli(s);
            return new INDArray[] {g.mul(d)};
        }, x);
    }

    /** {@code 1 / (1 + exp(-x))}; the output remembers {@code x} so losses can work from logits. */
    public static Tensor sigmoid(Tensor x) {
        INDArray out = Transforms.sigmoid(x.value(), true);
        Tensor t = make(out, g -> new INDArray[] {out.rsub(1.0).muli(out).muli(g)}, x);
        t.logits = x;
        t.logitsKind = Integer.MIN_VALUE;
        return t;
    }

    /** Keras 3's hard sigmoid: {@code relu6(x + 3) / 6}, i.e. {@code clip(x / 6 + 0.5, 0, 1)}. */
    public static Tensor hardSigmoid(Tensor x) {
        return hardSigmoid(x, 1.0 / 6.0, 0.5);
    }

    /** Piecewise-linear sigmoid {@code clip(slope * x + offset, 0, 1)} (Keras 2 used slope 0.2). */
    public static Tensor hardSigmoid(Tensor x, double slope, double offset) {
        INDArray lin = x.value().mul(slope).addi(offset);
        INDArray inside = lin.gt(0).castTo(lin.dataType()).muli(lin.lt(1).castTo(lin.dataType()));
        INDArray out = Transforms.min(Transforms.max(lin, 0.0, false), 1.0, false);
        return make(out, g -> new INDArray[] {g.mul(inside).muli(slope)}, x);
    }

    public static Tensor tanh(Tensor x) {
        INDArray out = Transforms.tanh(x.value(), true);
        return make(out, g -> new INDArray[] {out.mul(out).rsubi(1.0).muli(g)}, x);
    }

    /** {@code log(1 + exp(x))}, as {@code max(x, 0) + log1p(exp(-|x|))} so large x does not overflow. */
    public static Tensor softplus(Tensor x) {
        INDArray v = x.value();
        INDArray out = Transforms.max(v, 0.0, true).addi(Transforms.log1p(Transforms.exp(Transforms.abs(v, true).negi(), false), false));
        return make(out,
                g -> new INDArray[] {Transforms.sigmoid(x.value(), true).muli(g)}, x);
    }

    /** {@code x / (1 + |x|)}. */
    public static Tensor softsign(Tensor x) {
        INDArray denom = Transforms.abs(x.value(), true).addi(1.0);
        return make(x.value().div(denom), g -> new INDArray[] {g.div(denom).divi(denom)}, x);
    }

    /** Softmax over {@code axis}; the output remembers {@code x} so cross-entropy can use the stable path. */
    public static Tensor softmax(Tensor x, int axis) {
        int ax = Shape.of(x.shape()).normalizeAxis(axis);
        INDArray out;
        if (ax == x.rank() - 1 && HostElementwise.handles(x.value())) {
            out = HostElementwise.softmaxLastAxis(x.value());
        } else {
            out = x.value().ulike();
            INDArray in = x.value();
            if (in.dataType() == DataType.DOUBLE) {
                // libnd4j's float64 softmax gives NaN for a row of large negative values (all -1e9, as a
                // fully masked attention row); shifting by the row max first (softmax is shift-invariant) avoids it
                in = in.sub(in.max(true, ax));
            }
            Nodes.exec("softmax", new INDArray[] {in}, new INDArray[] {out}, null, new int[] {ax});
        }
        Tensor t = make(out, g -> {
            // y * (g - sum(g * y, axis))
            INDArray dot = g.mul(out).sum(true, ax);
            return new INDArray[] {g.sub(dot).muli(out)};
        }, x);
        t.logits = x;
        t.logitsKind = ax;
        return t;
    }

    /** {@code x - logsumexp(x, axis)}, computed with the max shifted out so float32 never takes log(0). */
    public static Tensor logSoftmax(Tensor x, int axis) {
        int ax = Shape.of(x.shape()).normalizeAxis(axis);
        INDArray out = stableLogSoftmax(x.value(), ax);
        return make(out, g -> {
            // g - softmax * sum(g, axis)
            INDArray soft = Transforms.exp(out, true);
            return new INDArray[] {g.sub(soft.muli(g.sum(true, ax)))};
        }, x);
    }

    /**
     * {@code s - log(sum(exp(s), axis))} with {@code s = x - max(x, axis)}. libnd4j's
     * {@code log_softmax} is {@code log(softmax(x))}, which is -inf in float32 once two logits
     * differ by more than about 88.
     */
    private static INDArray stableLogSoftmax(INDArray x, int axis) {
        INDArray shifted = x.sub(x.max(true, axis));
        INDArray logSumExp = Transforms.log(Transforms.exp(shifted, true).sum(true, axis), false);
        return shifted.subi(logSumExp);
    }

    /**
     * Inverted dropout: zeroes each element with probability {@code rate} and scales the rest by
     * {@code 1 / (1 - rate)}, drawing from the seeded ND4J generator.
     */
    public static Tensor dropout(Tensor x, double rate) {
        return dropout(x, rate, Nd4j.getRandom());
    }

    /** {@link #dropout(Tensor, double)} drawing from {@code generator} (a layer's own seeded generator). */
    public static Tensor dropout(Tensor x, double rate, org.nd4j.linalg.api.rng.Random generator) {
        if (rate <= 0) {
            return x;
        }
        INDArray mask = x.value().ulike();
        Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, 1.0 - rate), generator);
        mask.muli(1.0 / (1.0 - rate));
        return make(x.value().mul(mask), g -> new INDArray[] {g.mul(mask)}, x);
    }

    /**
     * Dropout whose keep/drop decision is shared along the axes where {@code noiseShape} is 1
     * (Keras's {@code noise_shape}): SpatialDropout drops whole feature maps with
     * {@code noiseShape = (batch, 1, 1, channels)}. Survivors are scaled by {@code 1 / (1 - rate)}.
     */
    public static Tensor dropout(Tensor x, double rate, long[] noiseShape, org.nd4j.linalg.api.rng.Random generator) {
        if (rate <= 0) {
            return x;
        }
        Nodes.broadcastShape("dropout noise_shape", x.shape(), noiseShape);
        INDArray mask = Nd4j.create(x.dataType(), noiseShape);
        Nd4j.getExecutioner().exec(new BernoulliDistribution(mask, 1.0 - rate), generator);
        mask.muli(1.0 / (1.0 - rate));
        return Ops.multiply(x, Tensor.constant(mask));
    }

    /** Adds zero-centred Gaussian noise of standard deviation {@code stddev} (Keras's GaussianNoise). */
    public static Tensor gaussianNoise(Tensor x, double stddev, org.nd4j.linalg.api.rng.Random generator) {
        INDArray noise = x.value().ulike();
        Nd4j.getExecutioner().exec(new GaussianDistribution(noise, 0.0, stddev), generator);
        return Ops.add(x, Tensor.constant(noise));
    }

    /**
     * Multiplies by Gaussian noise of mean 1 and standard deviation {@code sqrt(rate / (1 - rate))}
     * (Keras's GaussianDropout), which keeps the expected value.
     */
    public static Tensor gaussianDropout(Tensor x, double rate, org.nd4j.linalg.api.rng.Random generator) {
        if (rate <= 0) {
            return x;
        }
        INDArray noise = x.value().ulike();
        Nd4j.getExecutioner().exec(new GaussianDistribution(noise, 1.0, Math.sqrt(rate / (1.0 - rate))), generator);
        return Ops.multiply(x, Tensor.constant(noise));
    }

    // ---- fused, numerically stable cross-entropies (per-sample results) ----

    /**
     * {@code -sum(labels * log_softmax(logits), axis)}: one value per sample. Backward is
     * {@code softmax(logits) * sum(labels) - labels}, computed without forming log(0).
     */
    public static Tensor softmaxCrossEntropyWithLogits(INDArray labels, Tensor logits, int axis) {
        int ax = Shape.of(logits.shape()).normalizeAxis(axis);
        INDArray logSoft = stableLogSoftmax(logits.value(), ax);
        INDArray perSample = logSoft.mul(labels).sum(ax).negi();
        return make(perSample, g -> {
            INDArray soft = Transforms.exp(logSoft, true);
            INDArray grad = soft.muli(labels.sum(true, ax)).subi(labels);
            return new INDArray[] {grad.muli(expandLast(g, ax, logits.rank()))};
        }, logits);
    }

    /**
     * Cross-entropy of integer class labels against logits over the last axis: one value per
     * sample. {@code labels} holds class indices (any numeric type), shaped like {@code logits}
     * without its last axis (a trailing axis of size 1 is accepted).
     */
    public static Tensor sparseSoftmaxCrossEntropyWithLogits(INDArray labels, Tensor logits) {
        if (HostSparseCrossEntropy.supports(labels, logits.value())) {
            return HostSparseCrossEntropy.apply(labels, logits);
        }
        int classes = (int) logits.size(-1);
        INDArray oneHot = oneHot(labels, classes, logits.dataType(), logits.shape());
        return softmaxCrossEntropyWithLogits(oneHot, logits, -1);
    }

    /** One-hot encodes class indices to {@code targetShape} (the last axis holds the classes). */
    public static INDArray oneHot(INDArray labels, int classes, DataType type, long[] targetShape) {
        INDArray flat = labels.reshape(labels.length()).castTo(DataType.INT32);
        INDArray out = Nd4j.create(type, labels.length(), classes);
        Nodes.exec("onehot", new INDArray[] {flat}, new INDArray[] {out}, new double[] {1.0, 0.0}, new int[] {-1, classes});
        return out.reshape('c', targetShape);
    }

    /**
     * Element-wise {@code -labels*log(sigmoid(x)) - (1-labels)*log(1-sigmoid(x))}, computed as
     * {@code max(x,0) - x*labels + log(1 + exp(-|x|))}.
     */
    public static Tensor sigmoidCrossEntropyWithLogits(INDArray labels, Tensor logits) {
        INDArray x = logits.value();
        INDArray out = Transforms.max(x, 0.0, true).subi(x.mul(labels))
                .addi(Transforms.log1p(Transforms.exp(Transforms.abs(x, true).negi(), false), false));
        return make(out, g -> new INDArray[] {Transforms.sigmoid(x, true).subi(labels).muli(g)}, logits);
    }

    /** Reshapes a per-sample gradient so it broadcasts over the reduced {@code axis}. */
    private static INDArray expandLast(INDArray g, int axis, int rank) {
        long[] s = new long[rank];
        long[] gs = g.shape();
        for (int i = 0, j = 0; i < rank; i++) {
            s[i] = i == axis ? 1 : gs[j++];
        }
        return g.reshape(s);
    }
}
