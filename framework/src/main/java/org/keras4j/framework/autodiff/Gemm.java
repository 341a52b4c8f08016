package org.keras4j.framework.autodiff;

import org.keras4j.framework.backend.ReusedArrays;
import org.keras4j.framework.backend.SystemBlas;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where the ops' matrix products run: the machine's OpenBLAS ({@link SystemBlas}) when it has one,
 * except once oneDNN runs this process's products ({@link PlatformHelpers}: between oneDNN
 * convolutions, other BLAS threads slow the whole step), else ND4J.
 */
final class Gemm {
    /** Off in tests that check the ND4J route; the system library is used when available otherwise. */
    static volatile boolean systemAllowed = true;

    private Gemm() {
    }

    /**
     * {@code c = op(a) op(b) + beta c}, where op transposes when asked; {@code c} may be a view. Else
     * libnd4j's matmul op, which takes the transposes as flags (2-3x faster here than multiplying a
     * transposed view, which it copies first) and runs through oneDNN where {@link PlatformHelpers} says so.
     */
    static void into(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double beta) {
        if (!system(a, b, c, transA, transB, beta)) {
            Nodes.exec("matmul", new INDArray[] {a, b}, new INDArray[] {c}, new double[] {1.0, beta},
                    new int[] {transA ? 1 : 0, transB ? 1 : 0, 0});
        }
    }

    /** {@code a b} into a new array. */
    static INDArray of(INDArray a, INDArray b) {
        return of(a, b, false, false);
    }

    /**
     * {@code op(a) op(b)} for matrices into a new uninitialised array: inside a {@link ReusedArrays}
     * scope (a training step's gradients) one reused from the previous step.
     */
    static INDArray of(INDArray a, INDArray b, boolean transA, boolean transB) {
        INDArray c = ReusedArrays.uninitialized(a.dataType(), a.shape()[transA ? 1 : 0], b.shape()[transB ? 0 : 1]);
        into(a, b, c, transA, transB, 0.0);
        return c;
    }

    /** {@code c = op(a) op(b) + beta c} through the system's OpenBLAS; false, having done nothing, where that is not used. */
    private static boolean system(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double beta) {
        return systemAllowed && SystemBlas.available() && !PlatformHelpers.helps("matmul")
                && SystemBlas.gemm(a, b, c, transA, transB, 1.0, beta);
    }
}
