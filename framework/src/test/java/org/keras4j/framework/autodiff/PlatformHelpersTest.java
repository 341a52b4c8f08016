package org.keras4j.framework.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.backend.Backend;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Every op that libnd4j may hand to a platform helper (oneDNN), in float32 (the helpers leave float64
 * alone, so the float64 gradient checks never reach them): forward and input gradient with the helpers
 * allowed must equal libnd4j's own kernels, for batch sizes that change from call to call (a oneDNN
 * build of nd4j-native 1.0.0-M2.1 once returned stale results after a batch-size change). On a build
 * without helpers both runs take the same path and agree trivially; run with {@code -Pnd4j-onednn} to
 * check the oneDNN build.
 */
class PlatformHelpersTest {
    static {
        Backend.init();
    }

    private static final int[] ONE2 = {1, 1};
    private static final int[] TWO2 = {2, 2};

    @Test
    void convolutionsMatchLibnd4jsOwnKernels() {
        INDArray k2 = weights(3, 3, 3, 5);
        INDArray b = weights(5);
        for (String conv : new String[] {"native", "gemm"}) {
            String previous = System.setProperty("keras4j.conv2d", conv);
            try {
                compare("conv2d same " + conv, new long[] {9, 9, 3}, x -> ConvOps.conv2d(x, c(k2), c(b), ONE2, "same", ONE2, 1, false));
                compare("conv2d valid stride 2 " + conv, new long[] {9, 9, 3},
                        x -> ConvOps.conv2d(x, c(k2), c(b), TWO2, "valid", ONE2, 1, false));
            } finally {
                restore("keras4j.conv2d", previous);
            }
        }
        compare("conv2d dilated", new long[] {9, 9, 3}, x -> ConvOps.conv2d(x, c(k2), c(b), ONE2, "same", TWO2, 1, false));
        compare("conv2d channels first", new long[] {3, 9, 9},
                x -> ConvOps.conv2d(x, c(k2), c(b), ONE2, "valid", ONE2, 1, true));
        INDArray k1 = weights(3, 3, 4);
        INDArray k1d = weights(2, 3, 4);
        INDArray b4 = weights(4);
        compare("conv1d causal", new long[] {11, 3}, x -> ConvOps.conv1d(x, c(k1), null, 1, "causal", 1, 1, false));
        compare("conv1d stride 2", new long[] {11, 3}, x -> ConvOps.conv1d(x, c(k1), c(b4), 2, "same", 1, 1, false));
        compare("conv1d dilated", new long[] {11, 3}, x -> ConvOps.conv1d(x, c(k1d), null, 1, "valid", 2, 1, false));
        INDArray k3 = weights(2, 2, 2, 2, 3);
        INDArray b3 = weights(3);
        compare("conv3d", new long[] {5, 5, 5, 2},
                x -> ConvOps.conv3d(x, c(k3), c(b3), new int[] {1, 1, 1}, "same", new int[] {1, 1, 1}, 1, false));
        INDArray kd = weights(3, 3, 3, 2);
        INDArray bd = weights(6);
        compare("depthwise_conv2d", new long[] {8, 8, 3}, x -> ConvOps.depthwiseConv2d(x, c(kd), c(bd), TWO2, "same", ONE2, false));
        INDArray kt = weights(3, 3, 2, 3);
        INDArray bt = weights(2);
        compare("conv2d transpose", new long[] {4, 4, 3},
                x -> ConvOps.conv2dTranspose(x, c(kt), c(bt), TWO2, "same", null, ONE2, false));
    }

    @Test
    void poolingMatchesLibnd4jsOwnKernels() {
        for (String layout : new String[] {"nchw", "nhwc"}) {
            String previous = System.setProperty("keras4j.pool2d", layout);
            try {
                compare("max pool 2x2 valid " + layout, new long[] {9, 9, 4},
                        x -> ConvOps.maxPool(x, TWO2, TWO2, "valid", false));
                compare("max pool 3x3 stride 2 same " + layout, new long[] {9, 9, 4},
                        x -> ConvOps.maxPool(x, new int[] {3, 3}, TWO2, "same", false));
                compare("avg pool 2x2 same " + layout, new long[] {9, 9, 4},
                        x -> ConvOps.avgPool(x, TWO2, TWO2, "same", false));
            } finally {
                restore("keras4j.pool2d", previous);
            }
        }
        compare("max pool 1d", new long[] {10, 3}, x -> ConvOps.maxPool(x, new int[] {2}, new int[] {2}, "valid", false));
        compare("avg pool 3d", new long[] {4, 4, 4, 2},
                x -> ConvOps.avgPool(x, new int[] {2, 2, 2}, new int[] {2, 2, 2}, "valid", false));
    }

