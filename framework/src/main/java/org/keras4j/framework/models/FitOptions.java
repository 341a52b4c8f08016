package org.keras4j.framework.models;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.callbacks.Callback;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The optional arguments of {@link Model#fit}, with Keras's defaults and meanings.
 *
 * <pre>{@code model.fit(x, y, FitOptions.epochs(10).batchSize(128).validationSplit(0.1));}</pre>
 *
 * <ul>
 * <li>{@code epochs} (1), {@code batchSize} (32), {@code verbose} (1: progress bar, falling back to 2
 *     when the output is not a terminal; 2: one line per epoch; 0: silent)</li>
 * <li>{@code validationSplit} (0): the fraction of samples taken from the end, before shuffling;
 *     {@code validationData} overrides it</li>
 * <li>{@code shuffle} (true): reshuffle the training samples each epoch</li>
 * <li>{@code classWeight}, {@code sampleWeight}: per-class and per-sample loss weights</li>
 * <li>{@code initialEpoch} (0): the epoch to start from (to resume a run)</li>
 * <li>{@code callbacks}: run at every hook besides the automatic History and progress bar</li>
 * <li>{@code validationBatchSize} (the batch size), {@code validationFreq} (1)</li>
 * </ul>
 */
public final class FitOptions {
    int epochs = 1;
    int batchSize = 32;
    int verbose = 1;
    double validationSplit;
    INDArray validationX;
    INDArray validationY;
    INDArray validationSampleWeight;
    /** Validation inputs and targets of a multi-input or multi-output model: lists or name-keyed maps of arrays. */
    Object validationXData;
    Object validationYData;
    boolean shuffle = true;
    Map<Integer, Double> classWeight;
    INDArray sampleWeight;
    int initialEpoch;
    final List<Callback> callbacks = new ArrayList<>();
    Integer validationBatchSize;
    int validationFreq = 1;

    public FitOptions() {
    }

    public static FitOptions epochs(int epochs) {
        return new FitOptions().withEpochs(epochs);
    }

    public FitOptions withEpochs(int epochs) {
        if (epochs < 1) {
            throw new IllegalArgumentException("fit: epochs must be >= 1, received epochs=" + epochs);
        }
        this.epochs = epochs;
        return this;
    }

    public FitOptions batchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("fit: batch_size must be >= 1, received batch_size=" + batchSize);
        }
        this.batchSize = batchSize;
        return this;
    }

    public FitOptions verbose(int verbose) {
        if (verbose < 0 || verbose > 2) {
            throw new IllegalArgumentException("fit: verbose must be 0, 1 or 2, received verbose=" + verbose);
        }
        this.verbose = verbose;
        return this;
    }

    public FitOptions validationSplit(double fraction) {
        if (!(fraction >= 0 && fraction < 1)) {
            throw new IllegalArgumentException("fit: validation_split must be in [0, 1), received validation_split=" + fraction);
        }
        this.validationSplit = fraction;
        return this;
    }

    public FitOptions validationData(INDArray x, INDArray y) {
        return validationData(x, y, null);
    }

    public FitOptions validationData(INDArray x, INDArray y, INDArray sampleWeight) {
        this.validationX = x;
        this.validationY = y;
        this.validationSampleWeight = sampleWeight;
        return this;
    }

    /**
     * Validation data of a model with several inputs or outputs: each a list of arrays (in the
     * model's input/output order), an {@code INDArray}, or a map from input/output name to array.
     */
    public FitOptions validationData(Object x, Object y) {
        this.validationXData = x;
        this.validationYData = y;
        this.validationX = null;
        this.validationY = null;
        return this;
    }

    public FitOptions shuffle(boolean shuffle) {
        this.shuffle = shuffle;
        return this;
    }

    /** Weights of the loss per class index (sparse labels or the argmax of one-hot labels). */
    public FitOptions classWeight(Map<Integer, Double> classWeight) {
        this.classWeight = classWeight;
        return this;
    }

    /** One weight per training sample, shape {@code (n,)}. */
    public FitOptions sampleWeight(INDArray sampleWeight) {
        this.sampleWeight = sampleWeight;
        return this;
    }

    public FitOptions initialEpoch(int initialEpoch) {
        if (initialEpoch < 0) {
            throw new IllegalArgumentException("fit: initial_epoch must be >= 0, received initial_epoch=" + initialEpoch);
        }
        this.initialEpoch = initialEpoch;
        return this;
    }

    public FitOptions callbacks(Callback... callbacks) {
        Collections.addAll(this.callbacks, callbacks);
        return this;
    }

    public FitOptions callbacks(List<? extends Callback> callbacks) {
        this.callbacks.addAll(callbacks);
        return this;
    }

    public FitOptions validationBatchSize(int size) {
        if (size < 1) {
            throw new IllegalArgumentException("fit: validation_batch_size must be >= 1, received " + size);
        }
        this.validationBatchSize = size;
        return this;
    }

    /** Run validation every {@code freq} epochs. */
    public FitOptions validationFreq(int freq) {
        if (freq < 1) {
            throw new IllegalArgumentException("fit: validation_freq must be >= 1, received " + freq);
        }
        this.validationFreq = freq;
        return this;
    }
}
