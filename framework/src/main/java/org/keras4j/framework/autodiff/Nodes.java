package org.keras4j.framework.autodiff;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.DynamicCustomOp;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.factory.Nd4j;

/** Engine internals shared by the op libraries: making tape nodes, broadcasting, native custom ops. */
final class Nodes {
    private Nodes() {
    }

    /**
     * Wraps an op's result. When a tape is open and some input needs a gradient, the node is
     * recorded with its backward rule; otherwise it is a plain constant and {@code backward} is dropped.
     */
    static Tensor make(INDArray value, Tensor.Backward backward, Tensor... inputs) {
        Tensor out = new Tensor(value);
        if (GradientTape.isRecording() && anyRequiresGrad(inputs)) {
            out.requiresGrad = true;
            out.inputs = inputs;
            out.backward = backward;
            GradientTape.record(out);
        }
        return out;
    }

    static boolean anyRequiresGrad(Tensor... inputs) {
        for (Tensor t : inputs) {
            if (t.requiresGrad) {
                return true;
            }
        }
        return false;
    }

    /** Sums a broadcast gradient back down to {@code shape} (the inverse of broadcasting). */
    static INDArray unbroadcast(INDArray grad, long[] shape) {
        long[] gs = grad.shape();
        if (Arrays.equals(gs, shape)) {
            return grad;
        }
        int lead = gs.length - shape.length;
        int[] axes = new int[gs.length];
        int n = 0;
        for (int i = 0; i < gs.length; i++) {
            if (i < lead || (shape[i - lead] == 1 && gs[i] != 1)) {
                axes[n++] = i;
            }
        }
        INDArray summed = n == 0 ? grad : grad.sum(true, Arrays.copyOf(axes, n));
        return summed.reshape(shape.length == 0 ? new long[0] : shape);
    }

    /** The shape numpy broadcasting gives two shapes, or an error naming both. */
    static long[] broadcastShape(String op, long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                throw new IllegalArgumentException(op + ": shapes " + org.keras4j.framework.layers.Shape.format(a)
                        + " and " + org.keras4j.framework.layers.Shape.format(b) + " cannot be broadcast together");
            }
            out[i] = Math.max(da, db);
        }
        return out;
    }

    /** Runs a libnd4j custom op by name, writing into {@code outputs}. */
    static void exec(String name, INDArray[] inputs, INDArray[] outputs, double[] tArgs, int[] iArgs) {
        exec(name, inputs, outputs, tArgs, iArgs, new boolean[0]);
    }

    /** {@link #exec(String, INDArray[], INDArray[], double[], int[])} with boolean arguments (keepDims, say). */
    static void exec(String name, INDArray[] inputs, INDArray[] outputs, double[] tArgs, int[] iArgs, boolean... bArgs) {
        DynamicCustomOp.DynamicCustomOpsBuilder b = DynamicCustomOp.builder(name).addInputs(inputs).addOutputs(outputs);
        if (tArgs != null && tArgs.length > 0) {
            Double[] boxed = new Double[tArgs.length];
            for (int i = 0; i < tArgs.length; i++) {
                boxed[i] = tArgs[i];
            }
            b.addFloatingPointArguments(boxed);
        }
        if (iArgs != null && iArgs.length > 0) {
            b.addIntegerArguments(iArgs);
        }
        if (bArgs != null && bArgs.length > 0) {
            b.addBooleanArguments(bArgs);
        }
        DynamicCustomOp op = b.build();
        if (PlatformHelpers.usable(name, iArgs)) {
            if (PlatformHelpers.helps(name)) {
                PlatformHelpers.runHelped(() -> Nd4j.exec(op));
            } else {
                Nd4j.exec(op);
            }
            return;
        }
        try (OpContext ctx = Nd4j.getExecutioner().buildContext()) {
            ctx.allowHelpers(false);
            ctx.setInputArrays(inputs);
            ctx.setOutputArrays(outputs);
            ctx.setTArguments(op.tArgs());
            ctx.setIArguments(op.iArgs());
            ctx.setBArguments(op.bArgs());
            Nd4j.exec(op, ctx);
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(name + ": " + e.getMessage(), e);
        }
    }

    /** Backward of a unary element-wise op via libnd4j's {@code <name>_bp(x, gradOut)}. */
    static INDArray unaryBp(String bpName, INDArray x, INDArray gradOut, double... tArgs) {
        INDArray out = x.ulike();
        exec(bpName, new INDArray[] {x, gradOut}, new INDArray[] {out}, tArgs, null);
        return out;
    }
}
