package org.keras4j.layers.keras;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared Keras reference data ({@code shared/conformance/keras}) beside the repository or a parent of it. */
final class KerasConformanceData {
    private KerasConformanceData() {
    }

    static Path dir() {
        String prop = System.getProperty("keras4j.conformance.keras");
        if (prop != null) {
            return Path.of(prop);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("shared/conformance/keras");
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("Keras conformance data not found: expected shared/conformance/keras beside the "
                + "repository (or set -Dkeras4j.conformance.keras=DIR)");
    }
}
