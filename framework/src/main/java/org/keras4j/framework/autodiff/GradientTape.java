package org.keras4j.framework.autodiff;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Records the ops run on this thread while it is open, then computes reverse-mode gradients, as
 * Keras's (TensorFlow's) {@code GradientTape}. Trainable variables are watched automatically;
 * other tensors with {@link #watch}.
 *
 * <pre>{@code
 * try (GradientTape tape = new GradientTape()) {
 *     Tensor loss = lossFn.apply(y, model.call(x, true));
 *     List<INDArray> grads = tape.gradient(loss, model.trainableWeights());
 *     optimizer.applyGradients(grads, model.trainableWeights());
 * }
 * }</pre>
 *
 * <p>Nothing is recorded when no tape is open, so inference costs no bookkeeping. A tape that is
 * not persistent may compute gradients once. Tapes nest: every open tape on the thread records.
 */
public final class GradientTape implements AutoCloseable {
    private static final ThreadLocal<ArrayDeque<GradientTape>> ACTIVE = ThreadLocal.withInitial(ArrayDeque::new);

    private final boolean persistent;
    private final ArrayList<Tensor> nodes = new ArrayList<>();
    private boolean used;
    private boolean closed;

    public GradientTape() {
        this(false);
    }

    /** @param persistent when true, {@link #gradient} may be called more than once */
    public GradientTape(boolean persistent) {
        this.persistent = persistent;
        ACTIVE.get().push(this);
    }

    /** True when some tape is open on this thread. */
    public static boolean isRecording() {
        return !ACTIVE.get().isEmpty();
    }

    /** Called by ops: appends a node to every open tape. */
    static void record(Tensor output) {
        for (GradientTape tape : ACTIVE.get()) {
            tape.nodes.add(output);
        }
    }

    /** Makes gradients flow into {@code tensor} (an input, say) as they do into trainable variables. */
    public void watch(Tensor tensor) {
        tensor.requiresGrad = true;
    }

    /** Gradient of a scalar {@code target} with respect to one source; null if target does not depend on it. */
    public INDArray gradient(Tensor target, Tensor source) {
        return gradient(target, List.of(source)).get(0);
    }

    /**
     * Gradients of {@code target} (a scalar, or any tensor, whose elements are then summed) with
     * respect to each source. An entry is null when the target does not depend on that source.
     */
    public List<INDArray> gradient(Tensor target, List<? extends Tensor> sources) {
        if (used && !persistent) {
            throw new IllegalStateException(
                    "A non-persistent GradientTape can only compute gradients once; use new GradientTape(true)");
        }
        used = true;
        Map<Tensor, Accumulator> grads = new IdentityHashMap<>();
        INDArray seed = Ops.filled(target.shape(), 1.0, target.value());
        grads.put(target, new Accumulator(seed, true));
        for (int n = nodes.size() - 1; n >= 0; n--) {
            Tensor node = nodes.get(n);
            Accumulator acc = grads.get(node);
            if (acc == null || node.backward == null) {
                continue;
            }
            INDArray[] inputGrads = node.backward.apply(acc.value);
            Tensor[] inputs = node.inputs;
            for (int i = 0; i < inputs.length; i++) {
                if (inputGrads[i] == null || !inputs[i].requiresGrad) {
                    continue;
                }
                Accumulator existing = grads.get(inputs[i]);
                if (existing == null) {
                    grads.put(inputs[i], new Accumulator(inputGrads[i], false));
                } else {
                    existing.add(inputGrads[i]);
                }
            }
        }
        List<INDArray> result = new ArrayList<>(sources.size());
        for (Tensor s : sources) {
            Accumulator acc = grads.get(s);
            result.add(acc == null ? null : acc.value);
        }
        return result;
    }

    /** Stops recording and forgets the recorded ops. Safe to call twice. */
    @Override
    public void close() {
        if (!closed) {
            closed = true;
            ACTIVE.get().remove(this);
            nodes.clear();
        }
    }

    /** A gradient sum that copies before its first in-place add, since the first term may be shared. */
    private static final class Accumulator {
        INDArray value;
        boolean ownsValue;

        Accumulator(INDArray value, boolean ownsValue) {
            this.value = value;
            this.ownsValue = ownsValue;
        }

        void add(INDArray g) {
            if (ownsValue) {
                value.addi(g);
            } else {
                value = value.add(g);
                ownsValue = true;
            }
        }
    }
}
