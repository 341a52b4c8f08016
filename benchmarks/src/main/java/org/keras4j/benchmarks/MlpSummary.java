package org.keras4j.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Collects the per-run result files of one {@code run-mlp} invocation, prints the table of medians and the
 * speed ratios, and writes them as one JSON file.
 *
 * <p>In the run directory, {@code LABEL.rK.json} is run K of a peer (from {@link MlpBenchmark} or
 * {@code bench_torch.py}), {@code LABEL.skipped} and {@code LABEL.rK.failed} hold the reason a peer was
 * skipped or a run failed, {@code LABEL.rK.load} the 1-minute load average just before run K. A ratio A/B is
 * A's median samples/s over B's: above 1 means A trains faster.
 *
 * <p>Two figures per peer: <b>samples/s</b>, the median over runs of each run's samples/s (training examples
 * over the median epoch time, first epoch excluded), the headline figure; and <b>best-epoch samples/s</b>, the
 * median over runs of training examples over the run's fastest non-first epoch. On a shared machine other
 * processes only ever slow an epoch down, so the best epoch is the better estimate of what the peer can do
 * when it has the cores; a large gap between the two figures means the run was disturbed. A third,
 * <b>whole-fit samples/s</b> (training examples times epochs over the whole fit, first epoch included),
 * charges each peer its warm-up: the JIT's for the JVM peers.
 *
 * <pre>
 * java -cp ... org.keras4j.benchmarks.MlpSummary --runs DIR --out summary.json
 * </pre>
 */
public final class MlpSummary {

    /** Ratios worth printing, numerator first; a pair is shown when both peers have results. */
    private static final String[][] RATIOS = {
            {"keras4j", "dl4j"}, {"keras4j", "pytorch"},
            {"keras4j-passive", "dl4j"}, {"keras4j-passive", "pytorch"},
            {"dl4j", "pytorch"}, {"dl4j-default", "dl4j"},
            {"keras4j-parallelgc", "dl4j-parallelgc"}, {"keras4j-parallelgc", "pytorch"}, {"keras4j-parallelgc", "keras4j"},
            {"keras4j", "keras4j-native"}, {"keras4j-avx2", "keras4j"}, {"keras4j-avx512", "keras4j"},
            {"keras4j-onednn", "keras4j"}, {"keras4j-onednn-avx2", "keras4j"}};

    /** Display order of the known labels; others follow alphabetically. */
    private static final List<String> ORDER = List.of(
            "keras4j", "keras4j-parallelgc", "keras4j-passive", "keras4j-native", "dl4j", "dl4j-parallelgc", "dl4j-default",
            "dl4j-iterator", "pytorch");

    private MlpSummary() {
    }

