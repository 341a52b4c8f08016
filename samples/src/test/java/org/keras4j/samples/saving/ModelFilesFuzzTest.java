package org.keras4j.samples.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.saving.Json;
import org.keras4j.framework.saving.LoadLimits;
import org.keras4j.framework.saving.ModelFileException;
import org.keras4j.framework.saving.Models;
import org.keras4j.framework.saving.Npy;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.regularization.Dropout;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Hostile inputs: {@value #DEFAULT_CASES} mutated configs and model archives (bit flips,
 * truncation, wrong types, huge numbers, deep nesting, long strings, unknown and recursive class
 * names, path traversal, duplicate and surplus entries, zip bombs, lying .npy headers) go to
 * {@link Models#fromJson}, {@link Models#load} and {@code loadWeights}. Each must return a complete
 * model or throw {@link ModelFileException}; anything else (another exception, an Error, a case
 * running over {@value #CASE_TIMEOUT_SECONDS} s) fails the test with the case's seed.
 *
 * <p>{@code -Dkeras4j.fuzzCases=N -Dkeras4j.fuzzSeed=S} change the run; {@code mvn -Pfuzz} runs 200,000.
 */
class ModelFilesFuzzTest {
    static final int DEFAULT_CASES = 10_000;
    static final int CASE_TIMEOUT_SECONDS = 20;

    /** Tighter than the defaults so that what a hostile file may allocate stays small in a test JVM. */
    static final LoadLimits LIMITS = LoadLimits.defaults().maxEntries(64).maxJsonBytes(1 << 20).maxArrayBytes(4 << 20)
            .maxTotalBytes(16 << 20).maxWeightElements(200_000);

    @TempDir
    Path dir;

    private Random rnd;
    private byte[] archive;
    private byte[] weightsArchive;
    private Map<String, byte[]> entries;
    private String configJson;
    private final List<byte[]> bombs = new ArrayList<>();
    private final Map<String, Integer> outcomes = new LinkedHashMap<>();
    private final Map<String, Long> timeByCategory = new java.util.TreeMap<>();
    private String lastMutation = "";

    @Test
    @Timeout(value = 30, unit = TimeUnit.MINUTES)
    void mutatedConfigsAndArchivesEndInTheDocumentedException() throws Exception {
        int cases = Integer.getInteger("keras4j.fuzzCases", DEFAULT_CASES);
        long seed = Long.getLong("keras4j.fuzzSeed", 20261122L);
        long seedStart = System.nanoTime();
        seeds();
        Sequential target = new Sequential(new Input(4), new Dense(8, "relu"), new Dropout(0.25), new Dense(3, "softmax"));
        List<String> failures = new ArrayList<>();
        ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "fuzz-case");
            t.setDaemon(true);
            return t;
        });
        long start = System.nanoTime();
        long slowest = 0;
        System.out.printf("fuzz seeds made in %.1f s%n", (start - seedStart) / 1e9);
        // Cases are written to memory-backed /dev/shm where there is one: a disk write costs more than most cases.
        Path shm = Path.of("/dev/shm");
        Path caseDir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "keras4j-fuzz") : dir;
        Path file = caseDir.resolve("case.keras4j");
        try {
            for (int i = 0; i < cases && failures.size() < 10; i++) {
                long caseSeed = seed * 1_000_003L + i;
                rnd = new Random(caseSeed);
                long g0 = System.nanoTime();
                int kind = rnd.nextInt(20);
                String what;
                Runnable run;
                if (kind < 7) {
                    String json = mutateJson(configJson);
                    what = "fromJson";
                    run = () -> Models.fromJson(json, LIMITS);
                } else if (kind < 18) {
                    byte[] bytes = mutateArchive();
                    Files.write(file, bytes);
                    what = "load";
                    run = () -> {
                        Model m = Models.load(file, LIMITS);
                        if (m.weights().isEmpty() && !m.layers().isEmpty() && m.layerOutputShapes().get(0) != null) {
                            throw new AssertionError("a built model came back without weights");
                        }
                    };
                } else {
                    byte[] bytes = rnd.nextBoolean() ? flipBits(weightsArchive) : mutateArchive();
                    Files.write(file, bytes);
                    what = "loadWeights";
                    run = () -> target.loadWeights(file);
                }
                long t0 = System.nanoTime();
                timeByCategory.merge("generation/" + lastMutation, t0 - g0, Long::sum);
                String category = what + "/" + lastMutation;
                Future<?> f = worker.submit(run);
                try {
                    f.get(CASE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                    count(what + ": loaded");
                } catch (java.util.concurrent.ExecutionException e) {
                    Throwable c = e.getCause();
                    if (c instanceof ModelFileException) {
                        count(what + ": ModelFileException");
                    } else {
                        failures.add("case seed " + caseSeed + " (" + what + "): " + c);
                        c.printStackTrace();
                    }
                } catch (TimeoutException e) {
                    f.cancel(true);
                    failures.add("case seed " + caseSeed + " (" + what + "): no answer within " + CASE_TIMEOUT_SECONDS + " s");
                    break;
                }
                slowest = Math.max(slowest, System.nanoTime() - t0);
                timeByCategory.merge(category, System.nanoTime() - t0, Long::sum);
            }
        } finally {
            worker.shutdownNow();
            Files.deleteIfExists(file);
            if (!caseDir.equals(dir)) {
                Files.deleteIfExists(caseDir);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        // Where the time went, by loader and mutation (generation/... is the test's own cost).
        timeByCategory.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .forEach(e -> System.out.printf("  %s: %.1f s%n", e.getKey(), e.getValue() / 1e9));
        System.out.printf("fuzz: %d cases in %.1f s (slowest case %.0f ms): %s%n", cases, seconds, slowest / 1e6, outcomes);
        assertEquals(List.of(), failures);
        int total = outcomes.values().stream().mapToInt(Integer::intValue).sum();
        assertEquals(cases, total);
        // The mutations must mostly break things, or the test would not be testing the loaders.
        int refused = outcomes.entrySet().stream().filter(e -> e.getKey().endsWith("ModelFileException")).mapToInt(Map.Entry::getValue).sum();
        assertTrue(refused > cases * 0.7, "refused " + refused + " of " + cases);
    }

    private void count(String key) {
        outcomes.merge(key, 1, Integer::sum);
    }

    // ---- seeds ----

    private void seeds() throws IOException {
        Backend.setRandomSeed(99);
        Sequential m = new Sequential(new Input(4), new Dense(8, "relu"), new Dropout(0.25), new Dense(3, "softmax"));
        m.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        m.fit(Nd4j.rand(DataType.FLOAT, 16, 4), Nd4j.createFromArray(new float[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0, 1, 2, 0})
                .reshape(16, 1), FitOptions.epochs(1).batchSize(8).verbose(0));
        Path p = dir.resolve("seed.keras4j");
        m.save(p);
        archive = Files.readAllBytes(p);
        entries = ZipEdits.entries(p);
        m.saveWeights(p);
        weightsArchive = Files.readAllBytes(p);
        configJson = m.toJson();
        // Zip bombs, made once: 16 MB of zeros deflate to ~16 KB.
        byte[] zeros = new byte[16 << 20];
        for (String name : List.of("weights/0.npy", "config.json", "optimizer/0_0.npy")) {
            Map<String, byte[]> es = new LinkedHashMap<>(entries);
            es.put(name, zeros);
            bombs.add(ZipEdits.zip(es));
        }
        // A bomb that starts as a valid .npy header claiming the whole size.
        byte[] header = Npy.write(Nd4j.create(DataType.FLOAT, 2048, 2048));
        byte[] npyBomb = Arrays.copyOf(header, header.length); // 16 MB of zero floats after a correct header
        Map<String, byte[]> es = new LinkedHashMap<>(entries);
        es.put("weights/0.npy", npyBomb);
        bombs.add(ZipEdits.zip(es));
    }

    // ---- JSON mutations ----

    private static final String[] HOSTILE_VALUES = {"1e400", "-1e400", "NaN", "-Infinity", "9223372036854775808", "2147483648",
        "-2147483649", "1e18", "-1", "0", "0.5", "1" + "0".repeat(120), "\"x\"", "\"\"", "[]", "{}", "null", "true", "[null]",
        "[1e30, 1e30]", "{\"class_name\": \"Sequential\", \"config\": {}}", "\"java.lang.Runtime\"", "{\"@class\": \"java.io.File\"}",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]",
        "\"relu\"", "\"softmax\"", "\"Dense\"", "\"Sequential\"", "\"InputLayer\"", "[2, 3]", "[100000, 100000]", "[-5]",
        "{\"class_name\": \"Dense\", \"config\": {\"units\": 2147483647}}", "{\"class_name\": \"Sequential\", \"config\": {\"layers\": "
            + "[{\"class_name\": \"Sequential\", \"config\": {\"layers\": []}}]}}"};

    private String mutateJson(String json) {
        int m = rnd.nextInt(10);
        lastMutation = "json" + m;
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return switch (m) {
            case 0 -> new String(flipBits(b), StandardCharsets.ISO_8859_1);
            case 1 -> json.substring(0, rnd.nextInt(json.length()));
            case 2 -> {
                int at = rnd.nextInt(json.length());
                yield json.substring(0, at) + "{[\"'\\:,}]".charAt(rnd.nextInt(9)) + json.substring(at);
            }
            case 3 -> "[".repeat(500 + rnd.nextInt(5000)) + json + "]".repeat(rnd.nextInt(3) == 0 ? 0 : 5500);
            case 4 -> json.replaceFirst("\"name\":\"[a-z_0-9]+\"", "\"name\":\"" + "n".repeat(rnd.nextInt(8) == 0 ? 1_100_000 : 70) + "\"");
            case 5 -> json.replaceFirst("\\{", "{\"units\": 1, \"units\": 2, ");
            default -> treeMutation(json);
        };
    }

    /** Replaces a random value, object or key of the parsed config by a hostile one. */
    private String treeMutation(String json) {
        try {
            Object tree = Json.parse(json);
            int n = 1 + rnd.nextInt(3);
            for (int i = 0; i < n; i++) {
                tree = replaceRandom(tree, 0);
            }
            String out = Json.write(tree);
            // Markers stand for raw JSON text that no Java value writes (1e400, 120-digit numbers, NaN...).
            for (int i = 0; i < HOSTILE_VALUES.length; i++) {
                out = out.replace("\"@@" + i + "@@\"", HOSTILE_VALUES[i]);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Object replaceRandom(Object node, int depth) {
        boolean here = rnd.nextInt(6) == 0 || !(node instanceof Map || node instanceof List) || depth > 12;
        if (here) {
            return switch (rnd.nextInt(3)) {
                case 0 -> "@@" + rnd.nextInt(HOSTILE_VALUES.length) + "@@";
                case 1 -> node instanceof Map<?, ?> mm && !mm.isEmpty() ? dropKey((Map<String, Object>) mm) : "@@" + rnd.nextInt(HOSTILE_VALUES.length) + "@@";
                default -> node instanceof Map<?, ?> mm ? addKey((Map<String, Object>) mm) : "@@" + rnd.nextInt(HOSTILE_VALUES.length) + "@@";
            };
        }
        if (node instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                return node;
            }
            Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) m);
            String key = new ArrayList<>(copy.keySet()).get(rnd.nextInt(copy.size()));
            copy.put(key, replaceRandom(copy.get(key), depth + 1));
            return copy;
        }
        List<Object> l = new ArrayList<>((List<Object>) node);
        if (l.isEmpty()) {
            return l;
        }
        int i = rnd.nextInt(l.size());
        if (rnd.nextInt(8) == 0) {
            l.add(i, l.get(i)); // duplicate a layer or a dimension
        } else {
            l.set(i, replaceRandom(l.get(i), depth + 1));
        }
        return l;
    }

    private Map<String, Object> dropKey(Map<String, Object> m) {
        Map<String, Object> copy = new LinkedHashMap<>(m);
        copy.remove(new ArrayList<>(copy.keySet()).get(rnd.nextInt(copy.size())));
        return copy;
    }

    private Map<String, Object> addKey(Map<String, Object> m) {
        Map<String, Object> copy = new LinkedHashMap<>(m);
        copy.put(rnd.nextBoolean() ? "class_name" : "bogus_" + rnd.nextInt(3), "@@" + rnd.nextInt(HOSTILE_VALUES.length) + "@@");
        return copy;
    }

    // ---- archive mutations ----

    private byte[] flipBits(byte[] in) {
        byte[] b = in.clone();
        int flips = 1 + rnd.nextInt(rnd.nextBoolean() ? 2 : 16);
        for (int i = 0; i < flips; i++) {
            int at = rnd.nextInt(b.length);
            b[at] ^= (byte) (1 << rnd.nextInt(8));
        }
        return b;
    }

    private byte[] mutateArchive() throws IOException {
        int m = rnd.nextInt(12);
        lastMutation = "zip" + m;
        switch (m) {
            case 0, 1:
                return flipBits(archive);
            case 2:
                return Arrays.copyOf(archive, rnd.nextInt(archive.length));
            case 3: {
                byte[] bomb = bombs.get(rnd.nextInt(bombs.size()));
                return rnd.nextInt(4) == 0 ? flipBits(bomb) : bomb;
            }
            case 4, 5, 6: {
                // One JSON entry mutated inside an otherwise valid archive.
                String[] jsons = {"config.json", "weights.json", "optimizer.json", "metadata.json"};
                String name = jsons[rnd.nextInt(jsons.length)];
                Map<String, byte[]> es = new LinkedHashMap<>(entries);
                es.put(name, mutateJson(new String(entries.get(name), StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8));
                return ZipEdits.zip(es);
            }
            case 7: {
                // A .npy entry with a flipped header, truncated data or a foreign shape.
                List<String> arrays = entries.keySet().stream().filter(k -> k.endsWith(".npy")).toList();
                String name = arrays.get(rnd.nextInt(arrays.size()));
                Map<String, byte[]> es = new LinkedHashMap<>(entries);
                byte[] npy = entries.get(name);
                byte[] changed = switch (rnd.nextInt(3)) {
                    case 0 -> {
                        byte[] c = npy.clone();
                        c[rnd.nextInt(Math.min(c.length, 128))] ^= (byte) (1 << rnd.nextInt(8));
                        yield c;
                    }
                    case 1 -> Arrays.copyOf(npy, rnd.nextInt(npy.length));
                    default -> Npy.write(Nd4j.rand(DataType.FLOAT, 1 + rnd.nextInt(9), 1 + rnd.nextInt(9)));
                };
                es.put(name, changed);
                return ZipEdits.zip(es);
            }
            case 8: {
                // Unsafe or surplus entries.
                Map<String, byte[]> es = new LinkedHashMap<>(entries);
                String[] names = {"../../etc/passwd", "/abs/config.json", "weights/../config.json", "a\\b", "con fig.json", "x/./y"};
                int r = rnd.nextInt(3);
                if (r == 0) {
                    es.put(names[rnd.nextInt(names.length)], new byte[] {1});
                } else if (r == 1) {
                    for (int i = 0; i < 70; i++) {
                        es.put("extra/" + i, new byte[] {1});
                    }
                } else {
                    es.remove(new ArrayList<>(es.keySet()).get(rnd.nextInt(es.size())));
                }
                return ZipEdits.zip(es);
            }
            case 9:
                return duplicateEntry();
            case 10:
                return new byte[rnd.nextInt(100)];
            default: {
                // Weights from another model: counts or shapes do not match the config.
                Map<String, byte[]> es = new LinkedHashMap<>(entries);
                String manifest = new String(es.get("weights.json"), StandardCharsets.UTF_8);
                es.put("weights.json", manifest.replaceFirst("\\[ 4, 8 \\]", "[ 8, 4 ]").replaceFirst("\"weights/1.npy\"", "\"weights/0.npy\"")
                        .getBytes(StandardCharsets.UTF_8));
                return ZipEdits.zip(es);
            }
        }
    }

    /** Renames one entry to its neighbour's name in the raw bytes (same length), making two entries of one name. */
    private byte[] duplicateEntry() {
        String s = new String(archive, StandardCharsets.ISO_8859_1);
        return s.replace("weights/1.npy", "weights/0.npy").getBytes(StandardCharsets.ISO_8859_1);
    }
}
