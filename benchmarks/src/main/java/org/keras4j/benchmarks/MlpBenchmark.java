package org.keras4j.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.Properties;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs one peer of the MLP benchmark in this JVM and writes its result as JSON (the same keys as
 * {@code bench_torch.py train}). {@code benchmarks/run-mlp} starts one fresh JVM per run.
 *
 * <pre>
 * java -cp benchmarks/target/classes:benchmarks/target/lib/* org.keras4j.benchmarks.MlpBenchmark \
 *     --peer dl4j|keras4j [--model mlp|cnn|lstm] [--label NAME] [--epochs 3] [--subset 0] [--seed 42] [--out result.json]
 * </pre>
 * Samples per second = training examples / median epoch seconds, the first epoch (warm-up) excluded.
 */
public final class MlpBenchmark {

    /** Peer implementations by model ({@code --model mlp|cnn|lstm}) and peer name. */
    private static final Map<String, Map<String, Supplier<MlpPeer>>> MODELS = Map.of(
            "mlp", Map.of("dl4j", () -> new Dl4jPeer("mlp"), "keras4j", () -> new Keras4jPeer("mlp")),
            "cnn", Map.of("dl4j", () -> new Dl4jPeer("cnn"), "keras4j", () -> new Keras4jPeer("cnn")),
            "lstm", Map.of("dl4j", () -> new Dl4jPeer("lstm"), "keras4j", () -> new Keras4jPeer("lstm")));

    private MlpBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> opts = parse(args);
        String peerName = opts.getOrDefault("peer", "");
        String label = opts.getOrDefault("label", peerName);
        int epochs = Integer.parseInt(opts.getOrDefault("epochs", "3"));
        long subset = Long.parseLong(opts.getOrDefault("subset", "0"));
        long seed = Long.parseLong(opts.getOrDefault("seed", "42"));
        String out = opts.get("out");
        String model = opts.getOrDefault("model", "mlp");
        if (!MODELS.containsKey(model)) {
            throw new IllegalArgumentException("MlpBenchmark: --model must be one of " + MODELS.keySet() + ", received --model " + model);
        }
        Map<String, Supplier<MlpPeer>> peers = MODELS.get(model);
        if (!peers.containsKey(peerName)) {
            throw new IllegalArgumentException("MlpBenchmark: --peer must be one of " + peers.keySet()
                    + ", received --peer " + peerName);
        }
        if (epochs < 1) {
            throw new IllegalArgumentException("MlpBenchmark: --epochs must be at least 1, received " + epochs);
        }

        MlpPeer peer = peers.get(peerName).get();

        long t0 = System.nanoTime();
        FashionMnistIdx.Split train = FashionMnistIdx.load("train").head(subset);
        FashionMnistIdx.Split test = FashionMnistIdx.load("test");
        double loadSeconds = (System.nanoTime() - t0) / 1e9;

        MlpPeer.Result r = peer.run(train, test, epochs, seed);

        List<Double> steady = r.epochSeconds().size() > 1 ? r.epochSeconds().subList(1, r.epochSeconds().size())
                : r.epochSeconds();
        double median = median(steady);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("peer", peerName);
        json.put("label", label);
        json.put("model", model);
        json.put("epochs", epochs);
        json.put("train_samples", train.size());
        json.put("batch_size", MlpPeer.BATCH_SIZE);
        json.put("num_params", r.numParams() < 0 ? null : r.numParams());
        json.put("epoch_seconds", r.epochSeconds());
        json.put("median_epoch_seconds_excl_first", median);
        json.put("samples_per_second_excl_first", train.size() / median);
        json.put("first_epoch_seconds", r.epochSeconds().get(0));
        json.put("test_accuracy", r.testAccuracy());
        json.put("eval_seconds", r.evalSeconds());
        json.put("data_load_seconds", loadSeconds);
        json.put("final_loss", r.finalLoss());
        json.put("seed", seed);
        json.put("notes", r.notes());
        json.putAll(environment());
        String text = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(json);
        System.out.println(text);
        if (out != null) {
            Path path = Path.of(out).toAbsolutePath();
            Files.createDirectories(path.getParent());
            Files.writeString(path, text + "\n");
        }
        // ND4J's native threads can keep a JVM alive; the result is written, so leave now.
        System.exit(0);
    }

    /** Median as numpy computes it (mean of the two middle values for an even count). */
    static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        int m = v.length / 2;
        return v.length % 2 == 1 ? v[m] : (v[m - 1] + v[m]) / 2.0;
    }

    private static Map<String, Object> environment() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        env.put("jvm_args", ManagementFactory.getRuntimeMXBean().getInputArguments());
        env.put("OMP_NUM_THREADS", System.getenv("OMP_NUM_THREADS"));
        env.put("OMP_WAIT_POLICY", System.getenv("OMP_WAIT_POLICY"));
        env.put("available_processors", Runtime.getRuntime().availableProcessors());
        Properties nd4j = Nd4j.getExecutioner().getEnvironmentInformation();
        Map<String, Object> nd4jInfo = new LinkedHashMap<>();
        for (String key : new String[] {"backend", "blas.vendor", "omp.threads", "blas.threads", "cores"}) {
            nd4jInfo.put(key, nd4j.get(key));
        }
        // The jar name carries the version (its manifest does not).
        nd4jInfo.put("nd4j_api_jar", Path.of(Nd4j.class.getProtectionDomain().getCodeSource().getLocation().getPath())
                .getFileName().toString());
        env.put("nd4j", nd4jInfo);
        return env;
    }

    private static Map<String, String> parse(String[] args) {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("MlpBenchmark: expected --name value pairs, received "
                        + Arrays.toString(args));
            }
            opts.put(args[i].substring(2), args[++i]);
        }
        return opts;
    }
}
