package org.keras4j.framework.layers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.losses.Reduction;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Masks travel with tensors through {@link Layer#apply}; list calls build, mask and name errors. */
class LayerMasksAndListsTest {

    /** Masks timesteps whose features are all zero, as Keras's Masking(0). */
    static final class ZeroMasking extends Layer {
        @Override
        public Tensor call(Tensor inputs, boolean training) {
            return Ops.multiplyScalar(inputs, 1.0);
        }

        @Override
        public INDArray computeMask(Tensor inputs, INDArray mask) {
            return inputs.value().amax(2).neq(0);
        }
    }

    /** An element-wise layer that passes masks on. */
    static final class Double extends Layer {
        @Override
        public Tensor call(Tensor inputs, boolean training) {
            return Ops.multiplyScalar(inputs, 2.0);
        }

        @Override
        public boolean supportsMasking() {
            return true;
        }
    }

    /** An element-wise layer that does not support masking. */
    static final class Negate extends Layer {
        @Override
        public Tensor call(Tensor inputs, boolean training) {
            return Ops.negative(inputs);
        }
    }

    /** Adds its two inputs; remembers the shapes it was built for. */
    static final class AddTwo extends Layer {
        List<Shape> builtFor;

        @Override
        public void build(List<Shape> inputShapes) {
            builtFor = inputShapes;
        }

        @Override
        public List<Tensor> call(List<Tensor> inputs, boolean training) {
            return List.of(Ops.add(inputs.get(0), inputs.get(1)));
        }
    }

    /** Wraps a ZeroMasking and returns its output: a mask computed inside stays (Keras 3). */
    static final class Wrapper extends Layer {
        final ZeroMasking inner = new ZeroMasking();

        @Override
        public Tensor call(Tensor inputs, boolean training) {
            return inner.apply(inputs, training);
        }
    }

    private static INDArray sequences() {
        // batch 2, 3 timesteps, 2 features; sample 0's last step and sample 1's last two steps are padding
        return Nd4j.createFromArray(new double[][][] {
            {{1, 2}, {3, 4}, {0, 0}},
            {{5, 6}, {0, 0}, {0, 0}}});
    }

    @Test
    void maskMadeByOneLayerPassesThroughSupportingLayersAndStopsAtOthers() {
        Tensor masked = new ZeroMasking().apply(Tensor.constant(sequences()), false);
        INDArray expected = Nd4j.createFromArray(new boolean[][] {{true, true, false}, {true, false, false}});
        assertEquals(expected, masked.mask());
        Tensor passed = new Double().apply(masked, false);
        assertEquals(expected, passed.mask());
        assertNull(new Negate().apply(masked, false).mask());
    }

    @Test
    void maskComputedByANestedLayerIsKept() {
        Tensor out = new Wrapper().apply(Tensor.constant(sequences()), false);
        assertEquals(Nd4j.createFromArray(new boolean[][] {{true, true, false}, {true, false, false}}), out.mask());
        assertEquals(out.mask(), new Wrapper().apply(List.of(Tensor.constant(sequences())), false).get(0).mask());
    }

    @Test
    void meanLossOfAMaskedOutputAveragesOnlyTheRealTimesteps() {
        Loss squares = new Loss("squares", Reduction.SUM_OVER_BATCH_SIZE) {
            @Override
            public Tensor call(INDArray yTrue, Tensor yPred) {
                return Ops.mean(Ops.square(Ops.subtract(yPred, Tensor.constant(yTrue))), false, 2);
            }

            @Override
            public String className() {
                return "Squares";
            }
        };
        Tensor yPred = new ZeroMasking().apply(Tensor.constant(sequences()), false);
        INDArray yTrue = Nd4j.zeros(DataType.DOUBLE, 2, 3, 2);
        // per-step losses: (1+4)/2, (9+16)/2, (25+36)/2 on the three real steps; their mean
        double expected = (2.5 + 12.5 + 30.5) / 3;
        assertEquals(expected, squares.compute(yTrue, yPred, null).scalar(), 1e-6);
        // sample weights multiply in: weight 2 on sample 1 doubles its one real step
        INDArray w = Nd4j.createFromArray(1.0, 2.0);
        assertEquals((2.5 + 12.5 + 2 * 30.5) / 3, squares.compute(yTrue, yPred, w).scalar(), 1e-6);
    }

    @Test
    void listCallBuildsFromEveryInputShape() {
        AddTwo add = new AddTwo();
        Tensor a = Tensor.constant(Nd4j.ones(DataType.DOUBLE, 4, 3));
        Tensor b = Tensor.constant(Nd4j.ones(DataType.DOUBLE, 4, 3).muli(2));
        List<Tensor> out = add.apply(List.of(a, b), false);
        assertEquals(1, out.size());
        assertEquals(3.0, out.get(0).value().getDouble(1, 2));
        assertEquals(List.of(Shape.of(Shape.NONE, 3), Shape.of(Shape.NONE, 3)), add.builtFor);
        assertEquals(add.buildShape(), Shape.of(Shape.NONE, 3));
    }

    @Test
    void singleTensorLayerAcceptsAOneElementListAndKeepsItsMask() {
        Tensor masked = new ZeroMasking().apply(Tensor.constant(sequences()), false);
        List<Tensor> out = new Double().apply(List.of(masked), false);
        assertEquals(1, out.size());
        assertSame(masked.mask(), out.get(0).mask());
        assertArrayEquals(new long[] {2, 3, 2}, out.get(0).shape());
    }

    @Test
    void wrongNumberOfInputsNamesTheLayer() {
        Negate neg = new Negate();
        neg.setName("neg");
        Tensor a = Tensor.constant(Nd4j.ones(DataType.DOUBLE, 1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> neg.apply(List.of(a, a), false));
        assertTrue(e.getMessage().contains("Layer \"neg\" expects 1 input, but received 2 inputs"), e.getMessage());
        AddTwo add = new AddTwo();
        add.setName("add");
        e = assertThrows(IllegalArgumentException.class, () -> add.apply(a, false));
        assertTrue(e.getMessage().contains("Layer \"add\" expects a list of inputs, but received one tensor of shape (None, 2)"),
                e.getMessage());
    }
}
