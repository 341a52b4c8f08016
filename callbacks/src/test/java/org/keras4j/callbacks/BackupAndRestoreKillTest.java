package org.keras4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras4j.framework.saving.Models;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fault test of issue 3: {@link ResumableRun} runs in a child JVM with BackupAndRestore
 * (backups every 4 batches) and a ModelCheckpoint (every 5 batches); it is killed with SIGKILL
 * ({@code Process.destroyForcibly()}) mid-epoch and then inside a save (between writing the
 * temporary file and renaming it), and restarted each time. After every kill the checkpoint file
 * loads; the last run ends with weights equal, bit for bit, to an uninterrupted run's.
 */
class BackupAndRestoreKillTest {
    @TempDir
    Path dir;

    /** A child training process whose output lines are collected as they come. */
    private static final class Child {
        final Process process;
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());

        Child(Path backup, Path checkpoint, Path weightsOut, int pauseAt) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            process = new ProcessBuilder(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"), ResumableRun.class.getName(),
                    backup.toString(), checkpoint.toString(), weightsOut.toString(), "4", Integer.toString(pauseAt))
                    .redirectErrorStream(true).start();
            Thread reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null;) {
                        lines.add(line);
                    }
                } catch (IOException e) {
                    // the process was killed
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        /** Waits until a line matches (or the process ends), within 60 s. */
        void await(Predicate<List<String>> condition) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline) {
                synchronized (lines) {
                    if (condition.test(lines)) {
                        return;
                    }
                }
                if (!process.isAlive()) {
                    Thread.sleep(200); // let the reader drain
                    synchronized (lines) {
                        if (condition.test(lines)) {
                            return;
                        }
                    }
                    throw new AssertionError("child ended (exit " + process.exitValue() + ") before the expected output: " + lines);
                }
                Thread.sleep(20);
            }
            throw new AssertionError("timed out waiting for the child; output: " + lines);
        }

        void kill() throws InterruptedException {
            process.destroyForcibly(); // SIGKILL on Linux
            assertTrue(process.waitFor(30, TimeUnit.SECONDS));
        }

        void finish() throws InterruptedException {
            assertTrue(process.waitFor(90, TimeUnit.SECONDS), "child did not finish: " + lines);
            assertEquals(0, process.exitValue(), "child failed: " + lines);
            assertTrue(lines.contains("DONE"), lines.toString());
        }
    }

    private static boolean sawBatchInEpoch(List<String> lines, int epoch, int batch) {
        int current = -1;
        for (String l : lines) {
            if (l.startsWith("EPOCH ")) {
                current = Integer.parseInt(l.substring(6));
            } else if (l.equals("BATCH " + batch) && current == epoch) {
                return true;
            }
        }
        return false;
    }

    private static void assertLoadable(Path checkpoint) {
        assertTrue(Files.isRegularFile(checkpoint), "the checkpoint exists");
        assertEquals(4, Models.load(checkpoint).getWeights().size());
    }

    /** The stray temporary files in {@code d} (an asynchronous kill may leave some, in either directory). */
    private static Set<Path> temporaries(Path d) throws IOException {
        try (Stream<Path> files = Files.list(d)) {
            return files.filter(CheckpointFiles::isTemporary).collect(Collectors.toSet());
        }
    }

    @Test
    void killedMidEpochAndMidSaveResumesToTheUninterruptedWeights() throws Exception {
        // The uninterrupted run, in this JVM: the same program, so the same numbers.
        long t0 = System.nanoTime();
        List<INDArray> expected = ResumableRun.train(dir.resolve("ref-backup"), dir.resolve("ref-ckpt.keras"), 4,
                CheckpointSaver.modelFiles(), List.of()).weights();
        assertFalse(Files.exists(dir.resolve("ref-backup")));
        System.out.printf("reference run: %.1f s%n", (System.nanoTime() - t0) / 1e9);

        Path backup = dir.resolve("backup");
        Path ckptDir = dir.resolve("ckpt");
        Path checkpoint = ckptDir.resolve("latest.keras");
        Path out = dir.resolve("out.bin");

        // 1. SIGKILL mid-epoch (epoch 1, after batch 4: the last backup was after batch 3).
        Child first = new Child(backup, checkpoint, out, 0);
        first.await(l -> sawBatchInEpoch(l, 1, 4));
        first.kill();
        assertLoadable(checkpoint);
        assertTrue(Files.isRegularFile(backup.resolve(BackupAndRestore.STATE_FILE)));

        // 2. Restart; SIGKILL inside the second model save of this process (temporary file written, not renamed).
        Set<Path> strays = new HashSet<>(temporaries(backup));
        strays.addAll(temporaries(ckptDir));
        Child second = new Child(backup, checkpoint, out, 2);
        second.await(l -> l.stream().anyMatch(s -> s.startsWith("PAUSED")));
        assertEquals("EPOCH 1", second.lines.stream().filter(l -> l.startsWith("EPOCH")).findFirst().orElse(""),
                "resumed in epoch 1: " + second.lines);
        assertFalse(second.lines.contains("BATCH 0"), "the batches done before the backup are skipped: " + second.lines);
        second.kill();
        Set<Path> added = new HashSet<>(temporaries(backup));
        added.addAll(temporaries(ckptDir));
        added.removeAll(strays);
        assertEquals(1, added.size(), "the kill landed inside a save: " + added);
        assertLoadable(checkpoint);

        // 3. Restart once more; SIGKILL inside the first save, right after resuming.
        Child third = new Child(backup, checkpoint, out, 1);
        third.await(l -> l.stream().anyMatch(s -> s.startsWith("PAUSED")));
        third.kill();
        assertLoadable(checkpoint);

        // 4. Restart and let it finish: the weights are the uninterrupted run's, bit for bit.
        Child last = new Child(backup, checkpoint, out, 0);
        last.finish();
        assertFalse(Files.exists(backup), "the completed run deletes its backup");
        System.out.printf("kill test total: %.1f s%n", (System.nanoTime() - t0) / 1e9);
        List<INDArray> actual = WeightFiles.read(out);
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i).dup().data().asFloat(), actual.get(i).dup().data().asFloat(), "weight " + i);
        }
        assertLoadable(checkpoint);
    }
}
