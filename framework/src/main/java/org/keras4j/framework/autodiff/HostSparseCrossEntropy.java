package org.keras4j.framework.autodiff;

import static org.keras4j.framework.autodiff.Nodes.make;

import java.util.Arrays;
import org.keras4j.framework.backend.HostFloats;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sparse softmax cross-entropy for a batch's worth of float32 logits on the CPU, computed in one pass
 * over a host copy. A classifier's logits are small (128 x 10 for the MLP example), and the native
 * formulation (one-hot, max, shift, exp, sum, log, gather, and five more ops backward) spends about
 * fourteen libnd4j calls on them, each mostly call overhead; here it is three bulk copies. Same
 * maths as {@link NnOps#sparseSoftmaxCrossEntropyWithLogits}'s native path:
 * {@code loss = logsumexp(z) - z[label]} with the maximum shifted out, gradient
 * {@code (softmax(z) - onehot(label)) * g}. {@code -Dkeras4j.loss.kernel=native} turns it off.
 */
final class HostSparseCrossEntropy {
    static final boolean ENABLED = !"native".equals(System.getProperty("keras4j.loss.kernel"));

    private HostSparseCrossEntropy() {
    }

    static boolean supports(INDArray labels, INDArray logits) {
        return ENABLED && logits.rank() >= 2 && HostFloats.isSmallDense(logits)
                && labels.length() * logits.size(-1) == logits.length();
    }

    /** One loss per row of {@code logits}, shaped like {@code logits} without its last axis. */
    static Tensor apply(INDArray labels, Tensor logits) {
        int classes = (int) logits.size(-1);
        int rows = (int) (logits.value().length() / classes);
        int[] target = truncated(HostFloats.toDoubles(labels));
        float[] p = HostFloats.read(logits.value());
        float[] loss = new float[rows];
        softmaxRows(p, target, classes, loss);
        long[] shape = logits.shape();
        INDArray out = HostFloats.toArray(loss, Arrays.copyOf(shape, shape.length - 1));
        return make(out, g -> {
            float[] perRow = new float[rows];
            HostFloats.read(HostFloats.isDense(g) ? g : g.castTo(DataType.FLOAT).dup('c'), perRow);
            return new INDArray[] {HostFloats.toArray(gradient(p, target, perRow, classes), shape)};
        }, logits);
    }

    // The loops live in small methods of their own: the JIT then compiles them once, quickly, instead
    // of compiling (and on-stack replacing) the ND4J calls around them over and over during warm-up.

    /** Labels as class indices, truncated as a native cast does. */
    private static int[] truncated(double[] labels) {
        int[] out = new int[labels.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (int) labels[i];
        }
        return out;
    }

    /** Each row of {@code p} becomes its softmax; {@code loss[r] = logsumexp(z_r) - z_r[label]}. */
    private static void softmaxRows(float[] p, int[] target, int classes, float[] loss) {
        for (int r = 0; r < loss.length; r++) {
            int label = target[r];
            if (label < 0 || label >= classes) {
                throw new IllegalArgumentException("sparse softmax cross-entropy: label " + label + " of row " + r
                        + " is outside 0.." + (classes - 1));
            }
            int base = r * classes;
            float max = Float.NEGATIVE_INFINITY;
            for (int k = 0; k < classes; k++) {
                max = Math.max(max, p[base + k]);
            }
            double sum = 0;
            float picked = p[base + label] - max;
            for (int k = 0; k < classes; k++) {
                float e = (float) Math.exp(p[base + k] - max);
                p[base + k] = e;
                sum += e;
            }
            loss[r] = (float) (Math.log(sum) - picked);
            float inv = (float) (1.0 / sum);
            for (int k = 0; k < classes; k++) {
                p[base + k] *= inv; // kept for the backward pass: softmax(z)
            }
        }
    }

    /** {@code (softmax - onehot(label)) * g} row by row. */
    private static float[] gradient(float[] softmax, int[] target, float[] perRow, int classes) {
        float[] grad = new float[perRow.length * classes];
        for (int r = 0; r < perRow.length; r++) {
            int base = r * classes;
            for (int k = 0; k < classes; k++) {
                grad[base + k] = softmax[base + k] * perRow[r];
            }
            grad[base + target[r]] -= perRow[r];
        }
        return grad;
    }
}
