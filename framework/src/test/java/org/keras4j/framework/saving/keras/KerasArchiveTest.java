package org.keras4j.framework.saving.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reading {@code .keras} archives defensively: traversal names, entry count, size, zip bombs, corrupt files. */
class KerasArchiveTest {
    @TempDir
    Path tmp;

    private Path zip(String name, Object... entries) throws IOException {
        Path p = tmp.resolve(name);
        try (OutputStream os = Files.newOutputStream(p); ZipOutputStream z = new ZipOutputStream(os)) {
            for (int i = 0; i < entries.length; i += 2) {
                z.putNextEntry(new ZipEntry((String) entries[i]));
                Object v = entries[i + 1];
                z.write(v instanceof byte[] b ? b : ((String) v).getBytes(StandardCharsets.UTF_8));
                z.closeEntry();
            }
        }
        return p;
    }

    @Test
    void readsTheKnownEntriesAndIgnoresOthers() throws IOException {
        Path p = zip("ok.keras", "metadata.json", "{\"keras_version\": \"3.5.0\"}", "config.json", "{\"class_name\": \"Sequential\"}",
                "assets/readme.txt", "ignored");
        KerasArchive a = KerasArchive.read(p);
        assertEquals("{\"class_name\": \"Sequential\"}", a.configJson());
        assertEquals("{\"keras_version\": \"3.5.0\"}", a.metadataJson());
        assertNull(a.weightsH5());
    }

    @Test
    void refusesEntriesThatLeaveTheArchive() throws IOException {
        for (String bad : new String[] {"../config.json", "assets/../../x", "/etc/passwd", "C:/x", "a\\..\\b"}) {
            Path p = zip("bad.keras", "config.json", "{}", bad, "x");
            KerasImportException e = assertThrows(KerasImportException.class, () -> KerasArchive.read(p), bad);
            assertTrue(e.getMessage().contains("refusing entry") && e.getMessage().contains(bad), e.getMessage());
        }
    }

    @Test
    void refusesTooManyEntries() throws IOException {
        Object[] entries = new Object[2 * (KerasArchive.MAX_ENTRIES + 1)];
        for (int i = 0; i < KerasArchive.MAX_ENTRIES + 1; i++) {
            entries[2 * i] = "assets/" + i;
            entries[2 * i + 1] = "";
        }
        Path p = zip("many.keras", entries);
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasArchive.read(p));
        assertTrue(e.getMessage().contains("more than " + KerasArchive.MAX_ENTRIES + " entries"), e.getMessage());
    }

    @Test
    void refusesAZipBomb() throws IOException {
        byte[] zeros = new byte[3 << 20]; // deflates about 1000:1, past the 1 MiB floor
        Arrays.fill(zeros, (byte) ' ');
        Path p = zip("bomb.keras", "config.json", zeros);
        assertTrue(Files.size(p) < 100_000);
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasArchive.read(p));
        assertTrue(e.getMessage().contains("'config.json'") && e.getMessage().contains("over the limit"), e.getMessage());
    }

    @Test
    void refusesAZipBombWhoseHeaderLiesAboutItsSize() throws IOException {
        byte[] zeros = new byte[3 << 20];
        Path p = zip("liar.keras", "config.json", zeros);
        byte[] b = Files.readAllBytes(p);
        // Patch the uncompressed size in the local header and the central directory to 10 bytes.
        ZipEdit.setUncompressedSize(b, 10);
        Files.write(p, b);
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasArchive.read(p));
        assertTrue(e.getMessage().contains("'config.json'"), e.getMessage());
    }

    @Test
    void refusesDuplicateEntries() throws IOException {
        Path p = zip("dup.keras", "config.json", "{}", "config.jsom", "{}");
        byte[] b = Files.readAllBytes(p);
        String s = new String(b, StandardCharsets.ISO_8859_1).replace("config.jsom", "config.json");
        Files.write(p, s.getBytes(StandardCharsets.ISO_8859_1));
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasArchive.read(p));
        assertTrue(e.getMessage().contains("duplicate entry 'config.json'"), e.getMessage());
    }

    @Test
    void refusesMissingConfigAndCorruptFiles() throws IOException {
        Path noConfig = zip("noconfig.keras", "metadata.json", "{}");
        assertTrue(assertThrows(KerasImportException.class, () -> KerasArchive.read(noConfig)).getMessage().contains("no config.json"));

        Path ok = zip("trunc.keras", "config.json", "{\"class_name\": \"Sequential\"}", "metadata.json", "{}");
        byte[] bytes = Files.readAllBytes(ok);
        Path truncated = tmp.resolve("truncated.keras");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 2));
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasArchive.read(truncated));
        assertTrue(e.getMessage().contains(truncated.toString()), e.getMessage());

        Path twice = zip("twice.keras", "config.json", "{}", "config.json/", "");
        // a directory entry with the same name is not an entry we read; the file itself is fine
        assertEquals("{}", KerasArchive.read(twice).configJson());
    }

    @Test
    void kerasFilesAreToldFromKeras4jArchivesByTheirMetadata() throws IOException {
        Path keras = zip("a.keras", "metadata.json", "{\"keras_version\": \"3.5.0\", \"date_saved\": \"x\"}", "config.json", "{}");
        Path ours = zip("b.keras4j", "metadata.json", "{\"format\": \"keras4j\", \"keras_version\": \"3\"}", "config.json", "{}");
        Path none = zip("c.zip", "config.json", "{}");
        assertTrue(KerasModelImport.isKerasFile(keras));
        assertTrue(!KerasModelImport.isKerasFile(ours));
        assertTrue(!KerasModelImport.isKerasFile(none));
        assertTrue(!KerasModelImport.isKerasFile(tmp.resolve("absent")));
        assertEquals("{\"keras_version\": \"3.5.0\", \"date_saved\": \"x\"}", KerasArchive.readMetadata(keras));
    }

    @Test
    void theImporterRefusesFilesThatAreNeitherZipNorHdf5() throws IOException {
        Path p = tmp.resolve("model.txt");
        Files.writeString(p, "not a model");
        KerasImportException e = assertThrows(KerasImportException.class, () -> KerasModelImport.load(p));
        assertTrue(e.getMessage().contains("neither a Keras .keras archive"), e.getMessage());
        assertThrows(KerasImportException.class, () -> KerasModelImport.load(tmp.resolve("absent.h5")));
    }

    /** Rewrites the uncompressed-size fields of a one-entry zip (local header at 0, central directory after the data). */
    private static final class ZipEdit {
        static void setUncompressedSize(byte[] zip, int size) {
            for (int i = 0; i + 4 <= zip.length; i++) {
                int sig = (zip[i] & 0xff) | (zip[i + 1] & 0xff) << 8 | (zip[i + 2] & 0xff) << 16 | (zip[i + 3] & 0xff) << 24;
                if (sig == 0x04034b50) { // local file header: size at +22
                    putInt(zip, i + 22, size);
                } else if (sig == 0x02014b50) { // central directory header: size at +24
                    putInt(zip, i + 24, size);
                }
            }
        }

        private static void putInt(byte[] b, int at, int v) {
            for (int k = 0; k < 4; k++) {
                b[at + k] = (byte) (v >>> (8 * k));
            }
        }
    }
}
