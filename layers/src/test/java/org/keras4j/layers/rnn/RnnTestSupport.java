package org.keras4j.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.keras4j.framework.autodiff.GradientTape;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.testing.GradientCheck;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Checks shared by the recurrent layer tests: masked gradients, mask semantics, fused against step loop. */
final class RnnTestSupport {
    private RnnTestSupport() {
    }

    /** A (2, 4) mask: sample 0 has real steps 0..2, sample 1 steps 0..1 and 3 (a gap). */
    static INDArray mask() {
        return Nd4j.create(new double[][] {{1, 1, 1, 0}, {1, 1, 0, 1}});
    }

    /** Float64 finite-difference gradients of the layer run on (2, 4, 3) inputs carrying {@link #mask()}. */
    static void checkMaskedGradients(Supplier<? extends Layer> factory) {
        GradientCheck.inFloat64(() -> {
            Layer layer = factory.get();
            Variable input = new Variable("input", GradientCheck.uniform(-1, 1, 2, 4, 3), true);
            layer.ensureBuilt(Shape.of(-1, 4, 3));
            List<Variable> wrt = new ArrayList<>(layer.trainableWeights());
            wrt.add(0, input);
            INDArray m = mask();
            GradientCheck.check(args -> {
                // a new tensor carrying the mask (the variable itself is shared), the gradient flowing to the variable
                Tensor masked = org.keras4j.framework.autodiff.Ops.addScalar(args.get(0), 0.0).setMask(m);
                return layer.apply(masked, false);
            }, List.of(input), wrt);
        });
    }

    /**
     * A masked step changes nothing: for sample 1 (step 2 masked) the final output equals the
     * output of the unmasked run over steps 0, 1, 3 only.
     */
    static void checkMaskSkipsSteps(Supplier<? extends Recurrent<?>> factory) {
        Recurrent<?> layer = factory.get();
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 4, 3);
        INDArray masked = layer.apply(Tensor.constant(x).setMask(mask()), false).value();
        INDArray kept = Nd4j.concat(1, x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 2), org.nd4j.linalg.indexing.NDArrayIndex.all()),
                x.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2), org.nd4j.linalg.indexing.NDArrayIndex.interval(3, 4),
                        org.nd4j.linalg.indexing.NDArrayIndex.all()));
        INDArray direct = layer.apply(Tensor.constant(kept), false).value();
        assertTrue(direct.getRow(0).equalsWithEps(masked.getRow(1), 1e-5), "masked step must carry the state through: "
                + direct + " vs " + masked.getRow(1));
    }

    /**
     * The layer (built with return_state) in float32, where it runs its fused op with a host cell,
     * against the same layer and weights in float64, where it runs the step loop: same sequence,
     * state and input gradient on (3, 7, 5) inputs, within float32 precision.
     */
    static void checkFusedMatchesStepLoop(Supplier<? extends Recurrent<?>> factory) {
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.rand(DataType.DOUBLE, 3, 7, 5).subi(0.5).muli(4);
        Recurrent<?> fused = factory.get();
        fused.ensureBuilt(Shape.of(-1, 7, 5));
        INDArray[] f32 = outputsAndInputGradient(fused, x.castTo(DataType.FLOAT));
        INDArray[][] f64 = new INDArray[1][];
        GradientCheck.inFloat64(() -> {
            Recurrent<?> loop = factory.get();
            loop.ensureBuilt(Shape.of(-1, 7, 5));
            for (int i = 0; i < loop.weights().size(); i++) {
                loop.weights().get(i).assign(fused.weights().get(i).value().castTo(DataType.DOUBLE));
            }
            f64[0] = outputsAndInputGradient(loop, x);
        });
        String[] names = {"sequence", "state", "input gradient"};
        for (int k = 0; k < names.length; k++) {
            double diff = f32[k].castTo(DataType.DOUBLE).sub(f64[0][k]).amaxNumber().doubleValue();
            assertTrue(diff < 1e-5, names[k] + " differs by " + diff);
        }
    }

    private static INDArray[] outputsAndInputGradient(Layer layer, INDArray x) {
        Variable in = new Variable("x", x, true);
        try (GradientTape tape = new GradientTape()) {
            List<Tensor> out = layer.apply(List.of(in), false);
            Tensor target = Ops.add(Ops.sum(out.get(0)), Ops.sum(Ops.multiply(out.get(1), out.get(1))));
            return new INDArray[] {out.get(0).value().dup(), out.get(1).value().dup(), tape.gradient(target, in).dup()};
        }
    }
}
