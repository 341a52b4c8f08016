package org.keras4j.framework.data;

import java.util.Arrays;
import java.util.Objects;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-feature standardization with statistics fitted on training data, so that validation and test
 * data are transformed with the training set's mean and standard deviation (a fitted scaler).
 *
 * <p>{@link #fit} computes, over the sample axis 0, each feature's mean and population standard
 * deviation (divisor n, as Keras's {@code Normalization} layer and NumPy's default);
 * {@link #transform} returns {@code (x - mean) / std}. A feature that is constant in the training
 * data gets {@code std = 1}, so it maps to {@code x - mean} instead of dividing by zero (Keras's
 * {@code Normalization} layer divides by {@code max(std, 1e-7)} instead, which blows up test values
 * that differ from the constant). A feature is every position after axis 0: for images
 * {@code (n, 28, 28)}, each of the 784 pixels.
 *
 * <pre>{@code
 * Standardizer scaler = Standardizer.fit(xTrain);
 * INDArray xTrainStd = scaler.transform(xTrain);
 * INDArray xTestStd = scaler.transform(xTest);      // training statistics, not the test set's
 * }</pre>
 *
 * @param mean the per-feature mean, of the feature shape (the samples' shape without axis 0)
 * @param std  the per-feature standard deviation, same shape and type as {@code mean}, all positive
 */
public record Standardizer(INDArray mean, INDArray std) {

    /** Checks that the statistics agree in shape and type and that every deviation is positive. */
    public Standardizer {
        Objects.requireNonNull(mean, "Standardizer: mean must not be null");
        Objects.requireNonNull(std, "Standardizer: std must not be null");
        if (!Arrays.equals(mean.shape(), std.shape()) || mean.dataType() != std.dataType()) {
            throw new IllegalArgumentException("Standardizer: mean and std must have the same shape and type, received "
                    + "mean " + mean.dataType() + " " + Shape.format(mean.shape()) + " and std " + std.dataType() + " "
                    + Shape.format(std.shape()));
        }
        if (!mean.dataType().isFPType()) {
            throw new IllegalArgumentException("Standardizer: mean and std must be floating-point, received "
                    + mean.dataType());
        }
        if (!std.isEmpty() && !(std.minNumber().doubleValue() > 0)) {
            throw new IllegalArgumentException("Standardizer: every std must be positive, received a minimum of "
                    + std.minNumber());
        }
    }

    /**
     * Computes each feature's mean and population standard deviation over axis 0 of {@code x}. The
     * statistics are accumulated in float64 and stored in {@code x}'s floating type
     * ({@link Backend#floatx() floatx} for integer input).
     *
     * @param x training data of shape {@code (n, features...)}, at least one sample
     */
    public static Standardizer fit(INDArray x) {
        Objects.requireNonNull(x, "Standardizer.fit: x must not be null");
        if (x.rank() == 0 || x.size(0) == 0) {
            throw new IllegalArgumentException("Standardizer.fit: x must hold at least one sample along axis 0, "
                    + "received shape " + Shape.format(x.shape()));
        }
        DataType type = x.dataType().isFPType() ? x.dataType() : Backend.floatx();
        // float64 accumulation: a float32 sum over tens of thousands of samples loses digits.
        INDArray x64 = x.castTo(DataType.DOUBLE);
        INDArray mean = x64.mean(0);
        INDArray std = x64.std(false, 0);
        std.addi(std.eq(0.0).castTo(DataType.DOUBLE)); // constant features: std 1
        return new Standardizer(mean.castTo(type), std.castTo(type));
    }

    /** {@code (x - mean) / std}, a new array of the statistics' type; {@code x} keeps its values. */
    public INDArray transform(INDArray x) {
        checkFeatures("transform", x);
        return x.castTo(mean.dataType()).sub(mean).divi(std);
    }

    /** {@code x * std + mean}, undoing {@link #transform}. */
    public INDArray inverseTransform(INDArray x) {
        checkFeatures("inverseTransform", x);
        return x.castTo(mean.dataType()).mul(std).addi(mean);
    }

    private void checkFeatures(String method, INDArray x) {
        Objects.requireNonNull(x, "Standardizer." + method + ": x must not be null");
        long[] s = x.shape();
        if (s.length == 0 || !Arrays.equals(Arrays.copyOfRange(s, 1, s.length), mean.shape())) {
            long[] expected = new long[mean.rank() + 1];
            expected[0] = Shape.NONE;
            System.arraycopy(mean.shape(), 0, expected, 1, mean.rank());
            throw new IllegalArgumentException("Standardizer." + method + ": expected x of shape "
                    + Shape.format(expected) + " (samples of the shape it was fitted on), received shape "
                    + Shape.format(s));
        }
    }
}
