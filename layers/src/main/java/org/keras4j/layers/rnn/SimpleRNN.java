package org.keras4j.layers.rnn;

import java.util.List;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.RnnOps;
import org.keras4j.framework.autodiff.SequenceOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.registry.Config;

/**
 * Fully-connected RNN, as Keras's {@code keras.layers.SimpleRNN}: each step
 * {@code h' = activation(x_t @ kernel + h @ recurrent_kernel + bias)}; the output is {@code h}.
 * Weights: kernel {@code (features, units)}, recurrent_kernel {@code (units, units)}, bias {@code (units)}.
 *
 * <pre>{@code new SimpleRNN(32).returnSequences(true)}</pre>
 *
 * <p>Defaults as Keras 3: activation tanh, use_bias true, glorot_uniform kernel, orthogonal
 * recurrent kernel, zero bias, no dropout; see {@link Recurrent} for the sequence arguments.
 */
public class SimpleRNN extends Recurrent<SimpleRNN> {
    private Variable kernel;
    private Variable recurrentKernel;
    private Variable bias;

    public SimpleRNN(int units) {
        super(units);
    }

    public SimpleRNN(int units, Object activation) {
        super(units);
        activation(activation);
    }

    @Override
    public int stateCount() {
        return 1;
    }

    @Override
    protected void buildCell(long inputDim) {
        kernel = addWeight("kernel", new long[] {inputDim, units}, kernelInitializer, kernelRegularizer, true);
        recurrentKernel = addWeight("recurrent_kernel", new long[] {units, units}, recurrentInitializer, recurrentRegularizer, true);
        if (useBias) {
            bias = addWeight("bias", new long[] {units}, biasInitializer, biasRegularizer, true);
        }
    }

    /** The whole sequence as {@link RnnOps#simpleRnn} for tanh in float32 on the CPU; else the step loop. */
    @Override
    protected Result fused(Tensor inputs, Tensor[] initialStates) {
        if (!"tanh".equals(builtinName(activation)) || !RnnOps.canRunHostCells(inputs)) {
            return null;
        }
        Tensor sequence = RnnOps.simpleRnn(inputs, kernel, recurrentKernel, bias, initialStates[0]);
        Tensor last = SequenceOps.timestep(sequence, inputs.size(1) - 1);
        return new Result(returnSequences ? sequence : last, List.of(last));
    }

    @Override
    protected Tensor inputProjection(Tensor inputs) {
        return project(inputs, kernel, bias);
    }

    @Override
    protected Tensor[] step(Tensor projected, Tensor[] states, Tensor hForProduct) {
        Tensor h = activation.apply(Ops.add(projected, Ops.matmul(hForProduct, recurrentKernel)));
        return new Tensor[] {h};
    }

    public static SimpleRNN fromConfig(Config c) {
        return applyRecurrentConfig(c, new SimpleRNN(c.getInt("units")));
    }
}
