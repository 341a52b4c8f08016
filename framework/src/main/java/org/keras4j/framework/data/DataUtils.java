package org.keras4j.framework.data;

import java.util.Arrays;
import java.util.Objects;
import java.util.Random;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.factory.ops.NDBase;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Array helpers a Keras user reaches for while preparing data: Keras's {@code keras.utils.to_categorical}
 * and {@code keras.utils.normalize}, plus a seeded {@link #shuffle} and {@link #trainTestSplit}.
 * Standardization with training-set statistics is {@link Standardizer}.
 *
 * <p>Axis 0 is the sample axis everywhere. Rows are gathered with one native op, never element by
 * element.
 *
 * <pre>{@code
 * INDArray yOneHot = DataUtils.toCategorical(y, 10);              // (n,) -> (n, 10)
 * TrainTestData split = DataUtils.trainTestSplit(x, y, 0.2, 42);  // 80% train, 20% test
 * }</pre>
 */
public final class DataUtils {
    private static final NDBase BASE = new NDBase();

    private DataUtils() {
    }

    // ---- to_categorical ----

    /**
     * One-hot encodes class indices, inferring the number of classes as {@code max(labels) + 1}.
     *
     * @see #toCategorical(INDArray, int)
     */
    public static INDArray toCategorical(INDArray labels) {
        Objects.requireNonNull(labels, "toCategorical: labels must not be null");
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("toCategorical: cannot infer numClasses from empty labels of shape "
                    + Shape.format(labels.shape()) + "; pass numClasses");
        }
        checkIntegers(labels);
        long max = labels.maxNumber().longValue();
        if (max < 0 || max >= Integer.MAX_VALUE) {
            throw new IllegalArgumentException("toCategorical: labels must be class indices >= 0, received labels "
                    + "from " + labels.minNumber() + " to " + labels.maxNumber());
        }
        return toCategorical(labels, (int) max + 1);
    }

    /**
     * One-hot encodes class indices, as Keras's {@code to_categorical(y, num_classes)}: labels of
     * shape {@code (n,)} or {@code (n, 1)} become {@code (n, numClasses)} (in general {@code s} becomes
     * {@code s + (numClasses,)}, a trailing axis of size 1 dropped first), of type
     * {@link Backend#floatx() floatx}, with a 1 at each label's index and 0 elsewhere.
     *
     * @param labels     integer class indices in {@code [0, numClasses)}; floating-point labels must hold whole numbers
     * @param numClasses the number of classes, at least 1
     */
    public static INDArray toCategorical(INDArray labels, int numClasses) {
        Objects.requireNonNull(labels, "toCategorical: labels must not be null");
        if (numClasses < 1) {
            throw new IllegalArgumentException("toCategorical: numClasses must be a positive integer, received "
                    + "numClasses=" + numClasses);
        }
        long[] in = labels.shape();
        int keep = in.length > 1 && in[in.length - 1] == 1 ? in.length - 1 : in.length;
        long[] outShape = new long[keep + 1];
        System.arraycopy(in, 0, outShape, 0, keep);
        outShape[keep] = numClasses;
        if (labels.isEmpty()) {
            return Nd4j.zeros(Backend.floatx(), outShape);
        }
        checkIntegers(labels);
        double min = labels.minNumber().doubleValue();
        double max = labels.maxNumber().doubleValue();
        if (min < 0 || max >= numClasses) {
            throw new IllegalArgumentException("toCategorical: labels must be class indices in [0, " + numClasses
                    + ") for numClasses=" + numClasses + ", received labels from " + fmt(min) + " to " + fmt(max));
        }
        return NnOps.oneHot(labels, numClasses, Backend.floatx(), outShape);
    }

    private static void checkIntegers(INDArray labels) {
        if (labels.dataType().isFPType()) {
            INDArray fraction = labels.sub(Transforms.floor(labels, true));
            // NaN and infinities make the sum non-finite; any fraction makes the largest |fraction| non-zero.
            if (!Double.isFinite(labels.sumNumber().doubleValue()) || fraction.amaxNumber().doubleValue() != 0) {
                throw new IllegalArgumentException("toCategorical: labels must be whole class indices, received "
                        + labels.dataType() + " labels with fractional, NaN or infinite values");
            }
        } else if (labels.dataType() == DataType.BOOL || !labels.dataType().isNumerical()) {
            throw new IllegalArgumentException("toCategorical: labels must be numeric class indices, received "
                    + labels.dataType());
        }
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    // ---- normalize ----

    /** {@code normalize(x, -1, 2)}: each vector along the last axis scaled to unit L2 norm. */
    public static INDArray normalize(INDArray x) {
        return normalize(x, -1, 2);
    }

    /** {@code normalize(x, axis, 2)}: each vector along {@code axis} scaled to unit L2 norm. */
    public static INDArray normalize(INDArray x, int axis) {
        return normalize(x, axis, 2);
    }

    /**
     * Scales each vector along {@code axis} to unit norm, as Keras's {@code keras.utils.normalize}:
     * {@code x / ||x||_order}, where {@code ||v||_p = (sum |v_i|^p)^(1/p)}. A vector of norm 0 is
     * returned unchanged (all zeros), as Keras does for NumPy input. The result is a new array of
     * {@code x}'s floating type, or {@link Backend#floatx() floatx} for integer input.
     *
     * @param axis  the axis along which to normalize, negative counting from the end; default -1
     * @param order the norm's order, an integer at least 1; default 2
     */
    public static INDArray normalize(INDArray x, int axis, int order) {
        Objects.requireNonNull(x, "normalize: x must not be null");
        if (order < 1) {
            throw new IllegalArgumentException("normalize: order must be an integer >= 1, received order=" + order);
        }
        int rank = x.rank();
        if (rank == 0 || axis < -rank || axis >= rank) {
            throw new IllegalArgumentException("normalize: axis " + axis + " is out of range for x of shape "
                    + Shape.format(x.shape()));
        }
        int a = axis < 0 ? axis + rank : axis;
        INDArray xf = x.dataType().isFPType() ? x : x.castTo(Backend.floatx());
        INDArray norm = switch (order) {
            case 1 -> xf.norm1(true, a);
            case 2 -> xf.norm2(true, a);
            default -> Transforms.pow(Transforms.pow(Transforms.abs(xf, true), order, false).sum(true, a),
                    1.0 / order, false);
        };
        // Zero norms become 1 so that all-zero vectors stay zero rather than turning into NaN.
        norm.addi(norm.eq(0.0).castTo(norm.dataType()));
        return xf.div(norm);
    }

    // ---- shuffling and splitting ----

    /**
     * Applies one random permutation along axis 0 to every array, keeping their rows aligned
     * (e.g. {@code x} and {@code y}). The same seed gives the same permutation.
     *
     * @return new arrays, in the order given
     */
    public static INDArray[] shuffle(long seed, INDArray... arrays) {
        return shuffle(new Random(seed), arrays);
    }

    /**
     * As {@link #shuffle(long, INDArray...)}, drawing the permutation from the generator seeded by
     * {@link Backend#setRandomSeed}.
     */
    public static INDArray[] shuffle(INDArray... arrays) {
        return shuffle(Backend.hostRandom(), arrays);
    }

    private static INDArray[] shuffle(Random random, INDArray... arrays) {
        Objects.requireNonNull(arrays, "shuffle: arrays must not be null");
        if (arrays.length == 0) {
            throw new IllegalArgumentException("shuffle: pass at least one array");
        }
        long n = samples("shuffle", arrays);
        INDArray order = Nd4j.createFromArray(permutation((int) n, random));
        INDArray[] out = new INDArray[arrays.length];
        for (int i = 0; i < arrays.length; i++) {
            out[i] = take(arrays[i], order);
        }
        return out;
    }

    /**
     * Splits {@code x} and {@code y} into shuffled training and test parts, keeping each sample's
     * input and target together. The test part holds {@code ceil(n * testFraction)} samples, the
     * training part the rest; the same seed gives the same split.
     *
     * @param testFraction the share of samples held out for testing, strictly between 0 and 1
     */
    public static TrainTestData trainTestSplit(INDArray x, INDArray y, double testFraction, long seed) {
        return trainTestSplit(x, y, testFraction, new Random(seed));
    }

    /**
     * As {@link #trainTestSplit(INDArray, INDArray, double, long)}, drawing the permutation from the
     * generator seeded by {@link Backend#setRandomSeed}.
     */
    public static TrainTestData trainTestSplit(INDArray x, INDArray y, double testFraction) {
        return trainTestSplit(x, y, testFraction, Backend.hostRandom());
    }

    private static TrainTestData trainTestSplit(INDArray x, INDArray y, double testFraction, Random random) {
        Objects.requireNonNull(x, "trainTestSplit: x must not be null");
        Objects.requireNonNull(y, "trainTestSplit: y must not be null");
        if (!(testFraction > 0 && testFraction < 1)) {
            throw new IllegalArgumentException("trainTestSplit: testFraction must be strictly between 0 and 1, "
                    + "received testFraction=" + testFraction);
        }
        int n = (int) samples("trainTestSplit", x, y);
        int nTest = (int) Math.ceil(n * testFraction);
        int nTrain = n - nTest;
        if (nTrain < 1 || nTest < 1) {
            throw new IllegalArgumentException("trainTestSplit: testFraction=" + testFraction + " of " + n
                    + " samples leaves " + nTrain + " for training and " + nTest + " for testing; both need at "
                    + "least one sample");
        }
        int[] perm = permutation(n, random);
        INDArray train = Nd4j.createFromArray(Arrays.copyOfRange(perm, 0, nTrain));
        INDArray test = Nd4j.createFromArray(Arrays.copyOfRange(perm, nTrain, n));
        return new TrainTestData(take(x, train), take(y, train), take(x, test), take(y, test));
    }

    /** The common sample count of {@code arrays} along axis 0, or a message listing every shape. */
    private static long samples(String caller, INDArray... arrays) {
        StringBuilder shapes = new StringBuilder();
        boolean agree = true;
        long n = -1;
        for (int i = 0; i < arrays.length; i++) {
            Objects.requireNonNull(arrays[i], caller + ": array " + i + " is null");
            shapes.append(i > 0 ? ", " : "").append(Shape.format(arrays[i].shape()));
            if (arrays[i].rank() == 0) {
                throw new IllegalArgumentException(caller + ": arrays need a sample axis (axis 0), received a scalar "
                        + "as array " + i);
            }
            long size = arrays[i].size(0);
            agree &= n < 0 || size == n;
            n = n < 0 ? size : n;
        }
        if (!agree) {
            throw new IllegalArgumentException(caller + ": all arrays must hold the same number of samples along "
                    + "axis 0, received shapes " + shapes);
        }
        if (n > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(caller + ": at most " + Integer.MAX_VALUE + " samples, received " + n);
        }
        return n;
    }

    /** A uniformly random permutation of {@code 0..n-1} (Fisher-Yates). */
    private static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** Rows {@code indices} (INT32, rank 1) of {@code x} along axis 0, gathered by one native op. */
    static INDArray take(INDArray x, INDArray indices) {
        long[] shape = x.shape().clone();
        shape[0] = indices.length();
        if (indices.isEmpty() || x.isEmpty()) {
            return Nd4j.create(x.dataType(), shape);
        }
        // ND4J's gather takes the index array as an INDArray; its int[] overload crashes on rank-1 input.
        return BASE.gather(x, indices, 0).reshape(shape);
    }
}
