package org.keras4j.framework.backend;

import java.util.Locale;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Process-wide settings of the engine: the float type of new weights and inputs ({@code floatx}),
 * the random seed, and ND4J's start-up (quiet logs, a threading set-up that suits small machines).
 *
 * <pre>{@code
 * Backend.setRandomSeed(42);          // initializers, dropout and shuffling become reproducible
 * Backend.setFloatx("float64");       // Keras's keras.config.set_floatx
 * }</pre>
 */
public final class Backend {
    private static volatile DataType floatx = DataType.FLOAT;
    private static volatile HostRandom shuffleRandom = new HostRandom();
    private static volatile boolean initialized;

    private Backend() {
    }

    /**
     * Starts ND4J once: its INFO chatter is silenced (when Logback is the SLF4J binding) and, unless
     * the user chose an OpenMP wait policy, its OpenMP threads are made to sleep rather than spin
     * when idle ({@link NativeThreads}), and native allocations skip a resident-size system call
     * ({@link NativeAllocations}). Layers, models and data loaders call it first thing; call it
     * yourself before your first direct ND4J call to get the same threading.
     */
    public static void init() {
        if (initialized) {
            return;
        }
        synchronized (Backend.class) {
            if (initialized) {
                return;
            }
            QuietLogs.apply();
            NativeThreads.preferPassiveWaiting();
            NativeAllocations.skipResidentSizeChecks();
            Nd4j.setDefaultDataTypes(floatx, floatx);
            initialized = true;
        }
    }

    /** The float type of new weights and inputs: {@code FLOAT} (default) or {@code DOUBLE}. */
    public static DataType floatx() {
        return floatx;
    }

    /** Sets the float type by Keras name: {@code "float32"} or {@code "float64"}. */
    public static void setFloatx(String name) {
        DataType t = switch (name.toLowerCase(Locale.ROOT)) {
            case "float32" -> DataType.FLOAT;
            case "float64" -> DataType.DOUBLE;
            default -> throw new IllegalArgumentException(
                    "Unknown floatx: '" + name + "'. Expected one of: float32, float64");
        };
        init();
        floatx = t;
        Nd4j.setDefaultDataTypes(t, t);
    }

    /**
     * Seeds everything random in Keras4J (weight initializers, dropout, shuffling), as Keras's
     * {@code keras.utils.set_random_seed}. Two runs with the same seed train to bit-identical weights.
     */
    public static void setRandomSeed(long seed) {
        init();
        Nd4j.getRandom().setSeed(seed);
        shuffleRandom = new HostRandom(seed);
    }

    /** The Java-side generator used for shuffling and other host-side sampling. */
    public static Random hostRandom() {
        return shuffleRandom;
    }

    /**
     * The current state of every generator training draws from: the host generator and ND4J's
     * generator of the calling thread. {@link #setRandomState} puts it back, so a run resumed from a
     * backup draws exactly the numbers the interrupted run would have drawn.
     */
    public static RandomState randomState() {
        init();
        long[] host = shuffleRandom.state();
        org.nd4j.linalg.api.rng.Random nd = Nd4j.getRandom();
        return new RandomState(host[0], host[1] != 0, host[2], nd.rootState(), nd.nodeState());
    }

    /** Restores a {@link #randomState()} snapshot (host generator and this thread's ND4J generator). */
    public static void setRandomState(RandomState state) {
        init();
        shuffleRandom.restore(new long[] {state.hostSeed(), state.hostHasGaussian() ? 1 : 0, state.hostNextGaussianBits()});
        Nd4j.getRandom().setStates(state.nativeRootState(), state.nativeNodeState());
    }
}
