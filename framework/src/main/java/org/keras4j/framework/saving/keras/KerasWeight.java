package org.keras4j.framework.saving.keras;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One weight array as a Keras file stores it.
 *
 * @param name  its name in the file: {@code dense_1/kernel:0} (Keras 2), {@code dense_1_W:0} (Keras 1),
 *              {@code vars/0} or {@code cell/vars/1} (Keras 3, relative to the layer)
 * @param value the array, in Keras's layout, float32 or float64 as stored
 */
public record KerasWeight(String name, INDArray value) {

    /** The name without its layer prefix and {@code :0} suffix: {@code kernel}, {@code W}, {@code vars/0}. */
    public String shortName() {
        String n = name.endsWith(":0") ? name.substring(0, name.length() - 2) : name;
        int slash = n.lastIndexOf('/');
        return slash >= 0 && !n.contains("vars/") ? n.substring(slash + 1) : n;
    }
}
