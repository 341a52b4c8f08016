package org.keras4j.layers.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.keras4j.framework.saving.keras.KerasWeightMappings;

/** The support table of {@code docs/keras-import.md} names exactly the layer classes that have a weight mapping. */
class KerasImportDocTest {
    @Test
    void supportTableListsEveryMappedClass() throws IOException {
        Path doc = null;
        for (Path d = Path.of("").toAbsolutePath(); d != null && doc == null; d = d.getParent()) {
            if (Files.isRegularFile(d.resolve("docs/keras-import.md"))) {
                doc = d.resolve("docs/keras-import.md");
            }
        }
        if (doc == null) {
            throw new IllegalStateException("docs/keras-import.md not found above " + Path.of("").toAbsolutePath());
        }
        TreeSet<String> documented = new TreeSet<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(doc)) {
            if (line.startsWith("| Keras class |")) {
                inTable = true;
                continue;
            }
            if (inTable && !line.startsWith("|")) {
                break;
            }
            if (inTable && !line.startsWith("| ---")) {
                for (String cls : line.split("\\|")[1].split(",")) {
                    String c = cls.trim();
                    // "MaxPooling1D/2D/3D" stands for three classes
                    if (c.matches(".*1D/2D/3D")) {
                        String base = c.substring(0, c.length() - "1D/2D/3D".length());
                        documented.add(base + "1D");
                        documented.add(base + "2D");
                        documented.add(base + "3D");
                    } else {
                        documented.add(c);
                    }
                }
            }
        }
        assertEquals(KerasWeightMappings.get().names(), documented, "docs/keras-import.md support table vs registered mappings");
    }
}
