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
    /** Off in tests that check the ND4J route; the system library is used when available otherwise. */
    static volatile boolean systemAllowed = true;

    private Gemm() {
    }

    /** {@code c = op(a) op(b) + beta c}, where op transposes when asked; {@code beta} is 0 or 1. */
    static void into(INDArray a, INDArray b, INDArray c, boolean transA, boolean transB, double beta) {
        if (system(a, b, c, transA, transB, beta)) {
            return;
        }
        if (!c.isView()) {
            Nd4j.gemm(a, b, c, transA, transB, 1.0, beta);
            return;
        }
        // ND4J's gemm writes only into arrays of their own (a step's gate block is a view)
        INDArray product = Nd4j.gemm(a, b, transA, transB);
        if (beta == 0) {
            c.assign(product);
        } else {
            c.addi(product);
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
        return systemAllowed && SystemBlas.available() && !PlatformHelpers.helps("matmul")
                && SystemBlas.gemm(a, b, c, transA, transB, 1.0, beta);
    }
}
