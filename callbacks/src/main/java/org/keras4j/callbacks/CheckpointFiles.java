package org.keras4j.callbacks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import org.keras4j.framework.saving.AtomicFiles;

/**
 * Atomic file replacement for checkpoints: the content is written to a hidden temporary file in
 * the target's directory ({@code .tmp-<random>-<name>}, so it keeps the target's extensions),
 * and handed to {@link AtomicFiles#commit} (forced to disk, renamed over the target, directory forced). A process killed at
 * any moment leaves either the previous file or the complete new one under the target's name, never
 * a partial file; at worst a stray temporary file remains ({@link #isTemporary} recognises it).
 */
public final class CheckpointFiles {
    private static final String PREFIX = ".tmp-";

    private CheckpointFiles() {
    }

    /** Writes the content of a file at the path it is given. */
    @FunctionalInterface
    public interface Writer {
        void writeTo(Path file) throws IOException;
    }

    /** Replaces {@code target} with what {@code writer} writes, atomically. */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(PREFIX + Long.toHexString(ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE) + "-"
                + abs.getFileName());
        boolean moved = false;
        try {
            writer.writeTo(tmp);
            if (!Files.isRegularFile(tmp)) {
                throw new IOException("Checkpoint writer produced no file at " + tmp);
            }
            AtomicFiles.commit(tmp, abs);
            moved = true;
        } finally {
            if (!moved) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /** Whether {@code file} is a temporary file left by an interrupted {@link #write}. */
    public static boolean isTemporary(Path file) {
        return file.getFileName().toString().startsWith(PREFIX);
    }
}
