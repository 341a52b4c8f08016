package org.keras4j.framework.metrics;

import static org.keras4j.framework.metrics.MetricInputs.f64;

import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How often the predicted class matches one-hot labels, as Keras's
 * {@code keras.metrics.CategoricalAccuracy}: the weighted mean of
 * {@code argmax(y_true, -1) == argmax(y_pred, -1)}. On ties the first (lowest) class index wins,
 * as numpy's argmax. Logits work as well as probabilities. Shapes {@code (batch, classes)} or
 * {@code (batch, ..., classes)}. Default name {@code "categorical_accuracy"}.
 */
public final class CategoricalAccuracy extends MeanMetricWrapper {

    public CategoricalAccuracy() {
        this(null);
    }

    public CategoricalAccuracy(String name) {
        super(name, "categorical_accuracy");
    }

    /** Builds from a Keras config: {@code name} ({@code dtype} is accepted and ignored). */
    public static CategoricalAccuracy fromConfig(Config config) {
        config.ignore("dtype");
        return new CategoricalAccuracy(config.getString("name", null));
    }

    @Override
    public String className() {
        return "CategoricalAccuracy";
    }

    @Override
    protected INDArray values(INDArray yTrue, INDArray yPred) {
        String owner = className() + " '" + name() + "'";
        if (yPred.rank() < 2 || yTrue.rank() != yPred.rank() || yTrue.size(-1) != yPred.size(-1)) {
            throw new IllegalArgumentException(owner + ": expects one-hot y_true shaped like y_pred, (batch, classes); received "
                    + Shape.format(yTrue.shape()) + " and " + Shape.format(yPred.shape())
                    + ". For integer labels use SparseCategoricalAccuracy.");
        }
        INDArray trueClass = f64(yTrue).argMax(yTrue.rank() - 1);
        INDArray predClass = f64(yPred).argMax(yPred.rank() - 1);
        return trueClass.eq(predClass).castTo(DataType.DOUBLE);
    }
}
