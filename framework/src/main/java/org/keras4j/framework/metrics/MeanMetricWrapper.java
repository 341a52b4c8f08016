package org.keras4j.framework.metrics;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A {@link Mean} of a per-sample function of {@code (y_true, y_pred)}, as Keras's
 * {@code keras.metrics.MeanMetricWrapper}: each batch's {@link #values} are averaged with the
 * sample weights into the running mean. Subclasses (accuracies, errors) define {@link #values}
 * with ND4J ops, one value per sample (or per sample and position for sequence outputs).
 */
public abstract class MeanMetricWrapper extends Mean {

    protected MeanMetricWrapper(String name, String defaultName) {
        super(name, defaultName);
    }

    /** The per-sample values of one batch (any float type in, any shape with the batch axis first). */
    protected abstract INDArray values(INDArray yTrue, INDArray yPred);

    @Override
    public void updateState(INDArray yTrue, INDArray yPred, INDArray sampleWeight) {
        MetricInputs.checkBatch(className() + " '" + name() + "'", yTrue, yPred);
        updateState(values(yTrue, yPred), sampleWeight);
    }
}
