package example.userlayers;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A user's layer, outside Keras4J's packages, that keeps every training input it sees the way
 * {@code Layer.call}'s javadoc says to: {@code value().detach()}. Beside each kept array it records
 * the values it held when kept, so a test can tell whether a later step overwrote it.
 */
public class InputRecorder extends Layer {
    private final List<INDArray> kept = new ArrayList<>();
    private final List<float[]> seen = new ArrayList<>();

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        if (training) {
            kept.add(inputs.value().detach());
            seen.add(inputs.value().dup().data().asFloat());
        }
        return inputs;
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return inputShape;
    }

    /** How many kept arrays no longer hold the values they had when kept. */
    public int overwritten() {
        int n = 0;
        for (int i = 0; i < kept.size(); i++) {
            if (!Arrays.equals(kept.get(i).dup().data().asFloat(), seen.get(i))) {
                n++;
            }
        }
        return n;
    }

    public int keptCount() {
        return kept.size();
    }
}
