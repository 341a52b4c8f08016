package org.keras4j.callbacks;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Atomic file replacement for checkpoints: the content is written to a hidden temporary file in
 * the target's directory ({@code .tmp-<random>-<name>}, so it keeps the target's extensions),
 * forced to disk, and renamed over the target; then the directory is forced. A process killed at
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
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            try {
                Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
            forceDirectory(dir);
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

    /** Makes a rename durable on POSIX file systems; where a directory cannot be opened it is skipped. */
    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Windows cannot open directories; the rename is as durable as that file system makes it.
        }
    }
}
