package org.keras4j.layers.conformance;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;

/**
 * Every keras-js case of the convolution and pooling layers (Keras 2.1 outputs) within
 * 1e-4 + 1e-4 |expected|: Conv1D/2D/3D, Conv2DTranspose, SeparableConv2D, Max/AveragePooling 1D-3D
 * (strides, dilation, valid/same with odd and even sizes, channels_first pooling).
 */
class ConvPoolingConformanceTest {

    private static Stream<DynamicTest> cases(String file, String... argNames) {
        assumeTrue(KerasJsCases.available(), "conformance data not found");
        List<DynamicTest> tests = new ArrayList<>();
        for (KerasJsCases.Case c : KerasJsCases.load(file)) {
            if (c.duplicate() || c.notKerasComputed()) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(c.id() + " " + c.title(), () -> {
                Layer layer = c.singleLayer(argNames);
                KerasJsCases.assertClose(c.expected(), layer.apply(Tensor.constant(c.input()), false).value(), c.id());
            }));
        }
        return tests.stream();
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
