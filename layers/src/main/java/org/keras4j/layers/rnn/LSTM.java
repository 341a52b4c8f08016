package org.keras4j.layers.rnn;

import java.util.List;
import java.util.Map;
import org.keras4j.framework.activations.Activation;
import org.keras4j.framework.activations.Activations;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.RnnOps;
import org.keras4j.framework.autodiff.SequenceOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.initializers.Initializer;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Long Short-Term Memory layer (Hochreiter 1997), as Keras's {@code keras.layers.LSTM}. Each step
 * {@code z = x_t @ kernel + h @ recurrent_kernel + bias} is split into gates {@code i, f, c, o};
 * {@code c' = ra(f) * c + ra(i) * a(c)} and {@code h' = ra(o) * a(c')}, with {@code a = activation}
 * and {@code ra = recurrent_activation}. Weights (Keras's layout, gate blocks i, f, c, o along the
 * last axis): kernel {@code (features, 4 units)}, recurrent_kernel {@code (units, 4 units)}, bias
 * {@code (4 units)}. States: {@code [h, c]}.
 *
 * <pre>{@code new LSTM(128)                                  // (batch, 28, 28) -> (batch, 128)}</pre>
 *
 * <p>Without a mask or recurrent dropout, and with Keras's default activations (tanh, sigmoid), the
 * whole sequence is one tape node ({@link RnnOps#lstm}: batched GEMMs over all timesteps, gates kept
 * for the backward pass); otherwise a loop of per-step ops. Defaults as Keras 3: activation tanh,
 * recurrent_activation sigmoid, unit_forget_bias true (forget-gate bias starts at 1).
 */
public class LSTM extends Recurrent<LSTM> {
    private Activation recurrentActivation = Activations.get("sigmoid");
    private boolean unitForgetBias = true;
    private Variable kernel;
    private Variable recurrentKernel;
    private Variable bias;

    public LSTM(int units) {
        super(units);
    }

    public LSTM(int units, Object activation) {
        super(units);
        activation(activation);
    }

    public LSTM recurrentActivation(Object recurrentActivation) {
        requireUnbuilt();
        this.recurrentActivation = Activations.get(recurrentActivation);
        return this;
    }

    public LSTM unitForgetBias(boolean unitForgetBias) {
        requireUnbuilt();
        this.unitForgetBias = unitForgetBias;
        return this;
    }

    @Override
    public int stateCount() {
        return 2;
    }

    @Override
    protected void buildCell(long inputDim) {
        kernel = addWeight("kernel", new long[] {inputDim, 4L * units}, kernelInitializer, kernelRegularizer, true);
        recurrentKernel = addWeight("recurrent_kernel", new long[] {units, 4L * units}, recurrentInitializer, recurrentRegularizer, true);
        if (useBias) {
            Initializer init = unitForgetBias ? new ForgetBiasInitializer(biasInitializer, units) : biasInitializer;
            bias = addWeight("bias", new long[] {4L * units}, init, biasRegularizer, true);
        }
    }

    @Override
    protected Result fused(Tensor inputs, Tensor[] initialStates) {
        if (!"tanh".equals(builtinName(activation)) || !"sigmoid".equals(builtinName(recurrentActivation))) {
            return null;
        }
        RnnOps.LstmResult r = RnnOps.lstm(inputs, kernel, recurrentKernel, bias, initialStates[0], initialStates[1]);
        return new Result(returnSequences ? r.sequence() : r.lastOutput(), List.of(r.lastOutput(), r.lastCell()));
    }

    @Override
    protected Tensor inputProjection(Tensor inputs) {
        return project(inputs, kernel, bias);
    }

    @Override
    protected Tensor[] step(Tensor projected, Tensor[] states, Tensor hForProduct) {
        Tensor z = Ops.add(projected, Ops.matmul(hForProduct, recurrentKernel));
        Tensor i = recurrentActivation.apply(SequenceOps.slice(z, 1, 0, units));
        Tensor f = recurrentActivation.apply(SequenceOps.slice(z, 1, units, 2L * units));
        Tensor g = activation.apply(SequenceOps.slice(z, 1, 2L * units, 3L * units));
        Tensor o = recurrentActivation.apply(SequenceOps.slice(z, 1, 3L * units, 4L * units));
        Tensor c = Ops.add(Ops.multiply(f, states[1]), Ops.multiply(i, g));
        Tensor h = Ops.multiply(o, activation.apply(c));
        return new Tensor[] {h, c};
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("recurrent_activation", Activations.serialize(recurrentActivation));
        c.put("unit_forget_bias", unitForgetBias);
        return c;
    }

    public static LSTM fromConfig(Config c) {
        LSTM layer = new LSTM(c.getInt("units"));
        if (c.asMap().containsKey("recurrent_activation")) {
            layer.recurrentActivation(c.raw("recurrent_activation"));
        }
        layer.unitForgetBias(c.getBoolean("unit_forget_bias", true));
        return applyRecurrentConfig(c, layer);
    }

    /** Keras's unit_forget_bias: the bias initializer for the i, c, o blocks and ones for the f block. */
    private record ForgetBiasInitializer(Initializer base, int units) implements Initializer {
        @Override
        public INDArray generate(long[] shape, org.nd4j.linalg.api.buffer.DataType type) {
            INDArray i = base.generate(new long[] {units}, type);
            INDArray f = Nd4j.ones(type, units);
            INDArray rest = base.generate(new long[] {2L * units}, type);
            return Nd4j.concat(0, i, f, rest);
        }

        @Override
        public Map<String, Object> getConfig() {
            return base.getConfig();
        }

        @Override
        public String className() {
            return base.className();
        }
    }
}
