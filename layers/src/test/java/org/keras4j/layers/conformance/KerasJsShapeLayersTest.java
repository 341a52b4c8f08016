package org.keras4j.layers.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * Global pooling, padding, cropping, upsampling, Permute, RepeatVector and the noise layers
 * against every keras-js case for them (Keras 2.1 outputs; noise layers are inference identities).
 * Each case's layer chain is built through the registry from its recorded Keras arguments.
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
    /** Names of the positional constructor arguments the cases use, by Keras class name. */
    private static final Map<String, List<String>> POSITIONAL = Map.of(
            "Dense", List.of("units"),
            "Permute", List.of("dims"),
            "RepeatVector", List.of("n"),
            "GaussianDropout", List.of("rate"),
            "GaussianNoise", List.of("stddev"));

    @TestFactory
    List<DynamicTest> everyCaseMatchesKeras() {
        List<DynamicTest> tests = new ArrayList<>();
        for (String file : FILES) {
            for (KerasJsCases.Case c : KerasJsCases.load(file)) {
                if (!c.skip()) {
                    tests.add(DynamicTest.dynamicTest(c.id(), () -> KerasJsCases.assertMatches(c, runChain(c))));
                }
            }
        }
        // 67 layer cases in cases.json for these layers, one of them (GaussianNoise.0) a duplicate of GaussianDropout.0
        assertEquals(66, tests.size(), "number of keras-js cases");
        return tests;
    }

    /** Builds the case's layers (Input excluded) through the registry, assigns its weights in order and runs it in inference. */
    @SuppressWarnings("unchecked")
    private static INDArray runChain(KerasJsCases.Case c) {
        Tensor x = Tensor.constant(c.input().batchOf1(DataType.FLOAT));
        int w = 0;
        List<Object> nodes = (List<Object>) c.entry().get("nodes");
        assertFalse(nodes == null || nodes.isEmpty(), c.id() + " has no layers");
        for (Object o : nodes) {
            Map<String, Object> node = (Map<String, Object>) o;
            String cls = (String) node.get("class_name");
            if (cls.equals("Input")) {
                continue;
            }
            Map<String, Object> config = new LinkedHashMap<>();
            List<Object> args = (List<Object>) node.get("args");
            for (int i = 0; args != null && i < args.size(); i++) {
                config.put(POSITIONAL.get(cls).get(i), args.get(i));
            }
            if (node.get("kwargs") != null) {
                config.putAll((Map<String, Object>) node.get("kwargs"));
            }
            Layer layer = Registry.get().create(Kind.LAYER, cls, Config.of(config), Layer.class);
            layer.ensureBuilt(Shape.of(x.shape()));
            for (var v : layer.weights()) {
                v.assign(c.weights().get(w++).array(v.dataType()));
            }
            x = layer.apply(x, false);
        }
        assertEquals(c.weights().size(), w, c.id() + ": every stored weight used");
        return x.value();
    }
}
