package org.keras4j.layers.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.jhdf.HdfFile;
import io.jhdf.WritableHdfFile;
import io.jhdf.api.WritableGroup;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.saving.keras.KerasImportException;
import org.keras4j.framework.saving.keras.KerasModelImport;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Weight layouts that differ between Keras and Keras4J, on files written here in Keras's layouts:
 * Keras 3 Bidirectional (forward_layer/backward_layer groups), Keras 1 GRU (nine per-gate arrays)
 * and Keras 1 Conv1D (4-D kernel). Each file imports when its layers are registered, and otherwise
 * fails naming them (the layers are added by other modules' work).
 */
class KerasLayoutsTest {
    @TempDir
    Path tmp;

    private static boolean registered(String... classes) {
        for (String c : classes) {
            if (!Registry.get().contains(Kind.LAYER, c)) {
                return false;
            }
        }
        return true;
    }

    /** A float array of {@code shape} holding {@code start, start + 1, ...}: each array distinct. */
    private static INDArray seq(float start, long... shape) {
        return Nd4j.linspace(DataType.FLOAT, start, 1, (int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)).reshape(shape);
    }

    private static float[][] rows(INDArray a) {
        return a.toFloatMatrix();
    }

    @Test
    void keras3BidirectionalPutsForwardWeightsFirst() throws IOException {
        String config = "{\"module\": \"keras\", \"class_name\": \"Sequential\", \"config\": {\"name\": \"s\", \"layers\": ["
                + "{\"class_name\": \"InputLayer\", \"config\": {\"batch_shape\": [null, 5, 3], \"name\": \"in\"}},"
                + "{\"class_name\": \"Bidirectional\", \"config\": {\"name\": \"bi\", \"merge_mode\": \"concat\", \"layer\": "
                + "{\"class_name\": \"LSTM\", \"config\": {\"name\": \"lstm\", \"units\": 2}}}}]}}";
        INDArray[] fwd = {seq(0, 3, 8), seq(100, 2, 8), seq(200, 8)};
        INDArray[] bwd = {seq(-50, 3, 8), seq(300, 2, 8), seq(400, 8)};
        Path weights = tmp.resolve("model.weights.h5");
        try (WritableHdfFile f = HdfFile.write(weights)) {
            WritableGroup bi = f.putGroup("layers").putGroup("bidirectional");
            // Keras 3 writes both groups; readers see them in name order, backward first.
            WritableGroup b = bi.putGroup("backward_layer").putGroup("cell").putGroup("vars");
            WritableGroup fw = bi.putGroup("forward_layer").putGroup("cell").putGroup("vars");
            for (int i = 0; i < 3; i++) {
                fw.putDataset(Integer.toString(i), i < 2 ? rows(fwd[i]) : fwd[i].toFloatVector());
                b.putDataset(Integer.toString(i), i < 2 ? rows(bwd[i]) : bwd[i].toFloatVector());
            }
        }
        Path archive = archive(config, weights);
        if (!registered("Bidirectional", "LSTM")) {
            KerasImportException e = assertThrows(KerasImportException.class, () -> KerasModelImport.load(archive));
            assertTrue(e.getMessage().contains("Bidirectional \"bi\""), e.getMessage());
            return;
        }
        Model m = KerasModelImport.load(archive);
        List<Variable> w = m.weights();
        assertEquals(6, w.size());
        for (int i = 0; i < 3; i++) {
            assertEquals(fwd[i], w.get(i).value(), "forward " + i);
            assertEquals(bwd[i], w.get(3 + i).value(), "backward " + i);
        }
    }

    @Test
    void keras1GruGatesAreConcatenatedInZrhOrder() throws IOException {
        String[] gates = {"z", "r", "h"};
        INDArray[][] arrays = new INDArray[3][];
        Path h5 = tmp.resolve("gru.h5");
        try (WritableHdfFile f = HdfFile.write(h5)) {
            f.putAttribute("keras_version", "1.2.2");
            f.putAttribute("model_config", "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"GRU\", \"config\": "
                    + "{\"name\": \"gru_1\", \"output_dim\": 2, \"inner_activation\": \"hard_sigmoid\", \"activation\": \"tanh\", "
                    + "\"init\": \"glorot_uniform\", \"inner_init\": \"orthogonal\", \"return_sequences\": false, "
                    + "\"batch_input_shape\": [null, 4, 3], \"consume_less\": \"gpu\"}}]}");
            WritableGroup mw = f.putGroup("model_weights");
            mw.putAttribute("layer_names", new String[] {"gru_1"});
            WritableGroup g = mw.putGroup("gru_1");
            String[] names = new String[9];
            // Keras 1 lists the gates as z, r, h with W, U, b each; store them in a shuffled order to prove names decide.
            int n = 0;
            for (int k = 2; k >= 0; k--) {
                String gate = gates[k];
                arrays[k] = new INDArray[] {seq(10 * k, 3, 2), seq(100 + 10 * k, 2, 2), seq(1000 + 10 * k, 2)};
                g.putDataset("gru_1_W_" + gate + ":0", rows(arrays[k][0]));
                g.putDataset("gru_1_U_" + gate + ":0", rows(arrays[k][1]));
                g.putDataset("gru_1_b_" + gate + ":0", arrays[k][2].toFloatVector());
                names[n++] = "gru_1_W_" + gate + ":0";
                names[n++] = "gru_1_U_" + gate + ":0";
                names[n++] = "gru_1_b_" + gate + ":0";
            }
            g.putAttribute("weight_names", names);
        }
        if (!registered("GRU")) {
            KerasImportException e = assertThrows(KerasImportException.class, () -> KerasModelImport.load(h5));
            assertTrue(e.getMessage().contains("GRU \"gru_1\""), e.getMessage());
            return;
        }
        Model m = KerasModelImport.load(h5);
        List<Variable> w = m.weights();
        for (int kind = 0; kind < 3; kind++) {
            INDArray expected = Nd4j.concat(arrays[0][kind].rank() - 1, arrays[0][kind], arrays[1][kind], arrays[2][kind]);
            assertEquals(expected, w.get(kind).value(), "Keras 1 array kind " + kind);
        }
        assertEquals(false, m.getLayer("gru_1").getConfig().get("reset_after"), "Keras 1/2 GRU formulation");
    }

    @Test
    void keras1Conv1DKernelLosesItsExtraAxis() throws IOException {
        INDArray kernel = seq(1, 3, 1, 4, 2); // Keras 1: (filter_length, 1, input_dim, nb_filter)
        INDArray bias = seq(-1, 2);
        Path h5 = tmp.resolve("conv.h5");
        try (WritableHdfFile f = HdfFile.write(h5)) {
            f.putAttribute("keras_version", "1.2.2");
            f.putAttribute("model_config", "{\"class_name\": \"Sequential\", \"config\": [{\"class_name\": \"Convolution1D\", \"config\": "
                    + "{\"name\": \"c\", \"nb_filter\": 2, \"filter_length\": 3, \"border_mode\": \"valid\", \"subsample_length\": 1, "
                    + "\"activation\": \"linear\", \"init\": \"glorot_uniform\", \"bias\": true, \"batch_input_shape\": [null, 5, 4]}}]}");
            WritableGroup mw = f.putGroup("model_weights");
            mw.putAttribute("layer_names", new String[] {"c"});
            WritableGroup g = mw.putGroup("c");
            g.putAttribute("weight_names", new String[] {"c_W:0", "c_b:0"});
            float[][][][] k = new float[3][1][4][2];
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 4; j++) {
                    for (int o = 0; o < 2; o++) {
                        k[i][0][j][o] = kernel.getFloat(i, 0, j, o);
                    }
                }
            }
            g.putDataset("c_W:0", k);
            g.putDataset("c_b:0", bias.toFloatVector());
        }
        if (!registered("Conv1D")) {
            KerasImportException e = assertThrows(KerasImportException.class, () -> KerasModelImport.load(h5));
            assertTrue(e.getMessage().contains("Convolution1D (Keras 3: Conv1D) \"c\""), e.getMessage());
            return;
        }
        Model m = KerasModelImport.load(h5);
        assertEquals(kernel.reshape(3, 4, 2), m.weights().get(0).value());
        assertEquals(bias, m.weights().get(1).value());
        // One output step by hand: sum over taps and channels of x * kernel, plus bias.
        INDArray x = seq(0, 1, 5, 4).divi(10);
        INDArray y = m.predict(x);
        double hand = bias.getDouble(1);
        for (int t = 0; t < 3; t++) {
            for (int c = 0; c < 4; c++) {
                hand += x.getDouble(0, t, c) * kernel.getDouble(t, 0, c, 1);
            }
        }
        assertEquals(hand, y.getDouble(0, 0, 1), 1e-4);
    }

    private Path archive(String config, Path weights) throws IOException {
        Path p = tmp.resolve("m.keras");
        try (OutputStream os = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(os)) {
            z.putNextEntry(new ZipEntry("config.json"));
            z.write(config.getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("metadata.json"));
            z.write("{\"keras_version\": \"3.5.0\"}".getBytes(StandardCharsets.UTF_8));
            z.putNextEntry(new ZipEntry("model.weights.h5"));
            z.write(Files.readAllBytes(weights));
            z.closeEntry();
        }
        return p;
    }
}
