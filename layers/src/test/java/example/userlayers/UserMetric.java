package example.userlayers;

import org.keras4j.framework.metrics.Mean;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A user's metric (outside Keras4J's packages): the mean of the predictions. */
public class UserMetric extends Mean {
    public UserMetric() {
        super("mean_prediction");
    }

    @Override
    public void updateState(INDArray yTrue, INDArray yPred, INDArray sampleWeight) {
        updateState(yPred, sampleWeight);
    }
}
