package org.keras4j.framework.saving;

import java.nio.file.Path;

/**
 * The one exception of model files and configs: a file or config that cannot be read (truncated,
 * corrupt, hostile, wrong format version, unknown class names, shapes that do not match) or a model
 * that cannot be written (a layer that is not registered, an I/O failure). The message names the
 * file (or {@code "JSON config"}) and what is wrong; the cause, if any, is the underlying error.
 * A load that throws never returns a partial model.
 *
 * <p>It is an {@link IllegalArgumentException}, as every bad input in Keras4J is.
 */
public class ModelFileException extends IllegalArgumentException {
    private final transient Path path;

    public ModelFileException(Path path, String message) {
        this(path, message, null);
    }

    public ModelFileException(Path path, String message, Throwable cause) {
        super((path == null ? "JSON config" : path.toString()) + ": " + message, cause);
        this.path = path;
    }

    /** The file concerned, or null for a config given as a string. */
    public Path path() {
        return path;
    }
}
