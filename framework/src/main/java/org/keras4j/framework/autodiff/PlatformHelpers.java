package org.keras4j.framework.autodiff;

import java.util.Map;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * libnd4j's platform helpers: in an nd4j-native build with oneDNN ({@code linux-x86_64-onednn}),
 * many ops (convolutions, pooling, batch normalization, matmul, ...) run through oneDNN's kernels
 * instead of libnd4j's own. In 1.0.0-M2.1 the oneDNN path of the dilated convolutions cannot even
 * build its primitive ("could not create a descriptor for a dilated convolution"), so those calls
 * are sent to libnd4j's own kernels, one call at a time (the switch is per call, so other threads
 * are unaffected). {@code PlatformHelpersTest} checks every helper-backed op against libnd4j's own
 * kernel.
 */
final class PlatformHelpers {
    /** True when the loaded native library was built with oneDNN. */
    static final boolean PRESENT = detect();

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
        int[] at = DILATION_ARGS.get(op.endsWith("_bp") ? op.substring(0, op.length() - 3) : op);
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