    public static void main(String[] args) throws IOException {
        String benchmark = "mlp";
        if (args.length == 6 && args[4].equals("--benchmark")) {
            benchmark = args[5];
            args = java.util.Arrays.copyOf(args, 4);
        }
        if (args.length != 4 || !args[0].equals("--runs") || !args[2].equals("--out")) {
            throw new IllegalArgumentException("MlpSummary: usage --runs DIR --out FILE [--benchmark mlp|cnn|lstm]");
        }
        Path dir = Path.of(args[1]);
        Path out = Path.of(args[3]);
        ObjectMapper mapper = new ObjectMapper();

        Map<String, List<JsonNode>> runs = new TreeMap<>(MlpSummary::compareLabels);
        Map<String, List<Double>> loads = new TreeMap<>(MlpSummary::compareLabels);
        Map<String, String> skipped = new TreeMap<>(MlpSummary::compareLabels);
        List<String> failed = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        for (Path f : files) {
            String name = f.getFileName().toString();
            String label = name.substring(0, name.indexOf('.'));
            if (name.endsWith(".skipped")) {
                skipped.put(label, Files.readString(f).strip());
            } else if (name.endsWith(".failed")) {
                failed.add(name.substring(0, name.length() - ".failed".length()) + ": " + Files.readString(f).strip());
            } else if (name.matches(".+\\.r\\d+\\.json")) {
                runs.computeIfAbsent(label, k -> new ArrayList<>()).add(mapper.readTree(f.toFile()));
                Path load = f.resolveSibling(name.replaceAll("\\.json$", ".load"));
                if (Files.exists(load)) {
                    loads.computeIfAbsent(label, k -> new ArrayList<>()).add(Double.parseDouble(Files.readString(load).strip()));
                }
            }
        }

        Map<String, Object> peers = new LinkedHashMap<>();
        Map<String, Medians> medians = new LinkedHashMap<>();
        StringBuilder table = new StringBuilder();
        table.append(String.format("%-16s %4s %10s %17s %11s %10s %9s %11s %6s %8s%n", "peer", "runs", "samples/s",
                "(min..max)", "best-epoch", "whole fit", "test acc", "1st epoch s", "load", "OMP wait"));
        for (Map.Entry<String, List<JsonNode>> e : runs.entrySet()) {
            List<Double> sps = values(e.getValue(), "samples_per_second_excl_first");
            List<Double> acc = values(e.getValue(), "test_accuracy");
            List<Double> first = values(e.getValue(), "first_epoch_seconds");
            double medSps = MlpBenchmark.median(sps);
            double medAcc = MlpBenchmark.median(acc);
            List<Double> best = e.getValue().stream().map(MlpSummary::bestEpochSamplesPerSecond).toList();
            double medBest = MlpBenchmark.median(best);
            List<Double> whole = e.getValue().stream().map(MlpSummary::wholeFitSamplesPerSecond).toList();
            double medWhole = MlpBenchmark.median(whole);
            List<Double> load = loads.getOrDefault(e.getKey(), List.of());
            double medLoad = load.isEmpty() ? Double.NaN : MlpBenchmark.median(load);
            medians.put(e.getKey(), new Medians(medSps, medBest, medWhole));
            JsonNode policy = e.getValue().get(0).get("OMP_WAIT_POLICY");
            String policyText = e.getKey().equals("pytorch") ? "(torch)"
                    : policy == null || policy.isNull() ? "default" : policy.asText();
            table.append(String.format("%-16s %4d %10.0f %17s %11.0f %10.0f %9.4f %11.2f %6.2f %8s%n", e.getKey(),
                    sps.size(), medSps, String.format("(%.0f..%.0f)", min(sps), max(sps)), medBest, medWhole, medAcc,
                    MlpBenchmark.median(first), medLoad, policyText));
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("runs", sps.size());
            p.put("median_samples_per_second", medSps);
            p.put("samples_per_second", sps);
            p.put("median_best_epoch_samples_per_second", medBest);
            p.put("best_epoch_samples_per_second", best);
            p.put("median_whole_fit_samples_per_second", medWhole);
            p.put("whole_fit_samples_per_second", whole);
            p.put("median_test_accuracy", medAcc);
            p.put("test_accuracy", acc);
            p.put("median_first_epoch_seconds", MlpBenchmark.median(first));
            p.put("load_average_before_runs", load);
            p.put("OMP_WAIT_POLICY", policyText);
            peers.put(e.getKey(), p);
        }
        for (Map.Entry<String, String> s : skipped.entrySet()) {
            table.append(String.format("%-16s skipped: %s%n", s.getKey(), s.getValue()));
        }
        for (String f : failed) {
            table.append("FAILED ").append(f).append('\n');
        }

        Map<String, Double> ratios = new LinkedHashMap<>();
        Map<String, Double> bestRatios = new LinkedHashMap<>();
        Map<String, Double> wholeRatios = new LinkedHashMap<>();
        StringBuilder ratioText = new StringBuilder(String.format("  %-26s %9s %11s %10s%n", "", "samples/s", "best-epoch", "whole fit"));
        for (String[] pair : RATIOS) {
            if (medians.containsKey(pair[0]) && medians.containsKey(pair[1])) {
                String name = pair[0] + "/" + pair[1];
                Medians num = medians.get(pair[0]);
                Medians den = medians.get(pair[1]);
                double r = num.samplesPerSecond() / den.samplesPerSecond();
                double b = num.bestEpoch() / den.bestEpoch();
                double w = num.wholeFit() / den.wholeFit();
                ratios.put(name, r);
                bestRatios.put(name, b);
                wholeRatios.put(name, w);
                ratioText.append(String.format("  %-26s %9.2f %11.2f %10.2f%n", name, r, b, w));
            }
        }
        if (!medians.containsKey("keras4j")) {
            ratioText.append("  (Keras4J ratios need the keras4j peer; it did not run)\n");
        }

        System.out.println();
        System.out.print(table);
        System.out.println("\nSpeed ratios of the medians (> 1 = numerator faster):");
        System.out.print(ratioText);

        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("benchmark", benchmark);
        summary.put("run_directory", dir.toAbsolutePath().toString());
        summary.put("peers", peers);
        summary.put("ratios", ratios);
        summary.put("best_epoch_ratios", bestRatios);
        summary.put("whole_fit_ratios", wholeRatios);
        summary.put("skipped", skipped);
        summary.put("failed", failed);
        summary.put("runs", runs);
        Path abs = out.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(abs.toFile(), summary);
        System.out.println("\nWrote " + abs);
    }

    /** One peer's median samples/s by the three measures. */
    private record Medians(double samplesPerSecond, double bestEpoch, double wholeFit) {
    }

    private static int compareLabels(String a, String b) {
        int ia = ORDER.indexOf(a);
        int ib = ORDER.indexOf(b);
        if (ia >= 0 && ib >= 0) {
            return Integer.compare(ia, ib);
        }
        if (ia >= 0 || ib >= 0) {
            return ia >= 0 ? -1 : 1;
        }
        return a.compareTo(b);
    }

    /** Training examples over the fastest epoch after the first (the only epoch when there is one). */
    private static double bestEpochSamplesPerSecond(JsonNode run) {
        JsonNode seconds = run.get("epoch_seconds");
        double fastest = Double.POSITIVE_INFINITY;
        for (int i = seconds.size() > 1 ? 1 : 0; i < seconds.size(); i++) {
            fastest = Math.min(fastest, seconds.get(i).asDouble());
        }
        return run.get("train_samples").asDouble() / fastest;
    }

    /** Training examples times epochs over the summed epoch times: the whole fit, first epoch included. */
    private static double wholeFitSamplesPerSecond(JsonNode run) {
        JsonNode seconds = run.get("epoch_seconds");
        double total = 0;
        for (JsonNode s : seconds) {
            total += s.asDouble();
        }
        return run.get("train_samples").asDouble() * seconds.size() / total;
    }

    private static List<Double> values(List<JsonNode> runs, String key) {
        return runs.stream().map(r -> r.get(key).asDouble()).toList();
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
