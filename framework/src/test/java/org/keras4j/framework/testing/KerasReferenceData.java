package org.keras4j.framework.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the Keras reference data lives: {@code testdata/conformance/keras} in the repository, a copy
 * (with its licenses and README) of the team's {@code shared/conformance/keras}, kept in the
 * repository so a clean clone tests the same on any machine. {@code -Dkeras4j.conformance=DIR}
 * points the tests at another copy.
 */
public final class KerasReferenceData {
    private KerasReferenceData() {
    }

    /** The {@code conformance/keras} folder: its {@code README.md} describes every file in it. */
    public static Path dir() {
        String configured = System.getProperty("keras4j.conformance");
        if (configured != null) {
            return Path.of(configured);
        }
        for (Path d = Path.of("").toAbsolutePath(); d != null; d = d.getParent()) {
            Path p = d.resolve("testdata/conformance/keras");
            if (Files.isDirectory(p)) {
                return p;
            }
        }
        throw new IllegalStateException("Keras reference data not found: expected testdata/conformance/keras in the "
                + "repository above " + Path.of("").toAbsolutePath() + " (or set -Dkeras4j.conformance=DIR)");
    }
}
