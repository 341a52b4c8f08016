package org.keras4j.framework.saving;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads entries of a zip file that may be hostile. On opening it refuses more than
 * {@link LoadLimits#maxEntries()} entries, duplicate names, names that are absolute, contain
 * {@code ..}, backslashes or control characters, and stored sizes that add up to more than the
 * file. Each read counts the bytes actually inflated (headers can lie) against the entry's limit,
 * the compression-ratio limit and the file's total, and checks the CRC, so a zip bomb or a flipped
 * bit ends in a {@link ModelFileException} rather than in memory exhaustion or wrong weights.
 */
public final class ArchiveReader implements Closeable {
    private static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.\\-]+(/[A-Za-z0-9_.\\-]+)*/?");

    private final Path path;
    private final ZipFile zip;
    private final LoadLimits limits;
    private final Map<String, ZipEntry> entries = new LinkedHashMap<>();
    private long inflatedTotal;

    private ArchiveReader(Path path, ZipFile zip, LoadLimits limits) {
        this.path = path;
        this.zip = zip;
        this.limits = limits;
    }

    /** Opens {@code path} and checks its directory of entries. */
    public static ArchiveReader open(Path path, LoadLimits limits) {
        if (!Files.isRegularFile(path)) {
            throw new ModelFileException(path, Files.exists(path) ? "not a regular file" : "no such file");
        }
        ZipFile zip;
        try {
            zip = new ZipFile(path.toFile(), StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException(path, "not a readable zip archive (" + e.getMessage() + "); the file is truncated, "
                    + "corrupt or not a Keras4J model file", e);
        }
        ArchiveReader r = new ArchiveReader(path, zip, limits);
        try {
            r.scan();
        } catch (RuntimeException e) {
            r.close();
            throw e instanceof ModelFileException m ? m : new ModelFileException(path, "corrupt zip directory: " + e, e);
        }
        return r;
    }

    private void scan() {
        long fileSize;
        try {
            fileSize = Files.size(path);
        } catch (IOException e) {
            throw new ModelFileException(path, "cannot read the file size: " + e.getMessage(), e);
        }
        long stored = 0;
        Enumeration<? extends ZipEntry> en = zip.entries();
        while (en.hasMoreElements()) {
            ZipEntry e = en.nextElement();
            if (entries.size() >= limits.maxEntries()) {
                throw new ModelFileException(path, "more than " + limits.maxEntries() + " entries (limit LoadLimits.maxEntries)");
            }
            String name = e.getName();
            if (!SAFE_NAME.matcher(name).matches() || Arrays.asList(name.split("/")).contains("..")
                    || Arrays.asList(name.split("/")).contains(".")) {
                throw new ModelFileException(path, "refusing entry " + shown(name)
                        + ": entry names must be relative paths of letters, digits, '_', '-', '.' without '..'");
            }
            if (entries.put(name, e) != null) {
                throw new ModelFileException(path, "duplicate entry " + shown(name));
            }
            if (e.getCompressedSize() > 0) {
                stored += e.getCompressedSize();
            }
        }
        if (stored > fileSize) {
            throw new ModelFileException(path, "entries claim " + stored + " stored bytes but the file has " + fileSize);
        }
    }

    public Path path() {
        return path;
    }

    public boolean has(String name) {
        return entries.containsKey(name);
    }

    /** The names of all entries, in file order. */
    public java.util.Set<String> names() {
        return java.util.Collections.unmodifiableSet(entries.keySet());
    }

    /** The text of a JSON entry, at most {@link LoadLimits#maxJsonBytes()} bytes, parsed by {@link Json}. */
    public Object readJson(String name) {
        byte[] b = read(name, limits.maxJsonBytes());
        try {
            return Json.parse(new String(b, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ModelFileException(path, "entry '" + name + "' is not valid JSON: " + firstLine(e.getMessage()), e);
        }
    }

    /** The array of an {@code .npy} entry, at most {@link LoadLimits#maxArrayBytes()} bytes. */
    public INDArray readArray(String name) {
        byte[] b = read(name, limits.maxArrayBytes());
        try {
            return Npy.read(b, b.length);
        } catch (IllegalArgumentException e) {
            throw new ModelFileException(path, "entry '" + name + "': " + e.getMessage(), e);
        }
    }

    /** The bytes of entry {@code name}, refusing more than {@code maxBytes} actually inflated bytes. */
    public byte[] read(String name, long maxBytes) {
        ZipEntry e = entries.get(name);
        if (e == null) {
            throw new ModelFileException(path, "missing entry '" + name + "'");
        }
        long compressed = e.getCompressedSize();
        long cap = maxBytes;
        if (compressed >= 0 && e.getMethod() == ZipEntry.DEFLATED) {
            // Deflate inflates at most ~1032:1; the ratio limit is far below that for real model files.
            cap = Math.min(cap, (long) Math.min((double) Long.MAX_VALUE, Math.max(1024, compressed * limits.maxCompressionRatio())));
        }
        cap = Math.min(cap, limits.maxTotalBytes() - inflatedTotal);
        if (e.getSize() > cap) {
            throw new ModelFileException(path, "entry '" + name + "' is " + e.getSize() + " bytes, over the limit of " + cap
                    + " (LoadLimits: maxJsonBytes/maxArrayBytes/maxCompressionRatio/maxTotalBytes)");
        }
        int initial = (int) Math.min(e.getSize() >= 0 ? e.getSize() : 8192, cap);
        byte[] buf = new byte[Math.max(initial, 16)];
        int n = 0;
        CRC32 crc = new CRC32();
        try (InputStream in = zip.getInputStream(e)) {
            while (true) {
                if (n == buf.length) {
                    if (n >= cap) {
                        if (in.read() < 0) {
                            break;
                        }
                        throw new ModelFileException(path, "entry '" + name + "' inflates to more than " + cap
                                + " bytes (zip bomb or over LoadLimits); its header claims " + e.getSize());
                    }
                    buf = Arrays.copyOf(buf, (int) Math.min(cap, Math.max(16, (long) n * 2)));
                }
                int r = in.read(buf, n, buf.length - n);
                if (r < 0) {
                    break;
                }
                n += r;
            }
        } catch (IOException | RuntimeException ex) {
            if (ex instanceof ModelFileException m) {
                throw m;
            }
            throw new ModelFileException(path, "entry '" + name + "' cannot be read (" + ex.getMessage() + "); the file is corrupt or truncated", ex);
        }
        inflatedTotal += n;
        crc.update(buf, 0, n);
        if (e.getSize() >= 0 && n != e.getSize()) {
            throw new ModelFileException(path, "entry '" + name + "' holds " + n + " bytes but its header says " + e.getSize());
        }
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            throw new ModelFileException(path, "entry '" + name + "' fails its CRC check: the file is corrupt");
        }
        return n == buf.length ? buf : Arrays.copyOf(buf, n);
    }

    @Override
    public void close() {
        try {
            zip.close();
        } catch (IOException ignored) {
            // Read-only: nothing to lose.
        }
    }

    private static String shown(String name) {
        String s = name.length() > 100 ? name.substring(0, 100) + "..." : name;
        return "'" + s.replaceAll("[^\\x20-\\x7e]", "?") + "'";
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int i = s.indexOf('\n');
        return i < 0 ? s : s.substring(0, i);
    }
}
