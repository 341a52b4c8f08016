package org.keras4j.framework.saving.keras;

import java.util.ArrayList;
import java.util.List;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns one Keras layer's stored arrays into the values of a built Keras4J layer's
 * {@link Layer#weights()}, in that order; registered per Keras class name in
 * {@link KerasWeightMappings}. A mapping converts layouts where Keras's and ours differ (gate order,
 * kernel axes, Keras 1's split arrays); the importer then checks every shape and assigns.
 *
 * <pre>{@code
 * // Dense: Keras stores kernel (in, units) then bias (units), as our weights() does
 * KerasWeightMappings.register("Dense", KerasWeightMapping.inOrder());
 * }</pre>
 */
@FunctionalInterface
public interface KerasWeightMapping {

    /** The values for {@code layer.weights()}, in order. Shapes are checked by the caller. */
    List<INDArray> toKeras4j(KerasLayerWeights keras, Layer layer);

    /**
     * Keras's arrays, in the order Keras stores them, are the layer's weights in {@code weights()}
     * order with the same shapes (Dense, Embedding, SimpleRNN, Conv kernels stored like Keras, ...).
     */
    static KerasWeightMapping inOrder() {
        return (keras, layer) -> {
            requireCount(keras, layer, layer.weights().size());
            List<INDArray> out = new ArrayList<>();
            for (KerasWeight w : keras.arrays()) {
                out.add(w.value());
            }
            return out;
        };
    }

    /** A layer without weights (Activation, Dropout, Flatten, Reshape, pooling, ...): Keras must store none. */
    static KerasWeightMapping none() {
        return (keras, layer) -> {
            requireCount(keras, layer, 0);
            return List.of();
        };
    }

    /** Fails, naming both sides, unless Keras stored exactly {@code expected} arrays for this layer. */
    static void requireCount(KerasLayerWeights keras, Layer layer, int expected) {
        if (keras.size() != expected) {
            List<String> ours = new ArrayList<>();
            for (Variable v : layer.weights()) {
                ours.add(v.name() + " " + Shape.format(v.shape()));
            }
            throw new KerasImportException("Keras layer " + keras.describe() + " stores " + keras.size() + " weight array(s) "
                    + keras.names() + " but " + layer.describe() + " expects " + expected + " " + ours);
        }
    }
}
