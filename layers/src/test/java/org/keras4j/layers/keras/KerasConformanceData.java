package org.keras4j.layers.keras;

import java.nio.file.Path;

/** The Keras reference data for the import tests (see {@link org.keras4j.framework.testing.KerasReferenceData}). */
final class KerasConformanceData {
    private KerasConformanceData() {
    }

    static Path dir() {
        return org.keras4j.framework.testing.KerasReferenceData.dir();
    }
}
