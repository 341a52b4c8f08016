package org.keras4j.framework.saving;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes a file so that readers see either the old content or the complete new one: the content
 * goes to a temporary file in the same directory, is forced to disk, and is renamed over the
 * target (atomically where the file system allows); the directory is then forced too. If writing
 * fails or the process dies, the previous file is untouched and the temporary file is removed
 * (or, after a crash, left as {@code .NAME.*.tmp}).
 */
public final class AtomicFiles {
    private AtomicFiles() {
    }

    /** What writes the content. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    /** Writes {@code target} atomically with {@code writer}. */
    public static void write(Path target, Writer writer) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        Path tmp = Files.createTempFile(dir, "." + abs.getFileName() + ".", ".tmp");
        boolean done = false;
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.TRUNCATE_EXISTING)) {
                writer.write(out);
            }
            commit(tmp, abs);
            done = true;
        } finally {
            if (!done) {
                Files.deleteIfExists(tmp);
            }
        }
    }

    /**
     * Puts a fully written temporary file in place of {@code target}: forces it to disk, gives it the
     * target's permissions, renames it over the target (atomically where the file system can) and
     * forces the directory so the rename survives a crash. {@code tmp} must be in the target's directory.
     */
    public static void commit(Path tmp, Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        keepPermissions(abs, tmp);
        try {
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING);
        }
        forceDirectory(abs.getParent());
    }

    /**
     * Temporary files are private (rw-------); the result gets the replaced file's permissions, or
     * rw-r--r-- for a new file, as a plain write would give under the usual umask.
     */
    private static void keepPermissions(Path target, Path tmp) {
        try {
            Set<PosixFilePermission> perms = Files.exists(target) ? Files.getPosixFilePermissions(target)
                    : PosixFilePermissions.fromString("rw-r--r--");
            Files.setPosixFilePermissions(tmp, perms);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not a POSIX file system: the platform's defaults apply.
        }
    }

    /** Makes the rename durable (POSIX); a no-op where directories cannot be opened. */
    private static void forceDirectory(Path dir) {
        if (dir == null) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Windows cannot open a directory; the rename is still atomic there.
        }
    }
}
