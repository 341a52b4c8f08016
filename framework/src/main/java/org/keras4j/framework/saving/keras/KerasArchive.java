package org.keras4j.framework.saving.keras;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keras4j.framework.saving.ArchiveReader;
import org.keras4j.framework.saving.LoadLimits;
import org.keras4j.framework.saving.ModelFileException;

/**
 * The entries of a Keras 3 {@code .keras} archive (a zip holding {@code config.json},
 * {@code metadata.json} and {@code model.weights.h5}), read through Keras4J's defensive
 * {@link ArchiveReader} because model files come from strangers: entry names that could leave a
 * folder ({@code ..}, absolute, backslashes, drive letters), duplicate entries, more than
 * {@link #MAX_ENTRIES} entries, entries over a size limit or inflating far beyond their compressed
 * size (a zip bomb, counted while inflating), and CRC mismatches are all refused. Only the three
 * known entries are inflated.
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

    static final String CONFIG = "config.json";
    static final String METADATA = "metadata.json";
    static final String WEIGHTS = "model.weights.h5";

    private static final LoadLimits LIMITS = LoadLimits.defaults().maxEntries(MAX_ENTRIES).maxJsonBytes(MAX_JSON_BYTES)
            .maxArrayBytes(MAX_WEIGHTS_BYTES).maxTotalBytes(MAX_WEIGHTS_BYTES + 2 * MAX_JSON_BYTES);

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
        try (ArchiveReader zip = ArchiveReader.open(path, LIMITS)) {
            if (zip.has(METADATA)) {
                out.put(METADATA, zip.read(METADATA, MAX_JSON_BYTES));
            }
            if (all) {
                if (!zip.has(CONFIG)) {
                    throw new KerasImportException(path + ": the archive has no " + CONFIG + "; is it a Keras 3 .keras file?");
                }
                out.put(CONFIG, zip.read(CONFIG, MAX_JSON_BYTES));
                if (zip.has(WEIGHTS)) {
                    out.put(WEIGHTS, zip.read(WEIGHTS, MAX_WEIGHTS_BYTES));
                }
            }
        } catch (ModelFileException e) {
            throw new KerasImportException(e.getMessage(), e);
        }
        return new KerasArchive(path, out);
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
