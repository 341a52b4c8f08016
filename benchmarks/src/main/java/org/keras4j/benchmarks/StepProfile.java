package org.keras4j.benchmarks;

import java.util.List;
import java.util.Locale;
import org.keras4j.callbacks.EpochTimer;
import org.keras4j.framework.autodiff.GradientTape;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.ResetPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.profiler.OpProfiler;
import org.nd4j.linalg.profiler.ProfilerConfig;

/**
 * Where one training step of a benchmark model spends its time: a {@code fit} step (one epoch over
 * {@code steps} random batches of 128, after a warm-up epoch), the step split into forward, loss,
 * gradient and optimizer phases (on one fixed batch), and, with {@code --ops}, ND4J's count of native
 * calls per step by op.
 * Run it on a quiet machine; it is a diagnosis tool, the benchmark figures come from {@code run-mlp}.
 *
 * <pre>
 * java -cp benchmarks/target/classes:$(cat benchmarks/target/runtime-classpath.txt) \
 *     org.keras4j.benchmarks.StepProfile --model mlp [--steps 500] [--ops]
 * (add -Dops.stacks=true to --ops for the Java call sites of every native call)
 * </pre>
 */
public final class StepProfile {
    private static final int BATCH = 128;

    private StepProfile() {
    }

    public static void main(String[] args) {
        String model = "mlp";
        int steps = 500;
        boolean ops = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--model" -> model = args[++i];
                case "--steps" -> steps = Integer.parseInt(args[++i]);
                case "--ops" -> ops = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (usage: --model mlp|cnn|lstm|gru|rnn [--steps N] [--ops])");
            }
        }
        Backend.setRandomSeed(1);
        Sequential net = BenchmarkModels.build(model);
        net.compile("adam", "sparse_categorical_crossentropy", "accuracy");
        INDArray x = BenchmarkModels.inputs(model, Nd4j.rand(DataType.FLOAT, BATCH, 784));
        INDArray y = Nd4j.createFromArray(labels(BATCH));
        INDArray xs = BenchmarkModels.inputs(model, Nd4j.rand(DataType.FLOAT, (long) BATCH * steps, 784));
        INDArray ys = Nd4j.createFromArray(labels(BATCH * steps));

        double whole = timeFitStep(net, xs, ys, steps);
        double[] phases = timePhases(net, x, y, steps);
        System.out.printf(Locale.ROOT, "%s, batch %d, %d steps (ms per step)%n", model, BATCH, steps);
        System.out.printf(Locale.ROOT, "  fit step       %7.3f   (%.0f samples/s)%n", whole, BATCH * 1000 / whole);
        String[] names = {"forward", "loss", "gradient", "optimizer"};
        double sum = 0;
        for (int k = 0; k < names.length; k++) {
            System.out.printf(Locale.ROOT, "  %-14s %7.3f%n", names[k], phases[k]);
            sum += phases[k];
        }
        System.out.printf(Locale.ROOT, "  phases total   %7.3f   (the rest of the fit step, %.3f: metrics, batching, callbacks)%n",
                sum, whole - sum);
        if (ops) {
            countOps(net, xs, ys);
        }
    }

    private static int[] labels(int n) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (i * 7) % 10;
        }
        return labels;
    }

    /** Milliseconds per step of the second of two {@code fit} epochs (the first warms up). */
    private static double timeFitStep(Sequential net, INDArray x, INDArray y, int steps) {
        EpochTimer timer = new EpochTimer();
        net.fit(x, y, FitOptions.epochs(2).batchSize(BATCH).verbose(0).callbacks(timer));
        return timer.seconds().get(1) * 1e3 / steps;
    }

    /** The step of {@code Model.trainStep}, phase by phase, without the metric update. */
    private static double[] timePhases(Sequential net, INDArray x, INDArray y, int steps) {
        List<Variable> trainable = net.trainableWeights();
        WorkspaceConfiguration conf = WorkspaceConfiguration.builder().initialSize(0).overallocationLimit(0.2)
                .policyAllocation(AllocationPolicy.OVERALLOCATE).policyLearning(LearningPolicy.FIRST_LOOP)
                .policyReset(ResetPolicy.BLOCK_LEFT).build();
        long[] nanos = new long[4];
        for (int i = 0; i < steps; i++) {
            try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().getAndActivateWorkspace(conf, "step-profile");
                    GradientTape tape = new GradientTape()) {
                long t0 = System.nanoTime();
                Tensor pred = net.call(Tensor.constant(x), true);
                long t1 = System.nanoTime();
                Tensor loss = net.loss().compute(y, pred, null);
                loss.scalar();
                long t2 = System.nanoTime();
                List<INDArray> grads = tape.gradient(loss, trainable);
                long t3 = System.nanoTime();
                net.optimizer().applyGradients(grads, trainable);
                long t4 = System.nanoTime();
                nanos[0] += t1 - t0;
                nanos[1] += t2 - t1;
                nanos[2] += t3 - t2;
                nanos[3] += t4 - t3;
            }
        }
        double[] ms = new double[4];
        for (int k = 0; k < 4; k++) {
            ms[k] = nanos[k] / 1e6 / steps;
        }
        return ms;
    }

    /** ND4J's own count of native op calls in a ten-step {@code fit} epoch, by op. */
    private static void countOps(Sequential net, INDArray xs, INDArray ys) {
        INDArray x = xs.get(NDArrayIndex.interval(0, 10 * BATCH)).dup();
        INDArray y = ys.get(NDArrayIndex.interval(0, 10 * BATCH)).dup();
        OpProfiler.getInstance().reset();
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().checkElapsedTime(true).stackTrace(Boolean.getBoolean("ops.stacks")).build());
        net.fit(x, y, FitOptions.epochs(1).batchSize(BATCH).verbose(0).shuffle(false));
        Nd4j.getExecutioner().setProfilingConfig(ProfilerConfig.builder().build());
        System.out.printf(Locale.ROOT, "ND4J op calls in a 10-step fit epoch: %d%n", OpProfiler.getInstance().getInvocationsCount());
        OpProfiler.getInstance().printOutDashboard();
    }
}