    @Test
    void denseSoftmaxAndBatchNormMatchLibnd4jsOwnKernels() {
        INDArray w = weights(7, 5);
        INDArray b = weights(5);
        compare("linear", new long[] {7}, x -> Ops.linear(x, c(w), c(b)));
        compare("matmul", new long[] {7}, x -> Ops.matmul(x, c(w)));
        compare("softmax", new long[] {6}, x -> NnOps.softmax(x, -1));
        compare("log softmax", new long[] {6}, x -> NnOps.logSoftmax(x, -1));
        INDArray gamma = weights(3);
        INDArray beta = weights(3);
        compare("batch norm, batch statistics", new long[] {5, 5, 3}, x -> {
            INDArray[] m = NormOps.moments(x.value(), 3);
            return NormOps.batchNorm(x, m[0], m[1], c(gamma), c(beta), 3, 1e-3, true);
        });
        INDArray mean = weights(3);
        INDArray variance = weights(3).addi(1);
        compare("batch norm, moving statistics", new long[] {5, 5, 3},
                x -> NormOps.batchNorm(x, mean, variance, c(gamma), null, 3, 1e-3, false));
    }

    @Test
    void theBuildIsDetected() {
        String info = org.nd4j.nativeblas.NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        assertEquals(info.contains("HAVE_ONEDNN"), PlatformHelpers.PRESENT);
        assertTrue(PlatformHelpers.usable("matmul", new int[] {0, 0}));
        assertEquals(PlatformHelpers.PRESENT, PlatformHelpers.helps("conv2d_bp"));
        assertEquals(PlatformHelpers.PRESENT, PlatformHelpers.helps("matmul"), "matmul is helped once a oneDNN kernel has run");
        assertFalse(PlatformHelpers.helps("multiply"));
        // helpers are off process-wide outside the helped calls
        assertFalse(PlatformHelpers.PRESENT && Nd4j.getEnvironment().helpersAllowed());
        assertEquals(!PlatformHelpers.PRESENT, PlatformHelpers.usable("conv2d_bp", new int[] {3, 3, 1, 1, 0, 0, 1, 2, 1, 1, 0}));
        assertEquals(!PlatformHelpers.PRESENT, PlatformHelpers.usable("conv1d", new int[] {2, 1, 0, 2, 0, 1, 0}));
        assertTrue(PlatformHelpers.usable("conv1d", new int[] {2, 1, 0, 1, 0, 1, 0}));
        assertFalse(PlatformHelpers.PRESENT && PlatformHelpers.usable("deconv2d", new int[] {3, 3, 2, 2, 0, 0, 2, 2, 0, 1, 0}));
    }

    /**
     * Runs {@code op} on batches of 4, 3, 5 and 4 samples of shape {@code sample} (the last equal to
     * the first), each with the helpers allowed and then forbidden, and compares output and input
     * gradient (of a fixed random weighting of the output, so that every element's gradient differs).
     */
    private static void compare(String what, long[] sample, Function<Tensor, Tensor> op) {
        Nd4j.getRandom().setSeed(what.hashCode());
        INDArray all = Nd4j.rand(DataType.FLOAT, prepend(9, sample)).subi(0.5).muli(4);
        int[][] ranges = {{0, 4}, {2, 5}, {1, 6}, {0, 4}};
        List<INDArray[]> firstAndLast = new ArrayList<>();
        for (int[] r : ranges) {
            INDArray x = all.get(NDArrayIndex.interval(r[0], r[1])).dup();
            Nd4j.getRandom().setSeed(r[1] - r[0]);
            INDArray[] withHelpers = run(op, x, true, null);
            INDArray[] own = run(op, x, false, withHelpers[2]);
            assertClose(own[0], withHelpers[0], what + ": output, batch " + x.size(0));
            assertClose(own[1], withHelpers[1], what + ": input gradient, batch " + x.size(0));
            if (r == ranges[0] || r == ranges[ranges.length - 1]) {
                firstAndLast.add(withHelpers);
            }
        }
        assertClose(firstAndLast.get(0)[0], firstAndLast.get(1)[0], what + ": output changed after other batch sizes");
    }

    private static INDArray[] run(Function<Tensor, Tensor> op, INDArray x, boolean helpers, INDArray weighting) {
        boolean before = PlatformHelpers.enabled;
        PlatformHelpers.enabled = helpers;
        try (GradientTape tape = new GradientTape()) {
            Variable in = new Variable("x", x.dup(), true);
            Tensor y = op.apply(in);
            INDArray w = weighting != null ? weighting : Nd4j.rand(DataType.FLOAT, y.shape());
            Tensor target = Ops.sum(Ops.multiply(y, Tensor.constant(w)));
            INDArray grad = tape.gradient(target, List.of(in)).get(0);
            return new INDArray[] {y.value().dup(), grad.dup(), w};
        } finally {
            PlatformHelpers.enabled = before;
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        float[] e = expected.dup().data().asFloat();
        float[] a = actual.dup().data().asFloat();
        for (int i = 0; i < e.length; i++) {
            if (Math.abs(e[i] - a[i]) > 1e-4 + 1e-4 * Math.abs(e[i])) {
                throw new AssertionError(what + ": element " + i + " is " + a[i] + ", libnd4j's own kernel gives " + e[i]);
            }
        }
    }

    private static INDArray weights(long... shape) {
        return Nd4j.rand(DataType.FLOAT, shape).subi(0.5);
    }

    private static Tensor c(INDArray a) {
        return Tensor.constant(a);
    }

    private static long[] prepend(long first, long[] rest) {
        long[] s = new long[rest.length + 1];
        s[0] = first;
        System.arraycopy(rest, 0, s, 1, rest.length);
        return s;
    }

    private static void restore(String key, String previous) {
        if (previous == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, previous);
        }
    }
}
