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
        return temporaryTarget(file) != null;
    }

    /**
     * The name of the file that the stray temporary {@code file} was to become, or null when it is
     * not one. A kill can leave two kinds: {@code .tmp-<random>-<name>} from {@link #write}, and,
     * when it came while the writer was still writing that file atomically itself (the model saver
     * does, through {@link AtomicFiles#write}), the writer's own {@code ..tmp-<random>-<name>.<digits>.tmp}.
     */
    public static String temporaryTarget(Path file) {
        String name = file.getFileName().toString();
        if (name.startsWith("." + PREFIX) && name.endsWith(".tmp")) {
            int digits = name.lastIndexOf('.', name.length() - ".tmp".length() - 1);
            name = digits > 0 ? name.substring(1, digits) : "";
        }
        if (!name.startsWith(PREFIX)) {
            return null;
        }
        int dash = name.indexOf('-', PREFIX.length());
        return dash < 0 || dash == name.length() - 1 ? null : name.substring(dash + 1);
    }
}
