package org.keras4j.framework.autodiff;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.keras4j.framework.testing.GradientCheck.check;
import static org.keras4j.framework.testing.GradientCheck.inFloat64;
import static org.keras4j.framework.testing.GradientCheck.uniform;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link ConvOps} against hand-computed values and float64 finite differences. */
class ConvOpsTest {
    private static final int[] ONE2 = {1, 1};

    private static Tensor c(INDArray a) {
        return Tensor.constant(a);
    }

    @Test
    void conv1dValidSameAndCausalByHand() {
        // x = 1..5 on one channel, kernel [1, 10] (tap 0 multiplies x[t], tap 1 x[t+1])
        INDArray x = Nd4j.create(new double[] {1, 2, 3, 4, 5}, 1, 5, 1);
        INDArray k = Nd4j.create(new double[] {1, 10}, 2, 1, 1);
        double[] valid = ConvOps.conv1d(c(x), c(k), null, 1, "valid", 1, 1, false).value().data().asDouble();
        assertArrayEquals(new double[] {21, 32, 43, 54}, valid, 1e-12);
        // same with even kernel: TensorFlow pads 0 before and 1 after
        double[] same = ConvOps.conv1d(c(x), c(k), null, 1, "same", 1, 1, false).value().data().asDouble();
        assertArrayEquals(new double[] {21, 32, 43, 54, 5}, same, 1e-12);
        // causal: one zero before, so y[t] = x[t-1] + 10 x[t]
        double[] causal = ConvOps.conv1d(c(x), c(k), null, 1, "causal", 1, 1, false).value().data().asDouble();
        assertArrayEquals(new double[] {10, 21, 32, 43, 54}, causal, 1e-12);
        // causal with dilation 2 and stride 2: y[t] = x[2t-2] + 10 x[2t]
        double[] dilated = ConvOps.conv1d(c(x), c(k), null, 2, "causal", 2, 1, false).value().data().asDouble();
        assertArrayEquals(new double[] {10, 31, 53}, dilated, 1e-12);
    }

