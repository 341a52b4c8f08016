package org.keras4j.framework.saving.keras;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The entries of a Keras 3 {@code .keras} archive (a zip holding {@code config.json},
 * {@code metadata.json} and {@code model.weights.h5}), read defensively because model files come
 * from strangers: entry names with {@code ..}, a leading slash, a backslash or a drive letter are
 * refused, as are archives with too many entries, entries whose inflated size passes a limit
 * (counted while inflating, never trusting the sizes the archive declares) and entries that inflate
 * to far more than they occupy (a zip bomb). Only the three known entries are inflated.
 *
 * <pre>{@code KerasArchive a = KerasArchive.read(Path.of("model.keras"));  String config = a.configJson();}</pre>
 */
public final class KerasArchive {
    /** Entries of a Keras 3 archive; Keras writes a handful (assets/ may add a few). */
    static final int MAX_ENTRIES = 1000;
    /** JSON entries larger than this are refused. */
    static final long MAX_JSON_BYTES = 64L << 20;
    /** The weights file is read into memory: larger than this is refused. */
    static final long MAX_WEIGHTS_BYTES = 1L << 30;
    /** An entry inflating to more than this many times its compressed size (and past 1 MiB) is a zip bomb. */
    static final long MAX_RATIO = 200;

    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.h5";

    private final Path source;
    private final Map<String, byte[]> entries;

    private KerasArchive(Path source, Map<String, byte[]> entries) {
        this.source = source;
        this.entries = entries;
    }

    /**
     * Reads {@code config.json}, {@code metadata.json} and {@code model.weights.h5} from {@code path}.
     *
     * @throws KerasImportException when the file is not a zip, is hostile, or lacks {@code config.json}
     */
    public static KerasArchive read(Path path) {
        return read(path, true);
    }

    /** {@code metadata.json} alone (null when absent), with the same checks; the weights are not inflated. */
    public static String readMetadata(Path path) {
        byte[] m = read(path, false).entries.get(METADATA);
        return m == null ? null : new String(m, StandardCharsets.UTF_8);
    }

    private static KerasArchive read(Path path, boolean all) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(path.toFile(), StandardCharsets.UTF_8)) {
            int count = 0;
            Enumeration<? extends ZipEntry> it = zip.entries();
            while (it.hasMoreElements()) {
                ZipEntry e = it.nextElement();
                if (++count > MAX_ENTRIES) {
                    throw new KerasImportException(path + ": the archive has more than " + MAX_ENTRIES + " entries");
                }
                checkName(path, e.getName());
                String name = e.getName();
                if (!e.isDirectory() && (name.equals(METADATA) || (all && (name.equals(CONFIG) || name.equals(WEIGHTS))))) {
                    if (out.containsKey(name)) {
                        throw new KerasImportException(path + ": the archive holds '" + name + "' twice");
                    }
                    long limit = name.equals(WEIGHTS) ? MAX_WEIGHTS_BYTES : MAX_JSON_BYTES;
                    out.put(name, inflate(path, zip, e, limit));
                }
            }
        } catch (ZipException e) {
            throw new KerasImportException(path + ": not a valid .keras archive (zip): " + e.getMessage(), e);
        } catch (IOException e) {
            throw new KerasImportException(path + ": cannot read the archive: " + e.getMessage(), e);
        }
        if (all && !out.containsKey(CONFIG)) {
            throw new KerasImportException(path + ": the archive has no " + CONFIG + "; is it a Keras 3 .keras file?");
        }
        return new KerasArchive(path, out);
    }

    /** Refuses names that could point outside an extraction folder, even though we never extract. */
    static void checkName(Path path, String name) {
        boolean bad = name.isEmpty() || name.startsWith("/") || name.contains("\\") || name.contains("\0")
                || (name.length() > 1 && name.charAt(1) == ':');
        for (String part : name.split("/")) {
            bad |= part.equals("..");
        }
        if (bad) {
            throw new KerasImportException(path + ": refusing archive entry with an unsafe name '" + name + "'");
        }
    }

    private static byte[] inflate(Path path, ZipFile zip, ZipEntry e, long limit) throws IOException {
        long compressed = Math.max(e.getCompressedSize(), 1);
        java.io.ByteArrayOutputStream buf = new java.io.ByteArrayOutputStream();
        byte[] chunk = new byte[64 * 1024];
        long total = 0;
        try (InputStream in = zip.getInputStream(e)) {
            int n;
            while ((n = in.read(chunk)) > 0) {
                total += n;
                if (total > limit) {
                    throw new KerasImportException(path + ": archive entry '" + e.getName() + "' is larger than the limit of "
                            + limit + " bytes");
                }
                if (total > (1 << 20) && total / compressed > MAX_RATIO) {
                    throw new KerasImportException(path + ": archive entry '" + e.getName() + "' inflates more than "
                            + MAX_RATIO + " times its compressed size (" + compressed + " bytes): refusing a likely zip bomb");
                }
                buf.write(chunk, 0, n);
            }
        }
        return buf.toByteArray();
    }

    public Path source() {
        return source;
    }

    /** The model config ({@code model.to_json()} layout). */
    public String configJson() {
        return new String(entries.get(CONFIG), StandardCharsets.UTF_8);
    }

    /** {@code metadata.json}, or null when the archive has none. */
    public String metadataJson() {
        byte[] b = entries.get(METADATA);
        return b == null ? null : new String(b, StandardCharsets.UTF_8);
    }

    /** The bytes of {@code model.weights.h5}, or null when the archive has no weights. */
    public byte[] weightsH5() {
        return entries.get(WEIGHTS);
    }
}
