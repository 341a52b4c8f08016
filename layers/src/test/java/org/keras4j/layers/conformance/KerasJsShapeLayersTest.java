package org.keras4j.layers.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Global pooling, padding, cropping, upsampling, Permute, RepeatVector and the noise layers
 * against every keras-js case for them (Keras 2.1 outputs; noise layers are inference identities).
 */
class KerasJsShapeLayersTest {
    private static final List<String> FILES = List.of(
            "layers/pooling/GlobalMaxPooling1D.json", "layers/pooling/GlobalMaxPooling2D.json", "layers/pooling/GlobalMaxPooling3D.json",
            "layers/pooling/GlobalAveragePooling1D.json", "layers/pooling/GlobalAveragePooling2D.json",
            "layers/pooling/GlobalAveragePooling3D.json",
            "layers/convolutional/ZeroPadding1D.json", "layers/convolutional/ZeroPadding2D.json", "layers/convolutional/ZeroPadding3D.json",
            "layers/convolutional/Cropping1D.json", "layers/convolutional/Cropping2D.json", "layers/convolutional/Cropping3D.json",
            "layers/convolutional/UpSampling1D.json", "layers/convolutional/UpSampling2D.json", "layers/convolutional/UpSampling3D.json",
            "layers/core/Permute.json", "layers/core/RepeatVector.json",
            "layers/noise/GaussianNoise.json", "layers/noise/GaussianDropout.json");

    @TestFactory
    List<DynamicTest> everyCaseMatchesKeras() {
        assumeTrue(KerasJsCases.available(), "keras-js conformance data not found");
        List<DynamicTest> tests = new ArrayList<>();
        int cases = 0;
        for (String file : FILES) {
            List<KerasJsCases.Case> loaded = KerasJsCases.load(file);
            assertFalse(loaded.isEmpty() && !file.contains("GaussianNoise"), file + " has no cases");
            for (KerasJsCases.Case c : loaded) {
                cases++;
                tests.add(DynamicTest.dynamicTest(c.id(), () -> KerasJsCases.assertClose(c.id(), c.expected(), KerasJsCases.runChain(c))));
            }
        }
        // 67 layer cases in cases.json for these layers, one of them (GaussianNoise.0) a duplicate of GaussianDropout.0
        assertEquals(66, cases, "number of keras-js cases");
        return tests;
    }
}
