package org.keras4j.layers.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every keras-js case of the convolution and pooling layers (Keras 2.1 outputs) within
 * 1e-4 + 1e-4 |expected|: Conv1D/2D/3D, Conv2DTranspose, SeparableConv2D, Max/AveragePooling 1D-3D
 * (strides, dilation, valid/same with odd and even sizes, channels_first pooling). Each layer is built
 * through the registry from the recorded constructor arguments.
 */
class ConvPoolingConformanceTest {

    private static Stream<DynamicTest> cases(String file, String... argNames) {
        List<DynamicTest> tests = new ArrayList<>();
        for (KerasJsCases.Case c : KerasJsCases.load(file)) {
            if (c.skip()) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(c.id() + " " + c.title(), () -> {
                INDArray x = c.input().batchOf1(DataType.FLOAT);
                Layer layer = layerOf(c, argNames);
                layer.ensureBuilt(Shape.of(x.shape()).withBatch(Shape.NONE));
                List<KerasJsCases.Array> weights = c.weights();
                assertArrayEquals(new int[] {weights.size()}, new int[] {layer.weights().size()}, c.id() + ": weight count");
                for (int i = 0; i < weights.size(); i++) {
                    INDArray w = weights.get(i).array(DataType.FLOAT);
                    assertArrayEquals(w.shape(), layer.weights().get(i).value().shape(), c.id() + ": shape of weight " + i);
                    layer.weights().get(i).assign(w);
                }
                KerasJsCases.assertMatches(c, layer.apply(Tensor.constant(x), false).value());
            }));
        }
        return tests.stream();
    }

    /** The case's single layer, from its kwargs plus its positional args named {@code argNames}. */
    @SuppressWarnings("unchecked")
    private static Layer layerOf(KerasJsCases.Case c, String... argNames) {
        for (Object n : (List<Object>) c.entry().get("nodes")) {
            Map<String, Object> node = (Map<String, Object>) n;
            String className = (String) node.get("class_name");
            if (className.equals("Input") || className.equals("InputLayer")) {
                continue;
            }
            Map<String, Object> config = new LinkedHashMap<>(c.kwargs(className));
            List<Object> args = (List<Object>) node.getOrDefault("args", List.of());
            for (int i = 0; args != null && i < args.size() && i < argNames.length; i++) {
                config.put(argNames[i], args.get(i));
            }
            return Registry.get().create(Kind.LAYER, className, Config.of(config), Layer.class);
        }
        throw new IllegalStateException(c.id() + " has no layer");
    }

    @TestFactory
    Stream<DynamicTest> convolutions() {
        return Stream.of("Conv1D", "Conv2D", "Conv3D", "Conv2DTranspose", "SeparableConv2D")
                .flatMap(n -> cases("layers/convolutional/" + n + ".json", "filters", "kernel_size"));
    }

    @TestFactory
    Stream<DynamicTest> poolings() {
        return Stream.of("MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D")
                .flatMap(n -> cases("layers/pooling/" + n + ".json", "pool_size"));
    }
}