    @Test
    void conv2dSameEvenInputAndChannelsFirstAgree() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, 2, 4, 6, 3);
        INDArray k = Nd4j.rand(DataType.DOUBLE, 3, 3, 3, 5);
        INDArray b = Nd4j.rand(DataType.DOUBLE, 5);
        INDArray last = ConvOps.conv2d(c(x), c(k), c(b), new int[] {2, 2}, "same", ONE2, 1, false).value();
        assertArrayEquals(new long[] {2, 2, 3, 5}, last.shape());
        INDArray first = ConvOps.conv2d(c(x.permute(0, 3, 1, 2).dup()), c(k), c(b), new int[] {2, 2}, "same", ONE2, 1, true).value();
        assertEquals(last, first.permute(0, 2, 3, 1));
        // output (0,0): TensorFlow pads 0 rows on top (total 1), so the window covers rows 0..2 -1 pad? total = (2-1)*2+3-4 = 1
        // -> top 0, bottom 1; cols: (3-1)*2+3-6 = 1 -> left 0. Window rows 0..2, cols 0..2.
        double expected = b.getDouble(0);
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                for (int ch = 0; ch < 3; ch++) {
                    expected += x.getDouble(0, i, j, ch) * k.getDouble(i, j, ch, 0);
                }
            }
        }
        assertEquals(expected, last.getDouble(0, 0, 0, 0), 1e-10);
    }

    @Test
    void averagePoolingSameLeavesPaddingOutOfTheDivisor() {
        INDArray x = Nd4j.create(new double[] {1, 2, 3, 4, 5}, 1, 5, 1);
        // pool 2 stride 2 same on 5: windows [1,2], [3,4], [5, pad] -> 1.5, 3.5, 5 (not 2.5)
        double[] avg = ConvOps.avgPool(c(x), new int[] {2}, new int[] {2}, "same", false).value().data().asDouble();
        assertArrayEquals(new double[] {1.5, 3.5, 5}, avg, 1e-12);
        INDArray neg = x.neg();
        // max of [-5, pad] is -5: padding is never chosen
        double[] max = ConvOps.maxPool(c(neg), new int[] {2}, new int[] {2}, "same", false).value().data().asDouble();
        assertArrayEquals(new double[] {-1, -3, -5}, max, 1e-12);
    }

    @Test
    void transposedConvolutionByHand() {
        // 1-D: x = [1, 2], kernel [1, 10], stride 2 valid -> [1, 10, 2, 20]
        INDArray x = Nd4j.create(new double[] {1, 2}, 1, 2, 1);
        INDArray k = Nd4j.create(new double[] {1, 10}, 2, 1, 1);
        double[] y = ConvOps.conv1dTranspose(c(x), c(k), null, 2, "valid", -1, 1, false).value().data().asDouble();
        assertArrayEquals(new double[] {1, 10, 2, 20}, y, 1e-12);
        // stride 3 > kernel 2: Keras 3 gives length 2*3 = 6, the uncovered tail is zero
        double[] wide = ConvOps.conv1dTranspose(c(x), c(k), null, 3, "valid", -1, 1, false).value().data().asDouble();
        assertArrayEquals(new double[] {1, 10, 0, 2, 20, 0}, wide, 1e-12);
        // kernel 3 [1, 10, 100], stride 1, same: full [1, 12, 120, 200] cropped by 1 in front -> [12, 120]
        INDArray k3 = Nd4j.create(new double[] {1, 10, 100}, 3, 1, 1);
        double[] same = ConvOps.conv1dTranspose(c(x), c(k3), null, 1, "same", -1, 1, false).value().data().asDouble();
        assertArrayEquals(new double[] {12, 120}, same, 1e-12);
    }

    @Test
    void gradientsOfConvolutions() {
        inFloat64(() -> {
            check(t -> ConvOps.conv1d(t.get(0), t.get(1), t.get(2), 2, "same", 1, 1, false),
                    uniform(-1, 1, 2, 7, 3), uniform(-1, 1, 3, 3, 4), uniform(-1, 1, 4));
            check(t -> ConvOps.conv1d(t.get(0), t.get(1), null, 1, "causal", 2, 1, false),
                    uniform(-1, 1, 2, 6, 2), uniform(-1, 1, 2, 2, 3));
            check(t -> ConvOps.conv1d(t.get(0), t.get(1), t.get(2), 1, "valid", 1, 2, true),
                    uniform(-1, 1, 2, 4, 6), uniform(-1, 1, 3, 2, 4), uniform(-1, 1, 4));
            check(t -> ConvOps.conv2d(t.get(0), t.get(1), t.get(2), new int[] {2, 1}, "same", ONE2, 1, false),
                    uniform(-1, 1, 2, 6, 5, 2), uniform(-1, 1, 3, 2, 2, 3), uniform(-1, 1, 3));
            check(t -> ConvOps.conv2d(t.get(0), t.get(1), t.get(2), ONE2, "valid", new int[] {2, 2}, 2, true),
                    uniform(-1, 1, 2, 4, 6, 6), uniform(-1, 1, 2, 2, 2, 4), uniform(-1, 1, 4));
            check(t -> ConvOps.conv3d(t.get(0), t.get(1), t.get(2), new int[] {1, 2, 1}, "same", new int[] {1, 1, 1}, 1, false),
                    uniform(-1, 1, 2, 3, 4, 3, 2), uniform(-1, 1, 2, 3, 2, 2, 3), uniform(-1, 1, 3));
            check(t -> ConvOps.depthwiseConv2d(t.get(0), t.get(1), t.get(2), new int[] {2, 2}, "same", ONE2, false),
                    uniform(-1, 1, 2, 5, 4, 3), uniform(-1, 1, 3, 3, 3, 2), uniform(-1, 1, 6));
        });
    }

    @Test
    void gradientsOfTransposedConvolutions() {
        inFloat64(() -> {
            check(t -> ConvOps.conv2dTranspose(t.get(0), t.get(1), t.get(2), new int[] {2, 2}, "same", null, ONE2, false),
                    uniform(-1, 1, 2, 3, 4, 2), uniform(-1, 1, 3, 2, 3, 2), uniform(-1, 1, 3));
            check(t -> ConvOps.conv2dTranspose(t.get(0), t.get(1), null, new int[] {2, 3}, "valid", new int[] {1, 2}, ONE2, true),
                    uniform(-1, 1, 2, 2, 3, 3), uniform(-1, 1, 3, 2, 3, 2));
            check(t -> ConvOps.conv1dTranspose(t.get(0), t.get(1), t.get(2), 2, "same", -1, 1, false),
                    uniform(-1, 1, 2, 4, 3), uniform(-1, 1, 3, 2, 3), uniform(-1, 1, 2));
        });
    }

    @Test
    void gradientsOfPooling() {
        inFloat64(() -> {
            check(t -> ConvOps.maxPool(t.get(0), new int[] {2}, new int[] {2}, "same", false), uniform(-1, 1, 2, 7, 3));
            check(t -> ConvOps.avgPool(t.get(0), new int[] {3}, new int[] {2}, "same", true), uniform(-1, 1, 2, 3, 6));
            check(t -> ConvOps.maxPool(t.get(0), new int[] {2, 2}, new int[] {2, 2}, "valid", false), uniform(-1, 1, 2, 4, 6, 2));
            check(t -> ConvOps.avgPool(t.get(0), new int[] {3, 3}, new int[] {2, 2}, "same", false), uniform(-1, 1, 2, 5, 6, 2));
            check(t -> ConvOps.maxPool(t.get(0), new int[] {2, 2, 2}, new int[] {1, 2, 2}, "same", false), uniform(-1, 1, 1, 3, 4, 5, 2));
            check(t -> ConvOps.avgPool(t.get(0), new int[] {2, 2, 2}, new int[] {2, 2, 2}, "same", true), uniform(-1, 1, 1, 2, 3, 4, 5));
        });
    }

    @Test
    void gemmAndNativeConvolutionKernelsAgree() {
        inFloat64(() -> {
            int[][][] configs = { // strides, dilation
                    {{1, 1}, {1, 1}}, {{2, 2}, {1, 1}}, {{2, 1}, {1, 1}}, {{1, 1}, {2, 2}}};
            for (String padding : new String[] {"valid", "same"}) {
                for (int[][] cfg : configs) {
                    for (long size : new long[] {7, 8}) { // odd and even inputs
                        INDArray x = uniform(-1, 1, 2, size, size - 1, 3);
                        INDArray k = uniform(-1, 1, 3, 2, 3, 4);
                        INDArray b = uniform(-1, 1, 4);
                        INDArray gemm = ConvOps.conv2d(c(x), c(k), c(b), cfg[0], padding, cfg[1], 1, false).value();
                        System.setProperty("keras4j.conv2d", "native");
                        try {
                            INDArray nat = ConvOps.conv2d(c(x), c(k), c(b), cfg[0], padding, cfg[1], 1, false).value();
                            assertEquals(nat, gemm, padding + " " + java.util.Arrays.deepToString(cfg) + " size " + size);
                        } finally {
                            System.clearProperty("keras4j.conv2d");
                        }
                    }
                }
            }
        });
    }

    /**
     * Guards against build-specific caching bugs (an nd4j-native oneDNN build returned wrong results
     * once an op saw a batch size again after another): the same samples give the same outputs and
     * gradients whatever batch sizes came before.
     */
    @Test
    void resultsDoNotDependOnEarlierBatchSizes() {
        INDArray all = Nd4j.rand(DataType.FLOAT, 7, 9, 9, 3);
        INDArray k = Nd4j.rand(DataType.FLOAT, 3, 3, 3, 4).subi(0.5);
        INDArray b = Nd4j.rand(DataType.FLOAT, 4);
        java.util.function.Function<INDArray, INDArray[]> step = x -> {
            Variable in = new Variable("x", x, true);
            Variable kv = new Variable("k", k.dup(), true);
            try (GradientTape tape = new GradientTape()) {
                Tensor y = ConvOps.conv2d(in, kv, c(b), ONE2, "same", ONE2, 1, false);
                Tensor p = ConvOps.avgPool(ConvOps.maxPool(y, new int[] {2, 2}, new int[] {2, 2}, "same", false),
                        new int[] {2, 2}, new int[] {1, 1}, "valid", false);
                var grads = tape.gradient(Ops.sum(p), java.util.List.of(in));
                return new INDArray[] {p.value(), grads.get(0)};
            }
        };
        INDArray[] first = step.apply(all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)).dup());
        step.apply(all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 3)).dup());
        step.apply(all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 7)).dup());
        INDArray[] again = step.apply(all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 5)).dup());
        assertTrue(first[0].equalsWithEps(again[0], 1e-6), "forward changed after other batch sizes");
        assertTrue(first[1].equalsWithEps(again[1], 1e-6), "gradient changed after other batch sizes");
        INDArray[] alone = step.apply(all.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 5)).dup());
        assertTrue(alone[0].equalsWithEps(first[0].get(org.nd4j.linalg.indexing.NDArrayIndex.interval(4, 5)), 1e-5),
                "a sample's output depends on the batch it came in");
    }

    @Test
    void outputLengthsFollowKeras() {
        assertEquals(3, ConvOps.outputLength(7, 3, 2, 1, "valid"));
        assertEquals(4, ConvOps.outputLength(7, 3, 2, 1, "same"));
        assertEquals(4, ConvOps.outputLength(8, 3, 2, 1, "same"));
        assertEquals(3, ConvOps.outputLength(7, 3, 1, 2, "valid"));
        assertEquals(-1, ConvOps.outputLength(-1, 3, 1, 1, "same"));
        assertEquals(9, ConvOps.transposeOutputLength(4, 3, 2, 1, "valid", -1));
        assertEquals(8, ConvOps.transposeOutputLength(4, 3, 2, 1, "same", -1));
        assertEquals(8, ConvOps.transposeOutputLength(4, 3, 2, 1, "same", 1));
        var e = assertThrows(IllegalArgumentException.class, () -> ConvOps.outputLength(5, 3, 1, 1, "full"));
        assertEquals("padding must be one of 'valid', 'same', 'causal', received 'full'", e.getMessage());
    }
}
