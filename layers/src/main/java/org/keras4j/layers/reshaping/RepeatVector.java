package org.keras4j.layers.reshaping;

import java.util.Map;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.ShapeOps;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.InputSpec;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;

/**
 * Repeats a vector {@code n} times, as Keras's {@code keras.layers.RepeatVector}:
 * {@code (batch, features)} becomes {@code (batch, n, features)} (an encoder's summary fed to
 * every decoder step).
 *
 * <pre>{@code new RepeatVector(7)}</pre>
 */
public class RepeatVector extends Layer {
    private final int n;

    public RepeatVector(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("RepeatVector: n must be a positive integer, received n=" + n);
        }
        this.n = n;
        setInputSpec(new InputSpec(2, 2, Map.of()));
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        if (inputShape.rank() != 2) {
            throw new IllegalArgumentException(describe() + " expects input of rank 2, but received shape " + inputShape);
        }
        return Shape.of(inputShape.get(0), n, inputShape.get(1));
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        Tensor x = Ops.reshape(inputs, inputs.size(0), 1, inputs.size(1));
        return ShapeOps.tile(x, 1, n, 1);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("n", n);
        return c;
    }

    public static RepeatVector fromConfig(Config c) {
        return applyBaseConfig(c, new RepeatVector(c.getInt("n")));
    }
}
