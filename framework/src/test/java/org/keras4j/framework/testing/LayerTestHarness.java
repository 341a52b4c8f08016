package org.keras4j.framework.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.saving.Models;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The contract every layer passes (Keras's {@code run_layer_test}): output shape from a real call
 * and from {@code computeOutputShape}, parameter count, config round trip through the registry
 * (the rebuilt layer has the same config and, given the same weights, the same output), save/load
 * round trip (the layer in a Sequential model saved to a file and loaded back predicts the same), one
 * gradient-descent step lowers a squared-error loss, and float64 finite-difference gradients with
 * respect to the input and every trainable weight.
 *
 * <pre>{@code
 * LayerTestHarness.of(() -> new Dense(3, "tanh")).inputShape(2, 4).expectOutputShape(2, 3).expectParams(15).run();
 * }</pre>
 */
public final class LayerTestHarness {
    private final Supplier<? extends Layer> factory;
    private long[] inputShape;
    private long[] expectedOutput;
    private long expectedParams = -1;
    private boolean gradientInTraining = true;
    private boolean checkInputGradient = true;
    private double inputLow = -1;
    private double inputHigh = 1;

    private LayerTestHarness(Supplier<? extends Layer> factory) {
        this.factory = factory;
    }

    /** @param factory makes a fresh, unbuilt layer each time (it is called several times) */
    public static LayerTestHarness of(Supplier<? extends Layer> factory) {
        return new LayerTestHarness(factory);
    }

    /** The concrete input shape, batch axis included. */
    public LayerTestHarness inputShape(long... shape) {
        this.inputShape = shape;
        return this;
    }

    public LayerTestHarness expectOutputShape(long... shape) {
        this.expectedOutput = shape;
        return this;
    }

    public LayerTestHarness expectParams(long n) {
        this.expectedParams = n;
        return this;
    }

    /** Check gradients in inference mode (for layers whose training mode is random, e.g. Dropout). */
    public LayerTestHarness gradientInInference() {
        this.gradientInTraining = false;
        return this;
    }

    /** Range of the random inputs (to keep away from kinks, say). */
    public LayerTestHarness inputRange(double low, double high) {
        this.inputLow = low;
        this.inputHigh = high;
        return this;
    }

    /** For layers whose input is not differentiable (e.g. integer indices). */
    public LayerTestHarness noInputGradient() {
        this.checkInputGradient = false;
        return this;
    }

    public void run() {
        Backend.setRandomSeed(7);
        checkShapesAndParams();
        checkConfigRoundTrip();
        checkSaveLoadRoundTrip();
        checkTrainingStepLowersLoss();
        checkGradients();
    }

    private INDArray randomInput(DataType type) {
        return Nd4j.rand(type, inputShape).muli(inputHigh - inputLow).addi(inputLow);
    }

    private void checkShapesAndParams() {
        Layer layer = factory.get();
        Tensor out = layer.apply(Tensor.constant(randomInput(Backend.floatx())), false);
        if (expectedOutput != null) {
            assertArrayEquals(expectedOutput, out.shape(), layer + ": output shape");
        }
        Shape predicted = layer.computeOutputShape(Shape.of(inputShape).withBatch(Shape.NONE));
        assertTrue(predicted.isCompatibleWith(out.shape()),
                layer + ": computeOutputShape gave " + predicted + " but call produced " + Shape.format(out.shape()));
        if (expectedParams >= 0) {
            assertEquals(expectedParams, layer.countParams(), layer + ": parameter count");
        }
    }

    private void checkConfigRoundTrip() {
        Layer original = factory.get();
        INDArray x = randomInput(Backend.floatx());
        INDArray expected = original.apply(Tensor.constant(x), false).value();
        Layer rebuilt = Registry.get().create(Kind.LAYER, original.className(), Config.of(original.getConfig()), Layer.class);
        assertEquals(original.getConfig(), rebuilt.getConfig(), original + ": config round trip");
        rebuilt.ensureBuilt(Shape.of(inputShape).withBatch(Shape.NONE));
        assertEquals(original.weights().size(), rebuilt.weights().size(), original + ": weights after round trip");
        for (int i = 0; i < original.weights().size(); i++) {
            rebuilt.weights().get(i).assign(original.weights().get(i).value());
        }
        INDArray actual = rebuilt.apply(Tensor.constant(x), false).value();
        assertTrue(expected.equalsWithEps(actual, 1e-6), original + ": rebuilt layer computes something else");
    }

    private void checkSaveLoadRoundTrip() {
        Layer layer = factory.get();
        Sequential model = new Sequential(new Input(java.util.Arrays.copyOfRange(inputShape, 1, inputShape.length)), layer);
        INDArray x = randomInput(Backend.floatx());
        INDArray expected = model.predict(x);
        try {
            java.nio.file.Path file = java.nio.file.Files.createTempFile("keras4j-harness", ".keras4j");
            try {
                model.save(file);
                Model back = Models.load(file);
                assertTrue(expected.equalsWithEps(back.predict(x), 0), layer + ": the model loaded from a file predicts something else");
            } finally {
                java.nio.file.Files.deleteIfExists(file);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void checkTrainingStepLowersLoss() {
        Layer layer = factory.get();
        INDArray x = randomInput(Backend.floatx());
        layer.ensureBuilt(Shape.of(inputShape).withBatch(Shape.NONE));
        List<Variable> weights = layer.trainableWeights();
        if (weights.isEmpty()) {
            return;
        }
        INDArray target = null;
        double before;
        try (GradientTape tape = new GradientTape()) {
            Tensor out = layer.apply(Tensor.constant(x), gradientInTraining);
            target = Nd4j.rand(out.dataType(), out.shape());
            Tensor loss = squaredError(out, target);
            before = loss.scalar();
            List<INDArray> grads = tape.gradient(loss, weights);
            for (int i = 0; i < weights.size(); i++) {
                weights.get(i).value().subi(grads.get(i).mul(1e-2));
            }
        }
        Backend.setRandomSeed(7);
        double after = squaredError(layer.apply(Tensor.constant(x), gradientInTraining), target).scalar();
        assertTrue(after < before, layer + ": one gradient step should lower the loss, but it went " + before + " -> " + after);
    }

    private static Tensor squaredError(Tensor out, INDArray target) {
        return Ops.mean(Ops.square(Ops.subtract(out, Tensor.constant(target))));
    }

    private void checkGradients() {
        GradientCheck.inFloat64(() -> {
            Layer layer = factory.get();
            Variable input = new Variable("input", randomInput(DataType.DOUBLE), checkInputGradient);
            layer.ensureBuilt(Shape.of(inputShape).withBatch(Shape.NONE));
            List<Variable> wrt = new ArrayList<>(layer.trainableWeights());
            if (checkInputGradient) {
                wrt.add(0, input);
            }
            if (wrt.isEmpty()) {
                return;
            }
            boolean training = gradientInTraining;
            GradientCheck.check(args -> {
                if (training) {
                    Backend.setRandomSeed(11); // identical randomness in every evaluation
                }
                return layer.apply(args.get(0), training);
            }, List.of(input), wrt);
        });
    }
}
