package org.keras4j.framework.autodiff;

import static org.keras4j.framework.autodiff.Nodes.make;

import java.util.Arrays;
import java.util.Locale;
import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Differentiable convolutions and poolings, as Keras's {@code keras.ops.conv}, {@code conv_transpose},
 * {@code depthwise_conv}, {@code max_pool} and {@code average_pool}. Each is one tape node: the forward
 * pass is one libnd4j kernel ({@code conv1d}, {@code conv2d}, {@code conv3dnew}, {@code deconv2d},
 * {@code depthwise_conv2d}, {@code maxpool2d}, {@code avgpool2d}, {@code maxpool3dnew},
 * {@code avgpool3dnew}) and the backward pass its {@code *_bp} kernel.
 *
 * <p>Layouts are Keras's: inputs are channels-last ({@code (batch, ...spatial, channels)}) unless
 * {@code channelsFirst}; kernels are {@code (...kernel_size, in_channels / groups, filters)}, for
 * transposed convolutions {@code (...kernel_size, filters, in_channels)}, for depthwise
 * {@code (...kernel_size, in_channels, depth_multiplier)}. libnd4j's weight-format argument 0 is
 * exactly this layout, so kernels are passed without copies. Padding is {@code "valid"},
 * {@code "same"} (TensorFlow's: output {@code ceil(in / stride)}, the odd extra padding at the end)
 * or, for 1-D convolutions, {@code "causal"} (left padding only).
 *
 * <pre>{@code
 * Tensor y = ConvOps.conv2d(x, kernel, bias, new int[] {1, 1}, "same", new int[] {1, 1}, 1, false);
 * Tensor p = ConvOps.maxPool(y, new int[] {2, 2}, new int[] {2, 2}, "valid", false);
 * }</pre>
 */
public final class ConvOps {
    private ConvOps() {
    }

    // ---- output sizes (Keras's compute_conv_output_shape and deconv_output_length) ----

    /** Spatial output length of a convolution or pooling; -1 (None) stays -1. */
    public static long outputLength(long in, int kernel, int stride, int dilation, String padding) {
        if (in < 0) {
            return Shape.NONE;
        }
        long effective = (long) (kernel - 1) * dilation + 1;
        return switch (padding(padding, true)) {
            case 0 -> in < effective ? 0 : (in - effective) / stride + 1;
            default -> (in + stride - 1) / stride; // same and causal: ceil(in / stride)
        };
    }

    /**
     * Spatial output length of a transposed convolution (Keras 3's {@code deconv_output_length});
     * {@code outputPadding < 0} means none given. -1 (None) stays -1.
     */
    public static long transposeOutputLength(long in, int kernel, int stride, int dilation, String padding, int outputPadding) {
        if (in < 0) {
            return Shape.NONE;
        }
        long effective = (long) (kernel - 1) * dilation + 1;
        boolean same = padding(padding, false) == 1;
        if (outputPadding < 0) {
            return same ? in * stride : in * stride + Math.max(effective - stride, 0);
        }
        long pad = same ? effective / 2 : 0;
        return (in - 1) * stride + effective - 2 * pad + outputPadding;
    }

    // ---- convolutions ----

    /**
     * 1-D convolution of {@code (batch, steps, in)} (or {@code (batch, in, steps)}) with a kernel
     * {@code (k, in / groups, filters)}; {@code padding} may be {@code "causal"}. {@code bias} may be null.
     */
    public static Tensor conv1d(Tensor x, Tensor kernel, Tensor bias, int stride, String padding, int dilation,
            int groups, boolean channelsFirst) {
        checkRank("conv1d", x, 3);
        int k = (int) kernel.size(0);
        if (useGemm(channelsFirst, groups, stride)) {
            // a height-1 image; causal padding is all on the left
            long in = x.size(1);
            long out = outputLength(in, k, stride, dilation, padding);
            long[] pad = padding(padding, true) == 2 ? new long[] {(long) (k - 1) * dilation, 0} : pads(in, out, k, stride, dilation, padding);
            Tensor y = conv2dGemm(Ops.reshape(x, expand(x.shape(), 1)), Ops.reshape(kernel, expand(kernel.shape(), 0)), bias,
                    new int[] {1, dilation}, new long[] {0, 0, pad[0], pad[1]});
            return Ops.reshape(y, squeeze(y.shape(), 1));
        }
        int[] iArgs = {k, stride, 0, dilation, padding(padding, true), channelsFirst ? 0 : 1, 0};
        long[] out = convShape(x.shape(), channelsFirst, new int[] {k}, new int[] {stride}, new int[] {dilation},
                padding, kernel.size(-1));
        return nativeConv("conv1d", x, kernel, bias, iArgs, out, channelsFirst, groups);
    }

    /** 2-D convolution; kernel {@code (kh, kw, in / groups, filters)}. {@code bias} may be null. */
    public static Tensor conv2d(Tensor x, Tensor kernel, Tensor bias, int[] strides, String padding, int[] dilation,
            int groups, boolean channelsFirst) {
        checkRank("conv2d", x, 4);
        int[] k = {(int) kernel.size(0), (int) kernel.size(1)};
        if (useGemm(channelsFirst, groups, strides)) {
            long[] ph = pads(x.size(1), outputLength(x.size(1), k[0], strides[0], dilation[0], padding), k[0], strides[0], dilation[0], padding);
            long[] pw = pads(x.size(2), outputLength(x.size(2), k[1], strides[1], dilation[1], padding), k[1], strides[1], dilation[1], padding);
            return conv2dGemm(x, kernel, bias, dilation, new long[] {ph[0], ph[1], pw[0], pw[1]});
        }
        int[] iArgs = {k[0], k[1], strides[0], strides[1], 0, 0, dilation[0], dilation[1], padding(padding, false),
                channelsFirst ? 0 : 1, 0};
        long[] out = convShape(x.shape(), channelsFirst, k, strides, dilation, padding, kernel.size(-1));
        return nativeConv("conv2d", x, kernel, bias, iArgs, out, channelsFirst, groups);
    }

    /** 3-D convolution; kernel {@code (kd, kh, kw, in / groups, filters)}. {@code bias} may be null. */
    public static Tensor conv3d(Tensor x, Tensor kernel, Tensor bias, int[] strides, String padding, int[] dilation,
            int groups, boolean channelsFirst) {
        checkRank("conv3d", x, 5);
        int[] k = {(int) kernel.size(0), (int) kernel.size(1), (int) kernel.size(2)};
        int[] iArgs = {k[0], k[1], k[2], strides[0], strides[1], strides[2], 0, 0, 0, dilation[0], dilation[1], dilation[2],
                padding(padding, false), channelsFirst ? 0 : 1, 0};
        long[] out = convShape(x.shape(), channelsFirst, k, strides, dilation, padding, kernel.size(-1));
        return nativeConv("conv3dnew", x, kernel, bias, iArgs, out, channelsFirst, groups);
    }

    /**
     * Depthwise 2-D convolution: each input channel {@code c} is convolved with its own
     * {@code depth_multiplier} filters; output channel {@code c * depth_multiplier + m}. Kernel
     * {@code (kh, kw, in, depth_multiplier)}, bias {@code (in * depth_multiplier)} or null.
     */
    public static Tensor depthwiseConv2d(Tensor x, Tensor kernel, Tensor bias, int[] strides, String padding,
            int[] dilation, boolean channelsFirst) {
        checkRank("depthwise_conv2d", x, 4);
        int[] k = {(int) kernel.size(0), (int) kernel.size(1)};
        int[] iArgs = {k[0], k[1], strides[0], strides[1], 0, 0, dilation[0], dilation[1], padding(padding, false),
                channelsFirst ? 0 : 1, 0};
        long[] out = convShape(x.shape(), channelsFirst, k, strides, dilation, padding, kernel.size(2) * kernel.size(3));
        return nativeConv("depthwise_conv2d", x, kernel, bias, iArgs, out, channelsFirst, 1);
    }

    /**
     * Transposed 2-D convolution (the gradient of conv2d with respect to its input), kernel
     * {@code (kh, kw, filters, in)}. Output lengths follow {@link #transposeOutputLength};
     * {@code outputPadding} may be null. {@code bias} may be null.
     */
    public static Tensor conv2dTranspose(Tensor x, Tensor kernel, Tensor bias, int[] strides, String padding,
            int[] outputPadding, int[] dilation, boolean channelsFirst) {
        checkRank("conv2d_transpose", x, 4);
        int[] k = {(int) kernel.size(0), (int) kernel.size(1)};
        int cAxis = channelsFirst ? 1 : 3;
        int hAxis = channelsFirst ? 2 : 1;
        long[] full = x.shape().clone();
        long[] want = x.shape().clone();
        full[cAxis] = kernel.size(2);
        want[cAxis] = kernel.size(2);
        long[] before = new long[4];
        for (int i = 0; i < 2; i++) {
            long in = x.size(hAxis + i);
            long effective = (long) (k[i] - 1) * dilation[i] + 1;
            full[hAxis + i] = (in - 1) * strides[i] + effective;
            want[hAxis + i] = transposeOutputLength(in, k[i], strides[i], dilation[i], padding,
                    outputPadding == null ? -1 : outputPadding[i]);
            if (padding(padding, false) == 1) {
                // TensorFlow's placement: the forward SAME conv from `want` to `in` pads total/2 in front
                before[hAxis + i] = Math.max((in - 1) * strides[i] + effective - want[hAxis + i], 0) / 2;
            }
        }
        int[] iArgs = {k[0], k[1], strides[0], strides[1], 0, 0, dilation[0], dilation[1], 0, channelsFirst ? 0 : 1, 0};
        INDArray xv = x.value();
        INDArray wv = kernel.value();
        INDArray fullOut = Nd4j.createUninitialized(xv.dataType(), full);
        Nodes.exec("deconv2d", new INDArray[] {xv, wv}, new INDArray[] {fullOut}, null, iArgs);
        boolean cropped = !Arrays.equals(full, want) || before[hAxis] != 0 || before[hAxis + 1] != 0;
        INDArray out = cropped ? window(fullOut, want, before, false) : fullOut;
        if (bias != null) {
            out.addi(bias.value().reshape(channelShape(4, cAxis, bias.value().length())));
        }
        Tensor.Backward bw = g -> {
            INDArray gFull = cropped ? window(contiguous(g), full, before, true) : contiguous(g);
            INDArray gx = xv.ulike();
            INDArray gw = wv.ulike();
            Nodes.exec("deconv2d_bp", new INDArray[] {xv, wv, gFull}, new INDArray[] {gx, gw}, null, iArgs);
            INDArray gb = bias == null ? null : sumExcept(g, cAxis);
            return bias == null ? new INDArray[] {gx, gw} : new INDArray[] {gx, gw, gb};
        };
        return bias == null ? make(out, bw, x, kernel) : make(out, bw, x, kernel, bias);
    }

    /** Transposed 1-D convolution via {@link #conv2dTranspose} on a height-1 image; kernel {@code (k, filters, in)}. */
    public static Tensor conv1dTranspose(Tensor x, Tensor kernel, Tensor bias, int stride, String padding, int outputPadding,
            int dilation, boolean channelsFirst) {
        checkRank("conv1d_transpose", x, 3);
        Tensor x4 = Ops.reshape(x, expand(x.shape(), channelsFirst ? 2 : 1));
        Tensor k4 = Ops.reshape(kernel, expand(kernel.shape(), 0));
        Tensor y = conv2dTranspose(x4, k4, bias, new int[] {1, stride}, padding,
                outputPadding < 0 ? null : new int[] {0, outputPadding}, new int[] {1, dilation}, channelsFirst);
        return Ops.reshape(y, squeeze(y.shape(), channelsFirst ? 2 : 1));
    }

    // ---- channels-last, stride-1 2-D convolution as shifted GEMMs ----

    /**
     * Which 2-D convolution kernel runs: {@code "gemm"} or {@code "native"} (libnd4j's
     * {@code conv2d}/{@code conv2d_bp} always), from the system property {@code keras4j.conv2d}; by
     * default the GEMM path on the plain nd4j-native build and the native op on a oneDNN build. The
     * GEMM path serves channels-last, ungrouped, stride-1 convolutions (any padding and dilation):
     * libnd4j's own conv2d_bp spends most of its time outside its matrix products, about 4x slower
     * than this path for the 3x3 layers of a small CNN, while oneDNN's convolution is faster still.
     */
    private static boolean useGemm(boolean channelsFirst, int groups, int... strides) {
        for (int s : strides) {
            if (s != 1) {
                return false;
            }
        }
        String choice = System.getProperty("keras4j.conv2d", PlatformHelpers.PRESENT ? "native" : "gemm");
        return !channelsFirst && groups == 1 && !"native".equals(choice);
    }

    /** TensorFlow's padding before and after one axis. */
    private static long[] pads(long in, long out, int k, int s, int d, String padding) {
        if (padding(padding, false) == 0) {
            return new long[] {0, 0};
        }
        long total = Math.max((out - 1) * s + (long) (k - 1) * d + 1 - in, 0);
        return new long[] {total / 2, total - total / 2};
    }

    /**
     * Stride-1 NHWC convolution with explicit padding {@code (top, bottom, left, right)}, without
     * im2col. Seen as a matrix {@code X} of shape {@code (batch * h * w, in)}, the input cells that
     * kernel tap {@code (i, j)} meets are the rows of {@code X} shifted by {@code i * d * w + j * d}:
     * a contiguous block, so each tap is one GEMM on a view, accumulated into an output computed on
     * the whole {@code h x w} grid and then cropped to the valid {@code oh x ow} positions.
     * Backward: per tap one GEMM for the kernel gradient and, when the input needs a gradient, one
     * accumulating GEMM into a shifted block of the input gradient.
     */
    private static Tensor conv2dGemm(Tensor x, Tensor w, Tensor b, int[] d, long[] pad) {
        INDArray xv = x.value();
        INDArray wv = w.value();
        long n = xv.size(0);
        long h = xv.size(1);
        long wd = xv.size(2);
        long c = xv.size(3);
        int kh = (int) wv.size(0);
        int kw = (int) wv.size(1);
        long oc = wv.size(3);
        long hp = h + pad[0] + pad[1];
        long wp = wd + pad[2] + pad[3];
        long oh = hp - (long) (kh - 1) * d[0];
        long ow = wp - (long) (kw - 1) * d[1];
        checkNonEmpty("conv2d", xv.shape(), new long[] {n, oh, ow, oc});
        boolean padded = pad[0] + pad[1] + pad[2] + pad[3] > 0;
        INDArray xp = xv;
        if (padded) {
            xp = Nd4j.zeros(xv.dataType(), n, hp, wp, c);
            interior(xp, pad, h, wd).assign(xv);
        }
        INDArray x2 = contiguous(xp).reshape('c', n * hp * wp, c);
        long rows = n * hp * wp;
        // rows [0, m) of the full grid hold every valid output position
        long m = rows - (long) (kh - 1) * d[0] * wp - (long) (kw - 1) * d[1];
        int taps = kh * kw;
        long[] offsets = new long[taps];
        for (int t = 0; t < taps; t++) {
            offsets[t] = (long) (t / kw) * d[0] * wp + (long) (t % kw) * d[1];
        }
        // Few input channels make each tap's GEMM thin (K = in): then the shifted blocks are copied
        // side by side into one (m, taps * in) matrix and multiplied once.
        boolean im2col = useIm2col(c);
        INDArray cols = null;
        INDArray w2 = wv.reshape('c', (long) taps * c, oc);
        INDArray full = Nd4j.createUninitialized(xv.dataType(), rows, oc);
        INDArray fullM = rowBlock(full, 0, m);
        if (im2col) {
            cols = Nd4j.createUninitialized(xv.dataType(), m, (long) taps * c);
            for (int t = 0; t < taps; t++) {
                colBlock(cols, t, c).assign(rowBlock(x2, offsets[t], m));
            }
            Gemm.into(cols, w2, fullM, false, false, 0);
        } else {
            for (int t = 0; t < taps; t++) {
                Gemm.into(rowBlock(x2, offsets[t], m), kernelTap(wv, t / kw, t % kw), fullM, false, false, t == 0 ? 0 : 1);
            }
        }
        INDArray out = full.reshape('c', n, hp, wp, oc)
                .get(NDArrayIndex.all(), NDArrayIndex.interval(0, oh), NDArrayIndex.interval(0, ow), NDArrayIndex.all()).dup('c');
        if (b != null) {
            Nodes.exec("biasadd", new INDArray[] {out, b.value()}, new INDArray[] {out}, null, null);
        }
        final INDArray patches = cols;
        Tensor.Backward bw = grad -> {
            INDArray gFull = Nd4j.zeros(xv.dataType(), n, hp, wp, oc);
            gFull.get(NDArrayIndex.all(), NDArrayIndex.interval(0, oh), NDArrayIndex.interval(0, ow), NDArrayIndex.all()).assign(grad);
            INDArray gM = rowBlock(gFull.reshape('c', rows, oc), 0, m);
            INDArray gw = wv.ulike();
            INDArray gx2 = x.requiresGrad ? Nd4j.zeros(xv.dataType(), rows, c) : null;
            if (patches != null) {
                Gemm.into(patches, gM, gw.reshape('c', (long) taps * c, oc), true, false, 0);
                if (gx2 != null) {
                    INDArray gcols = Nd4j.createUninitialized(xv.dataType(), m, (long) taps * c);
                    Gemm.into(gM, w2, gcols, false, true, 0);
                    for (int t = 0; t < taps; t++) {
                        rowBlock(gx2, offsets[t], m).addi(colBlock(gcols, t, c));
                    }
                }
            } else {
                for (int t = 0; t < taps; t++) {
                    Gemm.into(rowBlock(x2, offsets[t], m), gM, kernelTap(gw, t / kw, t % kw), true, false, 0);
                    if (gx2 != null) {
                        Gemm.into(gM, kernelTap(wv, t / kw, t % kw), rowBlock(gx2, offsets[t], m), false, true, 1);
                    }
                }
            }
            INDArray gx = null;
            if (gx2 != null) {
                INDArray gxp = gx2.reshape('c', n, hp, wp, c);
                gx = padded ? interior(gxp, pad, h, wd).dup('c') : gxp;
            }
            if (b == null) {
                return new INDArray[] {gx, gw};
            }
            INDArray gb = Nd4j.createUninitialized(grad.dataType(), oc);
            Nodes.exec("reduce_sum", new INDArray[] {contiguous(grad).reshape('c', n * oh * ow, oc)}, new INDArray[] {gb}, null,
                    new int[] {0});
            return new INDArray[] {gx, gw, gb};
        };
        return b == null ? make(out, bw, x, w) : make(out, bw, x, w, b);
    }

    /** Copy shifted blocks into one patch matrix when the input has at most this many channels (-Dkeras4j.conv2d.im2colMaxChannels). */
    private static boolean useIm2col(long channels) {
        return channels <= Long.getLong("keras4j.conv2d.im2colMaxChannels", 8);
    }

    /** Columns {@code [t * width, (t + 1) * width)} of a matrix. */
    private static INDArray colBlock(INDArray matrix, int t, long width) {
        return matrix.get(NDArrayIndex.all(), NDArrayIndex.interval(t * width, (t + 1) * width));
    }

    /** Rows {@code [from, from + count)} of a c-ordered matrix: a contiguous view. */
    private static INDArray rowBlock(INDArray matrix, long from, long count) {
        return matrix.get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all());
    }

    /** The {@code (in, filters)} matrix of kernel tap {@code (i, j)}: a contiguous view. */
    private static INDArray kernelTap(INDArray kernel, int i, int j) {
        return kernel.get(NDArrayIndex.point(i), NDArrayIndex.point(j), NDArrayIndex.all(), NDArrayIndex.all());
    }

    /** The unpadded part of a padded NHWC array. */
    private static INDArray interior(INDArray padded, long[] pad, long h, long w) {
        return padded.get(NDArrayIndex.all(), NDArrayIndex.interval(pad[0], pad[0] + h), NDArrayIndex.interval(pad[2], pad[2] + w),
                NDArrayIndex.all());
    }

    // ---- pooling ----

    /** Max pooling over 1, 2 or 3 spatial axes ({@code pool.length}); padded cells never win. */
    public static Tensor maxPool(Tensor x, int[] pool, int[] strides, String padding, boolean channelsFirst) {
        return pool(true, x, pool, strides, padding, channelsFirst);
    }

    /**
     * Average pooling over 1, 2 or 3 spatial axes. With {@code "same"} padding the padded cells are
     * left out of each window's divisor, as in Keras/TensorFlow.
     */
    public static Tensor avgPool(Tensor x, int[] pool, int[] strides, String padding, boolean channelsFirst) {
        return pool(false, x, pool, strides, padding, channelsFirst);
    }

    private static Tensor pool(boolean max, Tensor x, int[] pool, int[] strides, String padding, boolean channelsFirst) {
        int n = pool.length;
        String opName = max ? "max_pool" : "average_pool";
        checkRank(opName, x, n + 2);
        if (n == 1) {
            // 1-D pooling is 2-D pooling of a height-1 image
            int hAxis = channelsFirst ? 2 : 1;
            Tensor y = pool(max, Ops.reshape(x, expand(x.shape(), hAxis)), new int[] {1, pool[0]}, new int[] {1, strides[0]},
                    padding, channelsFirst);
            return Ops.reshape(y, squeeze(y.shape(), hAxis));
        }
        int same = padding(padding, false);
        // extraParam0 of avgpool: 0 divides by the number of real (unpadded) cells, as TensorFlow does
        int[] iArgs = n == 2
                ? new int[] {pool[0], pool[1], strides[0], strides[1], 0, 0, 1, 1, same, 0, channelsFirst ? 0 : 1}
                : new int[] {pool[0], pool[1], pool[2], strides[0], strides[1], strides[2], 0, 0, 0, 1, 1, 1, same, 0,
                        channelsFirst ? 0 : 1};
        String op = n == 2 ? (max ? "maxpool2d" : "avgpool2d") : (max ? "maxpool3dnew" : "avgpool3dnew");
        int[] ones = new int[n];
        Arrays.fill(ones, 1);
        long[] shape = convShape(x.shape(), channelsFirst, pool, strides, ones, padding, x.size(channelsFirst ? 1 : -1));
        checkNonEmpty(opName, x.shape(), shape);
        if (n == 2 && !channelsFirst && !"nhwc".equals(System.getProperty("keras4j.pool2d", PlatformHelpers.PRESENT ? "nhwc" : "nchw"))) {
            return pool2dViaNchw(x, op, iArgs, shape);
        }
        INDArray xv = x.value();
        INDArray out = Nd4j.createUninitialized(xv.dataType(), shape);
        Nodes.exec(op, new INDArray[] {xv}, new INDArray[] {out}, null, iArgs);
        return make(out, g -> {
            INDArray gx = xv.ulike();
            Nodes.exec(op + "_bp", new INDArray[] {xv, contiguous(g)}, new INDArray[] {gx}, null, iArgs);
            return new INDArray[] {gx};
        }, x);
    }

    /**
     * Channels-last 2-D pooling run in channels-first layout: libnd4j's own NHWC pooling backward is
     * several times slower than its NCHW one, more than the four transposing copies cost. On a
     * oneDNN build, whose pooling takes NHWC directly, and with {@code -Dkeras4j.pool2d=nhwc}, the
     * pooling runs in place instead.
     */
    private static Tensor pool2dViaNchw(Tensor x, String op, int[] nhwcArgs, long[] shape) {
        int[] iArgs = nhwcArgs.clone();
        iArgs[10] = 0;
        INDArray xc = x.value().permute(0, 3, 1, 2).dup('c');
        INDArray outC = Nd4j.createUninitialized(xc.dataType(), shape[0], shape[3], shape[1], shape[2]);
        Nodes.exec(op, new INDArray[] {xc}, new INDArray[] {outC}, null, iArgs);
        INDArray out = outC.permute(0, 2, 3, 1).dup('c');
        return make(out, g -> {
            INDArray gc = g.permute(0, 3, 1, 2).dup('c');
            INDArray gxc = xc.ulike();
            Nodes.exec(op + "_bp", new INDArray[] {xc, gc}, new INDArray[] {gxc}, null, iArgs);
            return new INDArray[] {gxc.permute(0, 2, 3, 1).dup('c')};
        }, x);
    }

    // ---- the shared native convolution node ----

    /**
     * One conv node: {@code op(x, w[, b])} forward, {@code op_bp(x, w[, b], gradOut)} backward. With
     * {@code groups > 1} the channels are split into groups and the kernel runs once per group
     * (libnd4j has no grouped convolution), still as one tape node.
     */
    private static Tensor nativeConv(String op, Tensor x, Tensor w, Tensor b, int[] iArgs, long[] outShape,
            boolean channelsFirst, int groups) {
        checkNonEmpty(op, x.shape(), outShape);
        int cAxis = channelsFirst ? 1 : x.rank() - 1;
        int wLast = w.rank() - 1;
        INDArray xv = x.value();
        INDArray wv = w.value();
        INDArray bv = b == null ? null : b.value();
        INDArray out = Nd4j.createUninitialized(xv.dataType(), outShape);
        if (groups == 1) {
            Nodes.exec(op, inputs(xv, wv, bv, null), new INDArray[] {out}, null, iArgs);
        } else {
            long inG = xv.size(cAxis) / groups;
            long outG = outShape[cAxis] / groups;
            for (int g = 0; g < groups; g++) {
                INDArray part = Nd4j.createUninitialized(xv.dataType(), withAxis(outShape, cAxis, outG));
                Nodes.exec(op, inputs(slice(xv, cAxis, g * inG, inG).dup(), slice(wv, wLast, g * outG, outG).dup(),
                        bv == null ? null : slice(bv, 0, g * outG, outG).dup(), null), new INDArray[] {part}, null, iArgs);
                slice(out, cAxis, g * outG, outG).assign(part);
            }
        }
        Tensor.Backward bw = grad -> {
            INDArray g = contiguous(grad);
            INDArray gx = xv.ulike();
            INDArray gw = wv.ulike();
            INDArray gb = bv == null ? null : bv.ulike();
            if (groups == 1) {
                Nodes.exec(op + "_bp", inputs(xv, wv, bv, g), outputs(gx, gw, gb), null, iArgs);
            } else {
                long inG = xv.size(cAxis) / groups;
                long outG = outShape[cAxis] / groups;
                for (int k = 0; k < groups; k++) {
                    INDArray xs = slice(xv, cAxis, k * inG, inG).dup();
                    INDArray ws = slice(wv, wLast, k * outG, outG).dup();
                    INDArray bs = bv == null ? null : slice(bv, 0, k * outG, outG).dup();
                    INDArray gxs = xs.ulike();
                    INDArray gws = ws.ulike();
                    INDArray gbs = bs == null ? null : bs.ulike();
                    Nodes.exec(op + "_bp", inputs(xs, ws, bs, slice(g, cAxis, k * outG, outG).dup()), outputs(gxs, gws, gbs),
                            null, iArgs);
                    slice(gx, cAxis, k * inG, inG).assign(gxs);
                    slice(gw, wLast, k * outG, outG).assign(gws);
                    if (gb != null) {
                        slice(gb, 0, k * outG, outG).assign(gbs);
                    }
                }
            }
            return b == null ? new INDArray[] {gx, gw} : new INDArray[] {gx, gw, gb};
        };
        return b == null ? make(out, bw, x, w) : make(out, bw, x, w, b);
    }

    // ---- helpers ----

    /** libnd4j's padding-mode argument: 0 valid, 1 same, 2 causal (1-D convolutions only). */
    private static int padding(String padding, boolean allowCausal) {
        String p = padding == null ? "" : padding.toLowerCase(Locale.ROOT);
        return switch (p) {
            case "valid" -> 0;
            case "same" -> 1;
            case "causal" -> {
                if (!allowCausal) {
                    throw new IllegalArgumentException("padding 'causal' is only for 1-D convolutions");
                }
                yield 2;
            }
            default -> throw new IllegalArgumentException(
                    "padding must be one of 'valid', 'same'" + (allowCausal ? ", 'causal'" : "") + ", received '" + padding + "'");
        };
    }

    /** Output shape of a convolution/pooling over the spatial axes of {@code in}, with {@code channels} channels. */
    private static long[] convShape(long[] in, boolean channelsFirst, int[] k, int[] s, int[] d, String padding, long channels) {
        long[] out = in.clone();
        int first = channelsFirst ? 2 : 1;
        for (int i = 0; i < k.length; i++) {
            out[first + i] = outputLength(in[first + i], k[i], s[i], d[i], padding);
        }
        out[channelsFirst ? 1 : in.length - 1] = channels;
        return out;
    }

    private static void checkRank(String op, Tensor x, int rank) {
        if (x.rank() != rank) {
            throw new IllegalArgumentException(op + ": expected input of rank " + rank + ", received shape "
                    + Shape.formatBatch(x.shape()));
        }
    }

    private static void checkNonEmpty(String op, long[] in, long[] out) {
        for (long d : out) {
            if (d <= 0) {
                throw new IllegalArgumentException(op + ": input shape " + Shape.formatBatch(in)
                        + " is too small for the window; the output shape would be " + Shape.formatBatch(out));
            }
        }
    }

    private static INDArray[] inputs(INDArray x, INDArray w, INDArray b, INDArray g) {
        int n = 2 + (b == null ? 0 : 1) + (g == null ? 0 : 1);
        INDArray[] a = new INDArray[n];
        a[0] = x;
        a[1] = w;
        int i = 2;
        if (b != null) {
            a[i++] = b;
        }
        if (g != null) {
            a[i] = g;
        }
        return a;
    }

    private static INDArray[] outputs(INDArray gx, INDArray gw, INDArray gb) {
        return gb == null ? new INDArray[] {gx, gw} : new INDArray[] {gx, gw, gb};
    }

    private static INDArray contiguous(INDArray a) {
        return a.isView() || a.ordering() != 'c' ? a.dup('c') : a;
    }

    /** A view of {@code length} entries of {@code axis} starting at {@code start}. */
    private static INDArray slice(INDArray a, int axis, long start, long length) {
        INDArrayIndex[] idx = new INDArrayIndex[a.rank()];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i == axis ? NDArrayIndex.interval(start, start + length) : NDArrayIndex.all();
        }
        return a.get(idx);
    }

    /**
     * Copies between a source and a zero-filled array of shape {@code shape}, offset by {@code before}
     * along each axis: {@code out[i] = src[i + before]} (crop) or, when {@code embed}, {@code out[i + before] = src[i]}.
     */
    private static INDArray window(INDArray src, long[] shape, long[] before, boolean embed) {
        INDArray out = Nd4j.zeros(src.dataType(), shape);
        INDArray big = embed ? out : src;
        INDArray small = embed ? src : out;
        INDArrayIndex[] bigIdx = new INDArrayIndex[shape.length];
        INDArrayIndex[] smallIdx = new INDArrayIndex[shape.length];
        for (int i = 0; i < shape.length; i++) {
            long n = Math.min(small.size(i), big.size(i) - before[i]);
            bigIdx[i] = NDArrayIndex.interval(before[i], before[i] + n);
            smallIdx[i] = NDArrayIndex.interval(0, n);
        }
        if (embed) {
            out.get(bigIdx).assign(src.get(smallIdx));
        } else {
            out.get(smallIdx).assign(src.get(bigIdx));
        }
        return out;
    }

    private static long[] channelShape(int rank, int cAxis, long channels) {
        long[] s = new long[rank];
        Arrays.fill(s, 1);
        s[cAxis] = channels;
        return s;
    }

    private static INDArray sumExcept(INDArray g, int axis) {
        int[] axes = new int[g.rank() - 1];
        for (int i = 0, j = 0; i < g.rank(); i++) {
            if (i != axis) {
                axes[j++] = i;
            }
        }
        return g.sum(axes);
    }

    private static long[] withAxis(long[] shape, int axis, long size) {
        long[] s = shape.clone();
        s[axis] = size;
        return s;
    }

    /** Inserts an axis of size 1 at {@code at}. */
    private static long[] expand(long[] shape, int at) {
        long[] s = new long[shape.length + 1];
        for (int i = 0, j = 0; i < s.length; i++) {
            s[i] = i == at ? 1 : shape[j++];
        }
        return s;
    }

    /** Removes the axis {@code at} (of size 1). */
    private static long[] squeeze(long[] shape, int at) {
        long[] s = new long[shape.length - 1];
        for (int i = 0, j = 0; i < shape.length; i++) {
            if (i != at) {
                s[j++] = shape[i];
            }
        }
        return s;
    }
}
