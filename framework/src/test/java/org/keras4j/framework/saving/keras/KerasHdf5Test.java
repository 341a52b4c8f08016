package org.keras4j.framework.saving.keras;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reading Keras's HDF5 files with jHDF: layer and weight names, Keras 1 and Keras 2 naming, and the
 * array layout, checked against Keras's own numbers: the stored Dense kernel and bias reproduce the
 * layer output Keras recorded ({@code activations/dense = inputs @ kernel + bias}).
 */
class KerasHdf5Test {
    private static Path dl4j(String file) {
        return KerasConfigAdapterTest.configs().getParent().resolve("dl4j/examples/" + file);
    }

    @Test
    void keras2WeightsFileMatchesKerasOwnLayerOutput() {
        KerasHdf5.LegacyFile f = KerasHdf5.readLegacy(dl4j("activations/ELU_0_weights.h5"));
        assertNull(f.modelConfig());
        assertEquals("2.3.1", f.kerasVersion());
        assertEquals("tensorflow", f.backend());
        assertEquals(List.of("dense", "elu_1"), List.copyOf(f.weights().keySet()));
        List<KerasWeight> dense = f.weights().get("dense");
        assertEquals(List.of("dense/kernel:0", "dense/bias:0"), dense.stream().map(KerasWeight::name).toList());
        assertEquals("kernel", dense.get(0).shortName());
        assertArrayEquals(new long[] {16, 32}, dense.get(0).value().shape());
        assertTrue(f.weights().get("elu_1").isEmpty());

        Path io = dl4j("activations/ELU_0_inputs_and_outputs.h5");
        INDArray x = KerasHdf5.readArray(io, "inputs/dense_input");
        INDArray keras = KerasHdf5.readArray(io, "activations/dense");
        INDArray ours = x.mmul(dense.get(0).value()).addRowVector(dense.get(1).value());
        assertTrue(ours.equalsWithEps(keras, 1e-5), "x W + b must equal Keras's dense output");
    }

    @Test
    void keras1FullModelFileHasConfigVersionAndSplitLstmArrays() {
        KerasHdf5.LegacyFile f = KerasHdf5.readLegacy(dl4j("simple_lstm/simple_lstm_tf_keras_1_model.h5"));
        assertEquals("1.2.2", f.kerasVersion());
        assertTrue(f.modelConfig().startsWith("{\"class_name\": \"Sequential\""));
        Map<String, List<KerasWeight>> w = f.weights();
        assertEquals(List.of("lstm_1", "dense_1"), List.copyOf(w.keySet()));
        assertEquals(12, w.get("lstm_1").size());
        assertEquals("lstm_1_W_i:0", w.get("lstm_1").get(0).name());
        assertEquals("W_i", w.get("lstm_1").get(0).shortName().substring("lstm_1_".length()));
        assertArrayEquals(new long[] {1, 50}, w.get("lstm_1").get(0).value().shape());
        assertArrayEquals(new long[] {50, 1}, w.get("dense_1").get(0).value().shape());
    }

    @Test
    void layersWithoutWeightsHaveEmptyLists() {
        KerasHdf5.LegacyFile f = KerasHdf5.readLegacy(dl4j("simple_sparse_xent/simple_sparse_xent_mlp_keras_2_weights.h5"));
        assertEquals(List.of("dense_1", "activation_1"), List.copyOf(f.weights().keySet()));
        assertTrue(f.weights().get("activation_1").isEmpty());
        assertArrayEquals(new long[] {4, 3}, f.weights().get("dense_1").get(0).value().shape());
    }
}
