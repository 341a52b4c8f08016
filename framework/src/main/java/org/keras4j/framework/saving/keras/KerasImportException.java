package org.keras4j.framework.saving.keras;

/**
 * Why a Keras model, config or weights file could not be imported: an unreadable or hostile file,
 * layers Keras4J does not have (all of them listed at once), or weights that do not fit the model.
 * It is an {@link IllegalArgumentException}, so callers treating bad input generically catch it.
 */
public class KerasImportException extends IllegalArgumentException {
    public KerasImportException(String message) {
        super(message);
    }

    public KerasImportException(String message, Throwable cause) {
        super(message, cause);
    }
}
