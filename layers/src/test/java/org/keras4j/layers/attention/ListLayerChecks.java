package org.keras4j.layers.attention;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.keras4j.framework.autodiff.GradientTape;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.testing.GradientCheck;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layer contract of {@code LayerTestHarness} for layers called on a list of inputs: computed
 * output shapes, config round trip through the registry (same config, same output with the same
 * weights), one gradient step lowers a squared error, and float64 finite-difference gradients with
 * respect to every input and trainable weight, with masks attached to the inputs.
 */
final class ListLayerChecks {
    private ListLayerChecks() {
    }

    /** Runs every check; {@code masks.get(i)} (may be null) is attached to input i. */
    static void run(Supplier<? extends Layer> factory, List<long[]> inputShapes, List<INDArray> masks) {
        Backend.setRandomSeed(7);
        List<INDArray> xs = new ArrayList<>();
        for (long[] s : inputShapes) {
            xs.add(Nd4j.rand(DataType.FLOAT, s).subi(0.5).muli(2));
        }
        Layer original = factory.get();
        List<Tensor> out = original.apply(inputs(xs, masks, false), false);
        List<Shape> shapes = new ArrayList<>();
        for (long[] s : inputShapes) {
            shapes.add(Shape.of(s).withBatch(Shape.NONE));
        }
        List<Shape> predicted = original.computeOutputShapes(shapes);
        assertEquals(out.size(), predicted.size(), original + ": number of outputs");
        for (int i = 0; i < out.size(); i++) {
            assertTrue(predicted.get(i).isCompatibleWith(out.get(i).shape()), original + ": output " + i + " shape");
        }

        Layer rebuilt = Registry.get().create(Kind.LAYER, original.className(), Config.of(original.getConfig()), Layer.class);
        assertEquals(original.getConfig(), rebuilt.getConfig(), original + ": config round trip");
        rebuilt.ensureBuilt(shapes);
        for (int i = 0; i < original.weights().size(); i++) {
            rebuilt.weights().get(i).assign(original.weights().get(i).value());
        }
        INDArray again = rebuilt.apply(inputs(xs, masks, false), false).get(0).value();
        assertTrue(out.get(0).value().equalsWithEps(again, 1e-6), original + ": rebuilt layer computes something else");

        List<Variable> weights = original.trainableWeights();
        if (!weights.isEmpty()) {
            INDArray target = Nd4j.rand(DataType.FLOAT, out.get(0).shape());
            double before;
            try (GradientTape tape = new GradientTape()) {
                Tensor loss = squaredError(original.apply(inputs(xs, masks, false), false).get(0), target);
                before = loss.scalar();
                List<INDArray> grads = tape.gradient(loss, weights);
                for (int i = 0; i < weights.size(); i++) {
                    weights.get(i).value().subi(grads.get(i).mul(1e-2));
                }
            }
            double after = squaredError(original.apply(inputs(xs, masks, false), false).get(0), target).scalar();
            assertTrue(after < before, original + ": one gradient step should lower the loss: " + before + " -> " + after);
        }

        GradientCheck.inFloat64(() -> {
            Layer layer = factory.get();
            List<Variable> vars = new ArrayList<>();
            for (int i = 0; i < inputShapes.size(); i++) {
                Variable v = new Variable("input_" + i, xs.get(i).castTo(DataType.DOUBLE), true);
                v.setMask(masks == null ? null : masks.get(i));
                vars.add(v);
            }
            layer.ensureBuilt(shapes);
            List<Variable> wrt = new ArrayList<>(vars);
            wrt.addAll(layer.trainableWeights());
            GradientCheck.check(args -> layer.apply(args, false).get(0), vars, wrt);
        });
    }

    private static List<Tensor> inputs(List<INDArray> xs, List<INDArray> masks, boolean unused) {
        List<Tensor> out = new ArrayList<>();
        for (int i = 0; i < xs.size(); i++) {
            out.add(Tensor.constant(xs.get(i)).setMask(masks == null ? null : masks.get(i)));
        }
        return out;
    }

    private static Tensor squaredError(Tensor out, INDArray target) {
        return Ops.mean(Ops.square(Ops.subtract(out, Tensor.constant(target))));
    }
}
