package org.keras4j.layers.rnn;

import java.util.List;
import java.util.Map;
import org.keras4j.framework.activations.Activation;
import org.keras4j.framework.activations.Activations;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.RnnOps;
import org.keras4j.framework.autodiff.SequenceOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.registry.Config;

/**
 * Gated Recurrent Unit (Cho et al. 2014), as Keras's {@code keras.layers.GRU}. Gate blocks along
 * the last axis are {@code z} (update), {@code r} (reset), {@code h} (candidate):
 * <ul>
 *   <li>{@code reset_after=true} (Keras 3 default): {@code hU = h @ recurrent_kernel + b_rec};
 *       {@code z = ra(xz + hUz)}, {@code r = ra(xr + hUr)}, {@code hh = a(xh + r * hUh)}.</li>
 *   <li>{@code reset_after=false} (Keras 2): {@code hh = a(xh + (r * h) @ recurrent_kernel_h)}.</li>
 * </ul>
 * then {@code h' = z * h + (1 - z) * hh}, where {@code x* = x_t @ kernel + b_in}. Weights: kernel
 * {@code (features, 3 units)}, recurrent_kernel {@code (units, 3 units)}, bias {@code (2, 3 units)}
 * (input and recurrent biases) with reset_after, else {@code (3 units)}.
 *
 * <pre>{@code new GRU(32).returnSequences(true)}</pre>
 *
 * <p>Defaults as Keras 3: activation tanh, recurrent_activation sigmoid, reset_after true.
 * Runs as a loop of per-step ops recorded on the tape (libnd4j's {@code gru} op has neither
 * reset_after nor configurable activations).
 */
public class GRU extends Recurrent<GRU> {
    private Activation recurrentActivation = Activations.get("sigmoid");
    private boolean resetAfter = true;
    private Variable kernel;
    private Variable recurrentKernel;
    private Variable bias;
    // per call: the recurrent kernel split once, so each step multiplies without slicing weights again
    private Tensor recurrentZr;
    private Tensor recurrentH;
    private Tensor recurrentBias;

    public GRU(int units) {
        super(units);
    }

    public GRU(int units, Object activation) {
        super(units);
        activation(activation);
    }

    public GRU recurrentActivation(Object recurrentActivation) {
        requireUnbuilt();
        this.recurrentActivation = Activations.get(recurrentActivation);
        return this;
    }

    /** Apply the reset gate after the recurrent product (Keras 3, cuDNN) or before it (Keras 2). */
    public GRU resetAfter(boolean resetAfter) {
        requireUnbuilt();
        this.resetAfter = resetAfter;
        return this;
    }

    @Override
    public int stateCount() {
        return 1;
    }

    @Override
    protected void buildCell(long inputDim) {
        kernel = addWeight("kernel", new long[] {inputDim, 3L * units}, kernelInitializer, kernelRegularizer, true);
        recurrentKernel = addWeight("recurrent_kernel", new long[] {units, 3L * units}, recurrentInitializer, recurrentRegularizer, true);
        if (useBias) {
            long[] shape = resetAfter ? new long[] {2, 3L * units} : new long[] {3L * units};
            bias = addWeight("bias", shape, biasInitializer, biasRegularizer, true);
        }
    }

    /**
     * The whole sequence as {@link RnnOps#gru} for Keras's default GRU (reset after, tanh candidate,
     * sigmoid gates) in float32 on the CPU; other configurations run the step loop.
     */
    @Override
    protected Result fused(Tensor inputs, Tensor[] initialStates) {
        if (!resetAfter || !"tanh".equals(builtinName(activation)) || !"sigmoid".equals(builtinName(recurrentActivation))
                || !RnnOps.canRunHostCells(inputs)) {
            return null;
        }
        Tensor inputBias = bias == null ? null : Ops.reshape(SequenceOps.slice(bias, 0, 0, 1), 3L * units);
        Tensor hiddenBias = bias == null ? null : Ops.reshape(SequenceOps.slice(bias, 0, 1, 2), 3L * units);
        Tensor sequence = RnnOps.gru(inputs, kernel, recurrentKernel, inputBias, hiddenBias, initialStates[0]);
        Tensor last = SequenceOps.timestep(sequence, inputs.size(1) - 1);
        return new Result(returnSequences ? sequence : last, List.of(last));
    }

    @Override
    protected Tensor inputProjection(Tensor inputs) {
        Tensor inputBias = bias;
        recurrentBias = null;
        if (bias != null && resetAfter) {
            inputBias = Ops.reshape(SequenceOps.slice(bias, 0, 0, 1), 3L * units);
            recurrentBias = Ops.reshape(SequenceOps.slice(bias, 0, 1, 2), 3L * units);
        }
        if (!resetAfter) {
            recurrentZr = SequenceOps.slice(recurrentKernel, 1, 0, 2L * units);
            recurrentH = SequenceOps.slice(recurrentKernel, 1, 2L * units, 3L * units);
        }
        return project(inputs, kernel, inputBias);
    }

    @Override
    protected Tensor[] step(Tensor projected, Tensor[] states, Tensor hForProduct) {
        Tensor h = states[0];
        Tensor xz = SequenceOps.slice(projected, 1, 0, units);
        Tensor xr = SequenceOps.slice(projected, 1, units, 2L * units);
        Tensor xh = SequenceOps.slice(projected, 1, 2L * units, 3L * units);
        Tensor z;
        Tensor hh;
        if (resetAfter) {
            Tensor hu = Ops.matmul(hForProduct, recurrentKernel);
            if (recurrentBias != null) {
                hu = Ops.add(hu, recurrentBias);
            }
            z = recurrentActivation.apply(Ops.add(xz, SequenceOps.slice(hu, 1, 0, units)));
            Tensor r = recurrentActivation.apply(Ops.add(xr, SequenceOps.slice(hu, 1, units, 2L * units)));
            hh = activation.apply(Ops.add(xh, Ops.multiply(r, SequenceOps.slice(hu, 1, 2L * units, 3L * units))));
        } else {
            Tensor hu = Ops.matmul(hForProduct, recurrentZr);
            z = recurrentActivation.apply(Ops.add(xz, SequenceOps.slice(hu, 1, 0, units)));
            Tensor r = recurrentActivation.apply(Ops.add(xr, SequenceOps.slice(hu, 1, units, 2L * units)));
            hh = activation.apply(Ops.add(xh, Ops.matmul(Ops.multiply(r, hForProduct), recurrentH)));
        }
        // h' = z * h + (1 - z) * hh = hh + z * (h - hh)
        Tensor next = Ops.add(hh, Ops.multiply(z, Ops.subtract(h, hh)));
        return new Tensor[] {next};
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("recurrent_activation", Activations.serialize(recurrentActivation));
        c.put("reset_after", resetAfter);
        return c;
    }

    public static GRU fromConfig(Config c) {
        GRU layer = new GRU(c.getInt("units"));
        if (c.asMap().containsKey("recurrent_activation")) {
            layer.recurrentActivation(c.raw("recurrent_activation"));
        }
        layer.resetAfter(c.getBoolean("reset_after", true));
        return applyRecurrentConfig(c, layer);
    }
}
