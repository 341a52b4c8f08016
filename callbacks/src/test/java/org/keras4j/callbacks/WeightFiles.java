package org.keras4j.callbacks;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Final weights passed from a child JVM to the test: ND4J's exact binary form. */
final class WeightFiles {
    private WeightFiles() {
    }

    static void write(Path file, List<INDArray> weights) throws IOException {
        try (DataOutputStream out = new DataOutputStream(Files.newOutputStream(file))) {
            out.writeInt(weights.size());
            for (INDArray w : weights) {
                Nd4j.write(w, out);
            }
        }
    }

    static List<INDArray> read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(Files.newInputStream(file))) {
            int n = in.readInt();
            List<INDArray> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                out.add(Nd4j.read(in));
            }
            return out;
        }
    }
}
