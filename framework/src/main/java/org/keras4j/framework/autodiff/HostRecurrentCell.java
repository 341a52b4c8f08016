package org.keras4j.framework.autodiff;

import org.keras4j.framework.backend.HostFloats;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise half of a recurrent op whose step is two products, an input part
 * {@code W^T x_t + b} and a recurrent part {@code U^T h}, each {@code (G u, B)} for G gates
 * ({@link HostGruCell}, {@link HostSimpleRnnCell}; see {@code RnnOps.hostRecurrence}). Arrays are
 * transposed, {@code (rows, batch)}; a step's input part and both part gradients are views whose rows
 * may lie apart (each row contiguous). One instance serves one forward and one backward pass.
 */
interface HostRecurrentCell {
    /** Step {@code t} from its two parts; writes the step's output {@code h} into {@code out}. */
    void forward(int t, INDArray inputPart, INDArray recurrentPart, INDArray out);

    void startBackward();

    /**
     * Step {@code t} backward: {@code dOut} reaches {@code h_t} from outside, {@code dhFromNext} through
     * the next step's recurrent product (null for the last step); writes the gradients of the two parts.
     */
    void backward(int t, INDArray dOut, INDArray dhFromNext, INDArray dInputPart, INDArray dRecurrentPart);

    /** After step 0's backward: the initial state's gradient, {@code (u, B)}, given the first recurrent product's. */
    INDArray initialStateGradient(INDArray dhFromFirst, long[] shape);

    /**
     * The two gradients reaching a step's output, into host arrays: {@code dOut} from outside into
     * {@code dh}, {@code dhFromNext} from the next step into {@code dhRecurrent} (left as it is, zeros,
     * when null: the last step). Shared by every host cell, {@link HostLstmCell} included.
     */
    static void readStepGradients(INDArray dOut, INDArray dhFromNext, float[] dh, float[] dhRecurrent) {
        HostFloats.read(dOut, dh);
        if (dhFromNext != null) {
            HostFloats.read(dhFromNext, dhRecurrent);
        }
    }
}
