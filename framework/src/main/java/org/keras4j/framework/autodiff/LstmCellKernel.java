package org.keras4j.framework.autodiff;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise half of {@link RnnOps#lstm}: gate activations, cell update and output of each
 * step, and their backward. The caller does the matrix products; every array here is transposed,
 * {@code (rows, batch)}, and a step's gate block {@code z} is {@code (4u, B)} in the internal order
 * i, f, o, g. A kernel keeps what its backward needs, so one instance serves one forward and one
 * backward pass.
 */
interface LstmCellKernel {
    /** Step {@code t}: turns the pre-activations {@code z} into the new state and writes the output {@code h}. */
    void forward(long t, INDArray z, INDArray h);

    /** The cell state after the last forward step, {@code (u, B)}. */
    INDArray lastCell();

    /** Starts the backward pass with the gradient reaching the last cell state from outside. */
    void startBackward(INDArray dLastCell);

    /**
     * Step {@code t} backward: {@code dOut} is the gradient reaching {@code h_t} from outside,
     * {@code dhNext} the one from step {@code t + 1} (null for the last step); writes the gate
     * gradients into {@code dz} (a view whose rows may lie apart: each row is contiguous) and carries
     * the cell gradient to step {@code t - 1}.
     * May overwrite {@code dOut}.
     */
    void backward(long t, INDArray dOut, INDArray dhNext, INDArray dz);

    /** After step 0's backward: the gradient of the initial cell state, {@code (u, B)}. */
    INDArray initialCellGradient();
}
