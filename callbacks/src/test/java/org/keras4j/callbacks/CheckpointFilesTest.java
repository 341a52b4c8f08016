package org.keras4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointFilesTest {
    @TempDir
    Path dir;

    @Test
    void recognisesBothKindsOfStrayTemporaryAndNothingElse() throws IOException {
        assertEquals("model-3.keras", CheckpointFiles.temporaryTarget(Path.of(".tmp-1a2b-model-3.keras")));
        // the name AtomicFiles (under the model saver) gives its own temporary of that file
        Path saverTemp = Files.createTempFile(dir, "." + ".tmp-1a2b-model-3.keras" + ".", ".tmp");
        assertEquals("model-3.keras", CheckpointFiles.temporaryTarget(saverTemp));
        assertTrue(CheckpointFiles.isTemporary(saverTemp));

        for (String other : new String[] {"model-3.keras", ".tmp-", ".tmp-1a2b", ".tmp-1a2b-", ".model.keras.123.tmp", "..tmp-.tmp",
                "training_state.json"}) {
            assertNull(CheckpointFiles.temporaryTarget(Path.of(other)), other);
            assertFalse(CheckpointFiles.isTemporary(Path.of(other)), other);
        }
    }

    @Test
    void aCompletedWriteLeavesOnlyTheTarget() throws IOException {
        Path target = dir.resolve("latest.keras");
        CheckpointFiles.write(target, tmp -> Files.writeString(tmp, "content"));
        assertEquals("content", Files.readString(target));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count());
        }
    }
}
