package org.keras4j.layers.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.testing.LayerTestHarness;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.pooling.MaxPooling2D;
import org.keras4j.layers.reshaping.Flatten;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class Conv2DTest {

    @Test
    void passesTheLayerContract() {
        LayerTestHarness.of(() -> new Conv2D(3, 3, "tanh")).inputShape(2, 5, 5, 2).expectOutputShape(2, 3, 3, 3).expectParams(57).run();
        // same padding, stride 2, odd (5) and even (6) sizes
        LayerTestHarness.of(() -> new Conv2D(2, 3).strides(2).padding("same")).inputShape(2, 5, 6, 2).expectOutputShape(2, 3, 3, 2).run();
        // even kernel with same padding: the extra padding goes at the end
        LayerTestHarness.of(() -> new Conv2D(2, new int[] {2, 3}, null).padding("same")).inputShape(1, 4, 5, 2).expectOutputShape(1, 4, 5, 2).run();
        LayerTestHarness.of(() -> new Conv2D(2, 2).dilationRate(2)).inputShape(2, 5, 6, 2).expectOutputShape(2, 3, 4, 2).run();
        LayerTestHarness.of(() -> new Conv2D(4, 3).groups(2).padding("same").kernelRegularizer("l2"))
                .inputShape(2, 4, 4, 4).expectOutputShape(2, 4, 4, 4).expectParams(3 * 3 * 2 * 4 + 4).run();
        LayerTestHarness.of(() -> new Conv2D(3, 2, "tanh").dataFormat("channels_first").strides(1, 2).useBias(false))
                .inputShape(2, 2, 4, 5).expectOutputShape(2, 3, 3, 2).expectParams(24).run();
    }

    @Test
    void computesTheSumOverTheWindowByHand() {
        Conv2D conv = new Conv2D(1, 2).biasInitializer("ones");
        conv.ensureBuilt(Shape.of(-1, 3, 3, 1));
        conv.kernel().assign(Nd4j.ones(DataType.FLOAT, 2, 2, 1, 1));
        INDArray x = Nd4j.arange(1, 10).castTo(DataType.FLOAT).reshape(1, 3, 3, 1);
        // windows of [[1,2,3],[4,5,6],[7,8,9]]: 12, 16, 24, 28, plus bias 1
        INDArray out = conv.apply(Tensor.constant(x), false).value();
        assertEquals(Nd4j.create(new float[] {13, 17, 25, 29}, 1, 2, 2, 1), out);
    }

    @Test
    void configRoundTripUsesKerasNames() {
        Conv2D conv = new Conv2D(8, new int[] {3, 5}, "relu").strides(2, 1).padding("same").groups(2);
        Map<String, Object> c = conv.getConfig();
        assertEquals(List.of(3, 5), c.get("kernel_size"));
        assertEquals(List.of(2, 1), c.get("strides"));
        assertEquals(2, c.get("groups"));
        assertEquals("channels_last", c.get("data_format"));
        Layer fromKeras = Registry.get().create(Kind.LAYER, "Conv2D",
                Config.of(Map.of("filters", 4, "kernel_size", 3, "strides", List.of(2, 2), "padding", "same")), Layer.class);
        assertEquals(Shape.of(-1, 4, 4, 4), fromKeras.computeOutputShape(Shape.of(-1, 7, 8, 3)));
    }

    @Test
    void rejectsBadArgumentsAndInputsNamingTheLayer() {
        assertEquals("Conv2D: filters must be a positive integer, received filters=0",
                assertThrows(IllegalArgumentException.class, () -> new Conv2D(0, 3)).getMessage());
        assertEquals("Conv2D: kernel_size must be an integer or a tuple of 2 integers, received [1, 2, 3]",
                assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 1, 2, 3)).getMessage());
        assertEquals("Conv2D: padding must be one of 'valid', 'same', received padding='causal'",
                assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 3).padding("causal")).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new Conv2D(2, 3).strides(2).dilationRate(2))
                .getMessage().contains("strides > 1 are not supported together with dilation_rate > 1"));
        Conv2D small = new Conv2D(2, 5);
        var tooSmall = assertThrows(IllegalArgumentException.class, () -> small.apply(Tensor.constant(Nd4j.zeros(DataType.FLOAT, 1, 3, 3, 1)), false));
        assertTrue(tooSmall.getMessage().startsWith("Layer \"" + small.name() + "\": input shape (None, 3, 3, 1) is too small"), tooSmall.getMessage());
        Conv2D flat = new Conv2D(2, 3);
        var rank = assertThrows(IllegalArgumentException.class, () -> flat.apply(Tensor.constant(Nd4j.zeros(DataType.FLOAT, 4, 10)), false));
        assertEquals("Layer \"" + flat.name() + "\" expects input of rank 4, but received shape (None, 10) (rank 2).", rank.getMessage());
        Conv2D built = new Conv2D(2, 3);
        built.ensureBuilt(Shape.of(-1, 5, 5, 3));
        var channels = assertThrows(IllegalArgumentException.class, () -> built.apply(Tensor.constant(Nd4j.zeros(DataType.FLOAT, 1, 5, 5, 2)), false));
        assertTrue(channels.getMessage().contains("expects input with axis 3 3, but received shape (None, 5, 5, 2)"), channels.getMessage());
    }

    @Test
    void smallConvNetLearnsBarOrientation() {
        // 8x8 images with one bright horizontal (class 0) or vertical (class 1) bar plus noise
        Backend.setRandomSeed(3);
        int n = 256;
        INDArray x = Nd4j.rand(DataType.FLOAT, n, 8, 8, 1).muli(0.3);
        INDArray y = Nd4j.create(DataType.FLOAT, n);
        java.util.Random r = new java.util.Random(5);
        for (int i = 0; i < n; i++) {
            int cls = i % 2;
            int pos = r.nextInt(8);
            for (int j = 0; j < 8; j++) {
                x.putScalar(cls == 0 ? new int[] {i, pos, j, 0} : new int[] {i, j, pos, 0}, 1.0);
            }
            y.putScalar(i, cls);
        }
        Sequential model = new Sequential(new Input(8, 8, 1), new Conv2D(8, 3, "relu"), new MaxPooling2D(2), new Flatten(),
                new Dense(2, "softmax"));
        model.compile(new org.keras4j.framework.optimizers.Adam(0.01), "sparse_categorical_crossentropy", "accuracy");
        model.fit(x, y, FitOptions.epochs(40).batchSize(32).verbose(0));
        double accuracy = model.evaluate(x, y, 64, 0).get("accuracy");
        assertTrue(accuracy >= 0.95, "accuracy " + accuracy);
    }
}
