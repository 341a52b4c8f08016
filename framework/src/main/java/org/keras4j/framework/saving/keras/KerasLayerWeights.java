package org.keras4j.framework.saving.keras;

import java.util.ArrayList;
import java.util.List;

/**
 * What a {@link KerasWeightMapping} gets for one layer: the layer's translated config, the Keras
 * version and backend that wrote the file, and the layer's arrays in the order Keras stores them
 * ({@code weight_names} order in Keras 1/2 files, {@code vars/0..n} in Keras 3 files).
 */
public record KerasLayerWeights(KerasLayerConfig layer, int kerasMajor, String backend, List<KerasWeight> arrays) {

    public int size() {
        return arrays.size();
    }

    public KerasWeight get(int i) {
        return arrays.get(i);
    }

    /** The arrays' names, for error messages. */
    public List<String> names() {
        List<String> out = new ArrayList<>();
        for (KerasWeight w : arrays) {
            out.add(w.name());
        }
        return out;
    }

    /** {@code Dense "dense_1"}: how errors refer to the Keras layer. */
    public String describe() {
        return layer.describe();
    }
}
