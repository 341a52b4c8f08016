package org.keras4j.layers.keras;

import java.util.ArrayList;
import java.util.List;
import org.keras4j.framework.saving.keras.KerasImportException;
import org.keras4j.framework.saving.keras.KerasLayerWeights;
import org.keras4j.framework.saving.keras.KerasWeight;
import org.keras4j.framework.saving.keras.KerasWeightMapping;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Weight mappings for Keras layouts that differ from ours: Keras 1 stored a recurrent layer's
 * gates as separate arrays and Conv1D kernels with an extra axis; Keras 2 and 3 store what our
 * layers hold.
 */
final class KerasLayouts {
    private KerasLayouts() {
    }

    /**
     * LSTM ({@code gates = "ifco"}) and GRU ({@code "zrh"}): Keras 2/3 store kernel
     * {@code (in, g*units)}, recurrent_kernel {@code (units, g*units)}, bias, with gate blocks in
     * {@code gates} order, as ours. Keras 1 stored {@code W_<gate>, U_<gate>, b_<gate>} per gate
     * (LSTM in the order i, c, f, o); they are concatenated along the last axis in {@code gates} order.
     */
    static KerasWeightMapping gated(String gates) {
        KerasWeightMapping keras2 = KerasWeightMapping.inOrder();
        return (keras, layer) -> {
            if (keras.kerasMajor() > 1 || keras.size() != 3 * gates.length()) {
                return keras2.toKeras4j(keras, layer);
            }
            List<INDArray> out = new ArrayList<>();
            for (String kind : new String[] {"W", "U", "b"}) {
                INDArray[] blocks = new INDArray[gates.length()];
                for (int g = 0; g < gates.length(); g++) {
                    blocks[g] = keras1Array(keras, kind + "_" + gates.charAt(g)).value();
                }
                out.add(Nd4j.concat(blocks[0].rank() - 1, blocks));
            }
            if (layer.weights().size() != out.size()) {
                throw new KerasImportException("Keras 1 layer " + keras.describe() + " stores kernel, recurrent kernel and bias, but "
                        + layer.describe() + " has " + layer.weights().size() + " weights");
            }
            return out;
        };
    }

    /** The Keras 1 array named {@code <layer>_<suffix>:0} (or {@code <suffix>}). */
    private static KerasWeight keras1Array(KerasLayerWeights keras, String suffix) {
        for (KerasWeight w : keras.arrays()) {
            String n = w.name().endsWith(":0") ? w.name().substring(0, w.name().length() - 2) : w.name();
            if (n.equals(suffix) || n.endsWith("_" + suffix)) {
                return w;
            }
        }
        throw new KerasImportException("Keras 1 layer " + keras.describe() + " has no array '" + suffix + "' among " + keras.names());
    }

    /**
     * Convolutions: Keras 2/3 kernels are ours. Keras 1 stored Conv1D kernels as
     * {@code (k, 1, in, filters)}, reshaped here to {@code (k, in, filters)}; its Theano-ordered
     * ({@code dim_ordering="th"}) kernels are flipped and transposed, which is refused.
     */
    static KerasWeightMapping convolution() {
        KerasWeightMapping keras2 = KerasWeightMapping.inOrder();
        return (keras, layer) -> {
            if ("theano".equals(keras.backend())) {
                // Theano computes a true convolution: its kernels are stored flipped relative to TensorFlow's.
                throw new KerasImportException("Keras layer " + keras.describe() + " was saved with the Theano backend, whose "
                        + "convolution kernels are flipped; only TensorFlow-backend convolution weights are supported");
            }
            if (keras.kerasMajor() > 1) {
                return keras2.toKeras4j(keras, layer);
            }
            if ("channels_first".equals(keras.layer().config().get("data_format"))) {
                throw new KerasImportException("Keras 1 layer " + keras.describe() + " uses Theano kernel ordering (dim_ordering='th'), "
                        + "which is not supported; re-save the model with Keras 2 or dim_ordering='tf'");
            }
            List<INDArray> out = new ArrayList<>(keras2.toKeras4j(keras, layer));
            INDArray kernel = out.get(0);
            long[] ours = layer.weights().get(0).shape();
            if (kernel.rank() == ours.length + 1 && kernel.size(1) == 1) {
                out.set(0, kernel.reshape(ours)); // (k, 1, in, filters) -> (k, in, filters): same element order
            }
            return out;
        };
    }

    /**
     * Bidirectional: our weights are the forward layer's then the backward layer's, as Keras 2
     * stores them ({@code forward_lstm/kernel:0, ..., backward_lstm/kernel:0, ...}). Keras 3 files
     * keep them under {@code forward_layer/} and {@code backward_layer/}, read in name order
     * (backward first), so arrays are put forward-first before mapping in order. The wrapped layer's
     * arrays must already have our layout (Keras 2 and 3 recurrent layers do).
     */
    static KerasWeightMapping bidirectional() {
        KerasWeightMapping inOrder = KerasWeightMapping.inOrder();
        return (keras, layer) -> {
            List<KerasWeight> forward = new ArrayList<>();
            List<KerasWeight> backward = new ArrayList<>();
            for (KerasWeight w : keras.arrays()) {
                (w.name().contains("backward") ? backward : forward).add(w);
            }
            forward.addAll(backward);
            return inOrder.toKeras4j(new KerasLayerWeights(keras.layer(), keras.kerasMajor(), keras.backend(), forward), layer);
        };
    }

    /**
     * BatchNormalization: gamma, beta, moving_mean, moving_variance as ours (gamma or beta absent
     * when scale or center is off). Keras 1 stored {@code running_std}, whose meaning changed within
     * 1.x (standard deviation, later variance), so Keras 1 files are refused rather than guessed.
     */
    static KerasWeightMapping batchNormalization() {
        KerasWeightMapping inOrder = KerasWeightMapping.inOrder();
        return (keras, layer) -> {
            if (keras.kerasMajor() == 1) {
                throw new KerasImportException("Keras 1 BatchNormalization " + keras.describe() + " is not supported: its running_std "
                        + "array held a standard deviation or a variance depending on the 1.x version");
            }
            return inOrder.toKeras4j(keras, layer);
        };
    }
}
