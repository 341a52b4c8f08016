package org.keras4j.layers.keras;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras4j.framework.saving.keras.KerasImportException;
import org.keras4j.framework.saving.keras.KerasModelImport;

/**
 * Mutated Keras files (the real Keras 3 archive, a Keras 2 full-model .h5, a Keras 1 config) fed
 * to the importer: bit flips, byte runs, truncation, and for configs wrong types and huge numbers.
 * Each must either import or fail with {@link KerasImportException}; any other exception, a hang or
 * an out-of-memory error fails the test. A fixed seed keeps failures reproducible.
 */
class KerasImportFuzzTest {
    private static final int BINARY_MUTANTS = 300;
    private static final int CONFIG_MUTANTS = 300;

    @TempDir
    Path tmp;

    @Test
    void mutatedFilesImportOrFailWithKerasImportException() throws IOException {
        Path dir = KerasConformanceData.dir();
        List<String> problems = new ArrayList<>();
        Random rnd = new Random(20261122L);
        byte[][] seeds = {
            Files.readAllBytes(dir.resolve("keras3/binancetrader_model.keras")),
            Files.readAllBytes(dir.resolve("dl4j/examples/simple_sparse_xent/simple_sparse_xent_mlp_keras_2_model.h5"))};
        int imported = 0;
        for (int i = 0; i < BINARY_MUTANTS; i++) {
            byte[] seed = seeds[i % seeds.length];
            byte[] b = mutateBytes(seed, rnd);
            Path p = tmp.resolve("m" + i + (i % 2 == 0 ? ".keras" : ".h5"));
            Files.write(p, b);
            imported += run(() -> KerasModelImport.load(p), "binary mutant " + i, problems);
            Files.delete(p);
        }
        String config = Files.readString(dir.resolve("configs/keras1.2.1_sequential_mnist_cnn__dl4j.json"))
                .replace("Convolution2D", "Dense").replace("MaxPooling2D", "Dropout"); // layers that exist on every branch
        String mlp = Files.readString(dir.resolve("configs/keras3.5.0_sequential_mlp__binancetrader.json"));
        for (int i = 0; i < CONFIG_MUTANTS; i++) {
            String m = mutateJson(i % 2 == 0 ? config : mlp, rnd);
            imported += run(() -> KerasModelImport.fromJson(m), "config mutant " + i + ": " + m.substring(0, Math.min(200, m.length())),
                    problems);
        }
        System.out.println("Keras import fuzz: " + (BINARY_MUTANTS + CONFIG_MUTANTS) + " mutants, " + imported + " imported, "
                + problems.size() + " wrong failures");
        assertTrue(problems.isEmpty(), "mutants that failed with something else than KerasImportException:\n"
                + String.join("\n", problems.subList(0, Math.min(20, problems.size()))));
    }

    private static int run(Runnable r, String what, List<String> problems) {
        long start = System.nanoTime();
        try {
            r.run();
            return 1;
        } catch (KerasImportException expected) {
            return 0;
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            StackTraceElement[] st = e.getStackTrace();
            problems.add(what + " -> " + e + " at " + java.util.Arrays.asList(st).subList(0, Math.min(4, st.length)));
            return 0;
        } finally {
            long ms = (System.nanoTime() - start) / 1_000_000;
            if (ms > 10_000) {
                problems.add(what + " took " + ms + " ms");
            }
        }
    }

    private static byte[] mutateBytes(byte[] seed, Random rnd) {
        byte[] b = seed.clone();
        switch (rnd.nextInt(4)) {
            case 0 -> { // a few bit flips anywhere
                for (int k = 0; k < 1 + rnd.nextInt(8); k++) {
                    int at = rnd.nextInt(b.length);
                    b[at] ^= (byte) (1 << rnd.nextInt(8));
                }
            }
            case 1 -> { // truncation
                return java.util.Arrays.copyOf(b, rnd.nextInt(b.length));
            }
            case 2 -> { // a run of 0xFF (huge sizes and offsets) in the first 4 KiB, where headers live
                int at = rnd.nextInt(Math.min(4096, b.length - 8));
                for (int k = 0; k < 8; k++) {
                    b[at + k] = (byte) 0xFF;
                }
            }
            default -> { // random bytes in the first 4 KiB
                for (int k = 0; k < 16; k++) {
                    b[rnd.nextInt(Math.min(4096, b.length))] = (byte) rnd.nextInt(256);
                }
            }
        }
        return b;
    }

    private static String mutateJson(String json, Random rnd) {
        String[] replacements = {"null", "-1", "0", "1e308", "99999999999", "\"x\"", "[]", "{}", "[null, -5]", "true",
            "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]"};
        StringBuilder s = new StringBuilder(json);
        for (int k = 0; k < 1 + rnd.nextInt(3); k++) {
            int op = rnd.nextInt(3);
            if (op == 0) { // replace a value after a colon
                int colon = s.indexOf(":", rnd.nextInt(s.length()));
                if (colon < 0) {
                    continue;
                }
                int end = colon + 1;
                while (end < s.length() && ",}]".indexOf(s.charAt(end)) < 0) {
                    end++;
                }
                s.replace(colon + 1, end, " " + replacements[rnd.nextInt(replacements.length)]);
            } else if (op == 1) { // truncate
                s.setLength(rnd.nextInt(s.length()));
            } else { // flip a character
                int at = rnd.nextInt(s.length());
                s.setCharAt(at, (char) (s.charAt(at) ^ (1 << rnd.nextInt(7))));
            }
        }
        return new String(s.toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
    }
}
