package org.keras4j.callbacks;

import java.io.IOException;
import java.nio.file.Path;
import org.keras4j.framework.models.Model;

/**
 * How {@link ModelCheckpoint} and {@link BackupAndRestore} turn a model into a file and back.
 * The default, {@link #modelFiles()}, is the framework's model format ({@code model.save},
 * {@code model.saveWeights}). A saver writes to the path it is given; making the write atomic
 * (temporary file, fsync, rename) is the caller's job ({@link CheckpointFiles}), so a saver may be
 * wrapped, e.g. by a test that pauses before the rename.
 */
public interface CheckpointSaver {
    /**
     * Writes {@code model} to {@code file}: the full model (config, weights, optimizer state) or,
     * with {@code weightsOnly}, only its weights. {@code file} ends with the target's own file name.
     */
    void save(Model model, Path file, boolean weightsOnly) throws IOException;

    /**
     * Loads weights and optimizer state (slots and iteration count) written by
     * {@code save(model, file, false)} into {@code model}, which has the same architecture.
     */
    void restore(Model model, Path file) throws IOException;

    /** The framework's model files. */
    static CheckpointSaver modelFiles() {
        return ModelFilesSaver.INSTANCE;
    }
}
