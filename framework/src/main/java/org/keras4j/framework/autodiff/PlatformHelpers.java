package org.keras4j.framework.autodiff;

import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * libnd4j's platform helpers: in an nd4j-native build with oneDNN ({@code linux-x86_64-onednn}),
 * many ops (convolutions, pooling, batch normalization, matmul, ...) can run through oneDNN's
 * kernels instead of libnd4j's own. Measured on our 2-core machines, oneDNN makes convolutions and
 * pooling several times faster, but merely allowing helpers adds 15-60 us to every small
 * element-wise op (an LSTM step has dozens), so helpers are switched off process-wide and switched
 * on around the ops in {@link #HELPED} only. The switch is libnd4j's global one: another thread's op
 * that meets it switched on merely runs through oneDNN, which {@code PlatformHelpersTest} checks
 * gives libnd4j's results.
 *
 * <p>In 1.0.0-M2.1 the oneDNN path of the dilated convolutions cannot even build its primitive
 * ("could not create a descriptor for a dilated convolution"), so those calls bypass the helpers
 * through their own op context, whatever the global switch says.
 */
final class PlatformHelpers {
    /** True when the loaded native library was built with oneDNN. */
    static final boolean PRESENT = detect();

    /** The ops that run with the helpers switched on (and their {@code _bp}). */
    private static final Set<String> HELPED = Set.of("conv1d", "conv2d", "conv3dnew", "depthwise_conv2d", "deconv2d",
            "deconv3d", "maxpool2d", "avgpool2d", "maxpool3dnew", "avgpool3dnew", "batchnorm");
    /**
     * {@code matmul} joins {@link #HELPED} once any of those ops has run in this process. Measured on
     * our 2-core machines: where only matrix products run (an MLP), libnd4j's own OpenBLAS GEMM made
     * a training step about 15% faster than oneDNN's matmul; but interleaved with oneDNN's
     * convolutions, the OpenBLAS products slowed the whole CNN step by a quarter, not just themselves
     * (their threads and oneDNN's contend for the cores).
     */
    private static volatile boolean oneDnnKernelsRan;
    /** False with {@code -Dkeras4j.platformHelpers=off}: every op runs on libnd4j's own kernels. */
    static volatile boolean enabled = !"off".equals(System.getProperty("keras4j.platformHelpers"));
    private static final Object SWITCH = new Object();
    private static int helpedCallsRunning;

    static {
        if (PRESENT) {
            Nd4j.getEnvironment().allowHelpers(false);
        }
    }

    /** Where each convolution op keeps its dilation factors in its integer arguments. */
    private static final Map<String, int[]> DILATION_ARGS = Map.of(
            "conv1d", new int[] {3},
            "conv2d", new int[] {6, 7},
            "depthwise_conv2d", new int[] {6, 7},
            "deconv2d", new int[] {6, 7},
            "conv3dnew", new int[] {9, 10, 11},
            "deconv3d", new int[] {9, 10, 11});

    private PlatformHelpers() {
    }

    /** False when {@code op} with these arguments must bypass the platform helpers. */
    static boolean usable(String op, int[] iArgs) {
        if (!PRESENT || iArgs == null) {
            return true;
        }
        int[] at = DILATION_ARGS.get(forwardName(op));
        if (at == null) {
            return true;
        }
        for (int i : at) {
            if (i < iArgs.length && iArgs[i] > 1) {
                return false;
            }
        }
        return true;
    }

    /** True when {@code op} runs faster through the helpers (see {@link #runHelped}). */
    static boolean helps(String op) {
        if (!PRESENT || !enabled) {
            return false;
        }
        String forward = forwardName(op);
        if (forward.equals("matmul")) {
            return oneDnnKernelsRan;
        }
        if (HELPED.contains(forward)) {
            oneDnnKernelsRan = true;
            return true;
        }
        return false;
    }

    /** {@code conv2d} for {@code conv2d_bp}: a backward op shares its forward op's helper and arguments. */
    private static String forwardName(String op) {
        return op.endsWith("_bp") ? op.substring(0, op.length() - 3) : op;
    }

    /** Runs {@code call} with the helpers switched on (they stay on while any such call runs). */
    static void runHelped(Runnable call) {
        synchronized (SWITCH) {
            if (helpedCallsRunning++ == 0) {
                Nd4j.getEnvironment().allowHelpers(true);
            }
        }
        try {
            call.run();
        } finally {
            synchronized (SWITCH) {
                if (--helpedCallsRunning == 0) {
                    Nd4j.getEnvironment().allowHelpers(false);
                }
            }
        }
    }

    private static boolean detect() {
        Nd4j.getBackend();
        try {
            String info = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
            return info != null && info.contains("HAVE_ONEDNN");
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }
}
