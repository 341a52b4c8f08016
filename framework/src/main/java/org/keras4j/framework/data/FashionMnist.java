package org.keras4j.framework.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Fashion-MNIST data set: 70,000 grayscale 28x28 images of clothing in 10 classes, as Keras's
 * {@code keras.datasets.fashion_mnist.load_data()}.
 *
 * <p>{@link #load()} returns {@code xTrain} (60000, 28, 28) and {@code xTest} (10000, 28, 28) as
 * {@link Backend#floatx() floatx} (float32 by default) holding the raw pixel values 0..255, and
 * {@code yTrain} (60000,) and {@code yTest} (10000,) as INT64 class indices 0..9 (names in
 * {@link #CLASS_NAMES}). Keras returns uint8 pixels; we return floats with the same values, so the
 * usual first step of the Keras tutorials, dividing by 255, works unchanged:
 *
 * <pre>{@code
 * TrainTestData data = FashionMnist.load();
 * INDArray xTrain = data.xTrain().div(255);   // pixels in [0, 1]
 * INDArray xTest = data.xTest().div(255);
 * }</pre>
 *
 * <p>Nothing is downloaded. The four IDX files ({@code train-images-idx3-ubyte},
 * {@code train-labels-idx1-ubyte}, {@code t10k-images-idx3-ubyte}, {@code t10k-labels-idx1-ubyte},
 * each gzipped ({@code .gz}) or not; an uncompressed copy is preferred) are looked for in, in order:
 * the directory given to {@link #load(Path)}; otherwise {@code $KERAS4J_DATA/fashion-mnist} and
 * {@code $KERAS4J_DATA} when the environment variable is set, then
 * {@value #SYSTEM_DIR} (Debian's {@code dataset-fashion-mnist} package). When no directory holds all
 * four, the error lists every place looked at and what was missing there. Every call reads the files
 * afresh; nothing is cached.
 */
public final class FashionMnist {
    static {
        // Before any ND4J native code loads, so its threads get Keras4J's set-up.
        org.keras4j.framework.backend.Backend.init();
    }

    /** Where Debian's {@code dataset-fashion-mnist} package installs the files. */
    public static final String SYSTEM_DIR = "/usr/share/datasets/fashion-mnist";

    /** The environment variable naming a data directory. */
    public static final String ENV_VAR = "KERAS4J_DATA";

    /** The class names, indexed by label: {@code CLASS_NAMES.get(9)} is "Ankle boot". */
    public static final List<String> CLASS_NAMES = List.of(
            "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");

    static final String TRAIN_IMAGES = "train-images-idx3-ubyte";
    static final String TRAIN_LABELS = "train-labels-idx1-ubyte";
    static final String TEST_IMAGES = "t10k-images-idx3-ubyte";
    static final String TEST_LABELS = "t10k-labels-idx1-ubyte";
    private static final List<String> FILES = List.of(TRAIN_IMAGES, TRAIN_LABELS, TEST_IMAGES, TEST_LABELS);
    private static final int SIDE = 28;
    private static final int NUM_CLASSES = 10;

    private FashionMnist() {
    }

    /**
     * Loads the training and test sets from the first directory of the search path
     * ({@code $KERAS4J_DATA/fashion-mnist}, {@code $KERAS4J_DATA}, {@value #SYSTEM_DIR}) that holds
     * all four files.
     *
     * @throws FileNotFoundException naming every directory looked at, when none holds the files
     * @throws IOException           when a file is unreadable or its contents are not Fashion-MNIST's
     */
    public static TrainTestData load() throws IOException {
        return loadFirst(searchPath(System.getenv(ENV_VAR)));
    }

    /** Loads the training and test sets from {@code dir}, and only from there. */
    public static TrainTestData load(Path dir) throws IOException {
        Objects.requireNonNull(dir, "FashionMnist.load: dir must not be null");
        return loadFirst(List.of(dir));
    }

    /** The directories {@link #load()} tries, in order, given the value of {@code KERAS4J_DATA}. */
    static List<Path> searchPath(String envValue) {
        List<Path> dirs = new ArrayList<>();
        if (envValue != null && !envValue.isBlank()) {
            Path root = Path.of(envValue.strip());
            dirs.add(root.resolve("fashion-mnist"));
            dirs.add(root);
        }
        dirs.add(Path.of(SYSTEM_DIR));
        return dirs;
    }

    static TrainTestData loadFirst(List<Path> dirs) throws IOException {
        StringBuilder looked = new StringBuilder();
        for (Path dir : dirs) {
            List<Path> files = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            if (!Files.isDirectory(dir)) {
                looked.append("\n  ").append(dir).append(Files.exists(dir) ? ": not a directory" : ": does not exist");
                continue;
            }
            for (String name : FILES) {
                Path found = find(dir, name);
                if (found == null) {
                    missing.add(name + "[.gz]");
                } else {
                    files.add(found);
                }
            }
            if (missing.isEmpty()) {
                try {
                    return read(files.get(0), files.get(1), files.get(2), files.get(3));
                } catch (IOException e) {
                    throw new IOException(e.getMessage() + "\nThe Fashion-MNIST files in " + dir + " are damaged or not"
                            + " Fashion-MNIST's. Reinstall them with `apt-get install --reinstall dataset-fashion-mnist`, or set "
                            + ENV_VAR + " to a directory that holds intact copies.", e);
                }
            }
            looked.append("\n  ").append(dir).append(": missing ").append(String.join(", ", missing));
        }
        throw new FileNotFoundException("Fashion-MNIST files not found. Looked in:" + looked
                + "\nEach directory needs " + String.join(", ", FILES) + ", gzipped (.gz) or not."
                + "\nInstall them with `apt-get install dataset-fashion-mnist` or set " + ENV_VAR
                + " to the directory that holds them.");
    }

    private static Path find(Path dir, String name) {
        for (Path candidate : List.of(dir.resolve(name), dir.resolve(name + ".gz"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static TrainTestData read(Path trainImages, Path trainLabels, Path testImages, Path testLabels)
            throws IOException {
        INDArray xTrain = images(trainImages);
        INDArray yTrain = labels(trainLabels, xTrain.size(0), trainImages);
        INDArray xTest = images(testImages);
        INDArray yTest = labels(testLabels, xTest.size(0), testImages);
        return new TrainTestData(xTrain, yTrain, xTest, yTest);
    }

    private static INDArray images(Path file) throws IOException {
        INDArray raw = Idx.read(file);
        long[] s = raw.shape();
        if (s.length != 3 || s[1] != SIDE || s[2] != SIDE) {
            throw new IOException("Fashion-MNIST file " + file + ": expected images of shape (n, 28, 28), found shape "
                    + Shape.format(s));
        }
        return raw.castTo(Backend.floatx());
    }

    private static INDArray labels(Path file, long count, Path imagesFile) throws IOException {
        INDArray raw = Idx.read(file);
        long[] s = raw.shape();
        if (s.length != 1 || raw.dataType().isFPType()) {
            throw new IOException("Fashion-MNIST file " + file + ": expected integer labels of shape (n,), found "
                    + raw.dataType() + " of shape " + Shape.format(s));
        }
        if (s[0] != count) {
            throw new IOException("Fashion-MNIST file " + file + ": holds " + s[0] + " labels, but " + imagesFile
                    + " holds " + count + " images");
        }
        if (count > 0) {
            long min = raw.minNumber().longValue();
            long max = raw.maxNumber().longValue();
            if (min < 0 || max >= NUM_CLASSES) {
                throw new IOException("Fashion-MNIST file " + file + ": labels must be class indices 0..9, found values "
                        + "from " + min + " to " + max);
            }
        }
        return raw.castTo(DataType.INT64);
    }
}
