package example.userlayers;

import java.util.Map;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.losses.Reduction;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A user's loss (outside Keras4J's packages): the sum of squared errors per sample. */
public class UserLoss extends Loss {
    public UserLoss() {
        super("sum_squared_error", Reduction.SUM_OVER_BATCH_SIZE);
    }

    @Override
    public Tensor call(INDArray yTrue, Tensor yPred) {
        Tensor error = Ops.subtract(yPred, Tensor.constant(yTrue));
        return Ops.sum(Ops.multiply(error, error), false, 1);
    }

    @Override
    public String className() {
        return "UserLoss";
    }

    @Override
    public Map<String, Object> getConfig() {
        return Map.of();
    }
}
