package org.keras4j.layers.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The keras-js advanced-activation cases (Keras 2.1: LeakyReLU(alpha=0.4), PReLU with Keras's
 * alpha, ELU(alpha=1.1), ThresholdedReLU(theta=0.9)): the layer is built from the case's Keras 2
 * arguments through the registry, given Keras's weights, and must reproduce Keras's output within
 * 1e-4 absolute + 1e-4 relative.
 */
class AdvancedActivationsConformanceTest {

    @Test
    void advancedActivationsMatchKeras() {
        List<KerasJsCases.Case> cases = KerasJsCases.load("layers/advanced_activations.json");
        assertEquals(4, cases.size());
        int checked = 0;
        for (KerasJsCases.Case c : cases) {
            String className = c.id().split("\\.")[1];
            Layer layer = Registry.get().create(Kind.LAYER, className, Config.of(c.kwargs(className)), Layer.class);
            INDArray x = c.input().batchOf1(DataType.FLOAT);
            layer.ensureBuilt(Shape.of(x.shape()).withBatch(Shape.NONE));
            List<Variable> weights = layer.weights();
            assertEquals(c.weights().size(), weights.size(), c.id() + ": weight count");
            for (int i = 0; i < weights.size(); i++) {
                assertEquals(layer.name() + "/" + c.weightNames().get(i), weights.get(i).name(), c.id() + ": weight order");
                weights.get(i).assign(c.weights().get(i).array(DataType.FLOAT));
            }
            KerasJsCases.assertMatches(c, layer.apply(Tensor.constant(x), false).value());
            checked++;
        }
        assertEquals(4, checked);
    }
}
