package org.keras4j.framework.autodiff;

import org.keras4j.framework.backend.SystemBlas;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Where the ops' matrix products run: the machine's OpenBLAS ({@link SystemBlas}) when it has one,
 * except once oneDNN runs this process's products ({@link PlatformHelpers}: between oneDNN
 * convolutions, other BLAS threads slow the whole step), else ND4J.
 */
final class Gemm {
    private Gemm() {
    }

    /** {@code c = op(a) op(b) + beta c}, where op transposes when asked. */
    static void into(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double beta) {
        if (!system(a, b, c, transA, transB, beta)) {
            Nd4j.gemm(a, b, c, transA, transB, 1.0, beta);
        }
    }

    /** {@code a b} into a new array. */
    static INDArray of(INDArray a, INDArray b) {
        INDArray c = Nd4j.createUninitialized(a.dataType(), a.size(0), b.size(1));
        into(a, b, c, false, false, 0.0);
        return c;
    }

    /** {@code c = op(a) op(b) + beta c} through the system's OpenBLAS; false, having done nothing, where that is not used. */
    static boolean system(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double beta) {
        return SystemBlas.available() && !PlatformHelpers.helps("matmul") && SystemBlas.gemm(a, b, c, transA, transB, 1.0, beta);
    }
}
