package org.keras4j.framework.autodiff;

import org.keras4j.framework.backend.HostFloats;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The element-wise half of {@link RnnOps#simpleRnn}, {@code h = tanh(inputPart + recurrentPart)}, as
 * host loops over float32 copies, like {@link HostLstmCell}: arrays are transposed, {@code (u, B)}.
 */
final class HostSimpleRnnCell implements HostRecurrentCell {
    private final int n;
    private final float[][] outputs;
    private float[] dh;
    private float[] dhRecurrent;

    HostSimpleRnnCell(long steps, INDArray h0) {
        n = (int) h0.length();
        outputs = new float[(int) steps][];
    }

    @Override
    public void forward(int t, INDArray inputPart, INDArray recurrentPart, INDArray out) {
        float[] h = new float[n];
        HostFloats.readRows(inputPart, 0, h);
        float[] rec = HostFloats.read(recurrentPart);
        for (int j = 0; j < n; j++) {
            h[j] = RationalTanh.tanh(h[j] + rec[j]);
        }
        outputs[t] = h;
        HostFloats.write(h, out);
    }

    @Override
    public void startBackward() {
        dh = new float[n];
        dhRecurrent = new float[n];
    }

    /** Both parts get the pre-activation's gradient, {@code (dOut + dhFromNext) (1 - h^2)}. */
    @Override
    public void backward(int t, INDArray dOut, INDArray dhFromNext, INDArray dInputPart, INDArray dRecurrentPart) {
        HostRecurrentCell.readStepGradients(dOut, dhFromNext, dh, dhRecurrent);
        float[] h = outputs[t];
        for (int j = 0; j < n; j++) {
            dh[j] = (dh[j] + dhRecurrent[j]) * (1f - h[j] * h[j]);
        }
        HostFloats.writeRows(dh, dInputPart, 0);
        HostFloats.writeRows(dh, dRecurrentPart, 0);
    }

    /** No path from the initial state but the recurrent product. */
    @Override
    public INDArray initialStateGradient(INDArray dhFromFirst, long[] shape) {
        return dhFromFirst;
    }
}
