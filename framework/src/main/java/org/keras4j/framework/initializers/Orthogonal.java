package org.keras4j.framework.initializers;

import java.util.Arrays;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.rng.Random;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Keras's orthogonal initializer (class name {@code "OrthogonalInitializer"}; {@code "Orthogonal"}
 * and {@code "orthogonal"} also resolve): the weight, viewed as a matrix of
 * {@code rows = shape[0] * ... * shape[n-2]} by {@code cols = shape[n-1]}, has orthonormal columns
 * (rows when {@code rows < cols}), times {@code gain}.
 *
 * <p>As Keras: a {@code (max(rows, cols), min(rows, cols))} standard-normal matrix is factored
 * {@code A = QR} (LAPACK {@code geqrf} through ND4J), the columns of {@code Q} are multiplied by the
 * signs of {@code diag(R)} (which makes {@code Q} uniformly distributed), {@code Q} is transposed
 * when {@code rows < cols}, and reshaped to {@code shape}. The default for recurrent kernels.
 * Defaults {@code gain=1.0}, {@code seed=null} (global generator). Needs rank >= 2.
 */
public record Orthogonal(double gain, Long seed) implements Initializer {
    /** {@code Orthogonal(gain=1.0)}, unseeded. */
    public Orthogonal() {
        this(1.0, null);
    }

    @Override
    public INDArray generate(long[] shape, DataType dtype) {
        Sampling.requireShape("Orthogonal", shape);
        Sampling.requireFloat("Orthogonal", dtype);
        if (shape.length < 2) {
            throw new IllegalArgumentException("Orthogonal: the tensor to initialize must be at least two-dimensional, "
                    + "received shape=" + Arrays.toString(shape) + " of rank " + shape.length);
        }
        long cols = shape[shape.length - 1];
        long rows = Arrays.stream(shape, 0, shape.length - 1).reduce(1, (p, d) -> p * d);
        if (rows == 0 || cols == 0) {
            return Nd4j.create(dtype, shape);
        }
        // LAPACK works in float32 or float64; other float types are computed in float32 and cast
        DataType work = dtype == DataType.DOUBLE ? DataType.DOUBLE : DataType.FLOAT;
        long m = Math.max(rows, cols);
        long n = Math.min(rows, cols);
        INDArray q = Sampling.withRandom(seed, rng -> orthonormalColumns(rng, m, n, work));
        if (rows < cols) {
            q = q.transpose();
        }
        return q.dup('c').reshape('c', shape).muli(gain).castTo(dtype);
    }

    /** The {@code m x n} ({@code m >= n}) sign-corrected Q factor of a standard-normal matrix. */
    private static INDArray orthonormalColumns(Random rng, long m, long n, DataType work) {
        INDArray a = Sampling.normal(rng, new long[] {m, n}, work, 0.0, 1.0);
        INDArray r = Nd4j.create(work, n, n);
        Nd4j.getBlasWrapper().lapack().geqrf(a, r); // a becomes Q
        INDArray signs = Transforms.sign(Nd4j.diag(r), false);
        return a.muliRowVector(signs.reshape(n));
    }

    @Override
    public String className() {
        return "OrthogonalInitializer";
    }

    @Override
    public Map<String, Object> getConfig() {
        return Sampling.config("gain", gain, "seed", seed);
    }
}
