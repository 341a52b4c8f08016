package org.keras4j.framework.saving;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile zips: unsafe names, duplicates, too many entries, zip bombs, lying headers, flipped bits. */
class ArchiveReaderTest {
    @TempDir
    Path dir;

    private Path zip(String file, Object... nameAndBytes) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            for (int i = 0; i < nameAndBytes.length; i += 2) {
                z.putNextEntry(new ZipEntry((String) nameAndBytes[i]));
                z.write((byte[]) nameAndBytes[i + 1]);
                z.closeEntry();
            }
        }
        Path p = dir.resolve(file);
        Files.write(p, bytes.toByteArray());
        return p;
    }

    private static String message(Path p, LoadLimits limits, String entry) {
        return assertThrows(ModelFileException.class, () -> {
            try (ArchiveReader r = ArchiveReader.open(p, limits)) {
                r.read(entry, limits.maxJsonBytes());
            }
        }).getMessage();
    }

    @Test
    void readsAGoodEntry() throws IOException {
        Path p = zip("ok.zip", "a/b.json", "{}".getBytes(StandardCharsets.UTF_8));
        try (ArchiveReader r = ArchiveReader.open(p, LoadLimits.defaults())) {
            assertArrayEquals("{}".getBytes(StandardCharsets.UTF_8), r.read("a/b.json", 10));
        }
    }

    @Test
    void unsafeNamesAreRefused() throws IOException {
        for (String bad : new String[] {"../evil.json", "a/../../evil.json", "/etc/passwd", "a\\..\\b", "C:/x", "./x", "a//b"}) {
            Path p = zip("bad.zip", bad, new byte[] {1});
            String m = message(p, LoadLimits.defaults(), bad);
            assertTrue(m.contains("refusing entry") && m.startsWith(p.toString()), bad + " -> " + m);
        }
    }

    @Test
    void duplicateNamesAreRefused() throws IOException {
        Path p = zip("dup.zip", "a.json", new byte[] {1}, "b.json", new byte[] {2});
        byte[] b = Files.readAllBytes(p);
        String s = new String(b, StandardCharsets.ISO_8859_1).replace("b.json", "a.json");
        Files.write(p, s.getBytes(StandardCharsets.ISO_8859_1));
        assertTrue(message(p, LoadLimits.defaults(), "a.json").contains("duplicate entry 'a.json'"));
    }

    @Test
    void tooManyEntriesAreRefused() throws IOException {
        Object[] es = new Object[22];
        for (int i = 0; i < 11; i++) {
            es[2 * i] = "e" + i;
            es[2 * i + 1] = new byte[] {(byte) i};
        }
        Path p = zip("many.zip", es);
        assertTrue(message(p, LoadLimits.defaults().maxEntries(10), "e0").contains("more than 10 entries"));
    }

    @Test
    void zipBombStopsAtTheRatioLimitQuickly() throws IOException {
        // 200 MB of zeros deflate to ~200 KB; the reader gives up after ratio x stored size, not at the end.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("bomb.npy"));
            byte[] zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                z.write(zeros);
            }
            z.closeEntry();
        }
        Path p = dir.resolve("bomb.zip");
        Files.write(p, bytes.toByteArray());
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            String m = message(p, LoadLimits.defaults(), "bomb.npy");
            assertTrue(m.contains("over the limit") || m.contains("zip bomb"), m);
        });
        // The same with a central directory that lies about the size: the inflated bytes are counted.
        byte[] b = Files.readAllBytes(p);
        patchSizes(b, 100);
        Files.write(p, b);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () -> {
            String m = message(p, LoadLimits.defaults(), "bomb.npy");
            assertTrue(m.contains("inflates to more than") || m.contains("holds"), m);
        });
    }

    /** Sets every uncompressed-size field of local and central headers to {@code size}. */
    private static void patchSizes(byte[] b, int size) {
        for (int i = 0; i + 30 < b.length; i++) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 3 && b[i + 3] == 4) {
                putInt(b, i + 22, size);
            }
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2) {
                putInt(b, i + 24, size);
            }
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 7 && b[i + 3] == 8) {
                putInt(b, i + 12, size);
            }
        }
    }

    private static void putInt(byte[] b, int at, int v) {
        b[at] = (byte) v;
        b[at + 1] = (byte) (v >> 8);
        b[at + 2] = (byte) (v >> 16);
        b[at + 3] = (byte) (v >> 24);
    }

    @Test
    void flippedBitInStoredDataFailsTheCrc() throws IOException {
        byte[] data = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            ZipEntry e = new ZipEntry("w.npy");
            e.setMethod(ZipEntry.STORED);
            e.setSize(data.length);
            e.setCompressedSize(data.length);
            CRC32 crc = new CRC32();
            crc.update(data);
            e.setCrc(crc.getValue());
            z.putNextEntry(e);
            z.write(data);
            z.closeEntry();
        }
        byte[] b = bytes.toByteArray();
        String s = new String(b, StandardCharsets.ISO_8859_1);
        b[s.indexOf("0123")] ^= 1;
        Path p = dir.resolve("flip.zip");
        Files.write(p, b);
        assertTrue(message(p, LoadLimits.defaults(), "w.npy").contains("fails its CRC check"));
    }

    @Test
    void entryLargerThanItsLimitIsRefusedBeforeReading() throws IOException {
        Path p = zip("big.zip", "config.json", new byte[5000]);
        String m = assertThrows(ModelFileException.class, () -> {
            try (ArchiveReader r = ArchiveReader.open(p, LoadLimits.defaults())) {
                r.read("config.json", 1000);
            }
        }).getMessage();
        assertTrue(m.contains("is 5000 bytes, over the limit of 1000"), m);
        assertTrue(message(zip("none.zip", "x", new byte[1]), LoadLimits.defaults(), "y").contains("missing entry 'y'"));
    }
}
