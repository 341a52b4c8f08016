package org.keras4j.framework.metrics;

import static org.keras4j.framework.metrics.MetricInputs.f64;

import org.keras4j.framework.registry.Config;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * How often predictions equal labels exactly, as Keras's {@code keras.metrics.Accuracy}:
 * the weighted mean of {@code y_true == y_pred} (after a trailing axis of size 1 is squeezed or
 * added to align the ranks). For class probabilities use {@link BinaryAccuracy},
 * {@link CategoricalAccuracy} or {@link SparseCategoricalAccuracy}; the compile string
 * {@code "accuracy"} picks one of those (see {@link Metrics}). Default name {@code "accuracy"}.
 */
public final class Accuracy extends MeanMetricWrapper {

    public Accuracy() {
        this(null);
    }

    public Accuracy(String name) {
        super(name, "accuracy");
    }

    /** Builds from a Keras config: {@code name} ({@code dtype} is accepted and ignored). */
    public static Accuracy fromConfig(Config config) {
        config.ignore("dtype");
        return new Accuracy(config.getString("name", null));
    }

    @Override
    public String className() {
        return "Accuracy";
    }

    @Override
    protected INDArray values(INDArray yTrue, INDArray yPred) {
        INDArray[] a = MetricInputs.squeezeOrExpand(f64(yTrue), f64(yPred), true);
        MetricInputs.checkSameShape(className() + " '" + name() + "'", a[0], a[1]);
        return a[0].eq(a[1]).castTo(DataType.DOUBLE);
    }
}
