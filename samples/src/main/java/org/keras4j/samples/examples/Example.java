package org.keras4j.samples.examples;

import java.io.IOException;
import org.keras4j.framework.models.Model;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A runnable example of {@code ./keras4j example NAME}: a compiled model and its data. */
public interface Example {
    String name();

    String description();

    /** Loads the data and builds and compiles the model. */
    Prepared prepare() throws IOException;

    /** What {@link ExampleRunner} trains and evaluates. */
    record Prepared(Model model, INDArray xTrain, INDArray yTrain, INDArray xTest, INDArray yTest, int batchSize,
            double validationSplit) {
    }
}
