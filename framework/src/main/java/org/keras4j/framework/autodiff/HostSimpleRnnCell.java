package org.keras4j.framework.autodiff;

import org.keras4j.framework.backend.HostFloats;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise half of {@link RnnOps#simpleRnn} ({@code h = tanh(W^T x + b + U^T hPrev)}) as host
 * loops over float32 copies, like {@link HostLstmCell}: arrays are transposed, {@code (u, B)}.
 */
final class HostSimpleRnnCell {
    private final int n;
    private final float[][] outputs;
    private float[] dh;
    private float[] dhRecurrent;

    HostSimpleRnnCell(long steps, long units, long batch) {
        n = (int) (units * batch);
        outputs = new float[(int) steps][];
    }

    /** Step {@code t}: {@code h = tanh(pre)}, written into {@code out}. */
    void forward(int t, INDArray pre, INDArray out) {
        float[] h = HostFloats.read(pre);
        for (int j = 0; j < n; j++) {
            h[j] = RationalTanh.tanh(h[j]);
        }
        outputs[t] = h;
        HostFloats.write(h, out);
    }

    void startBackward() {
        dh = new float[n];
        dhRecurrent = new float[n];
    }

    /**
     * Step {@code t} backward: {@code dOut} reaches {@code h_t} from outside, {@code dhFromNext} through
     * the next step's recurrent product (null for the last step); writes the pre-activation's
     * gradient, {@code (dOut + dhFromNext) (1 - h^2)}, into {@code dPre}.
     */
    void backward(int t, INDArray dOut, INDArray dhFromNext, INDArray dPre) {
        HostFloats.read(dOut, dh);
        if (dhFromNext != null) {
            HostFloats.read(dhFromNext, dhRecurrent); // else still zeros: the last step
        }
        float[] h = outputs[t];
        for (int j = 0; j < n; j++) {
            dh[j] = (dh[j] + dhRecurrent[j]) * (1f - h[j] * h[j]);
        }
        HostFloats.write(dh, dPre);
    }
}
