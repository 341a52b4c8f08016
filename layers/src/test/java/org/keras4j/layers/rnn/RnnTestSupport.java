package org.keras4j.layers.rnn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.testing.GradientCheck;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Checks shared by the recurrent layer tests: masked gradients and mask semantics. */
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
}
