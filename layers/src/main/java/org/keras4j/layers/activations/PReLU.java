package org.keras4j.layers.activations;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.autodiff.NnOps;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.initializers.Initializer;
import org.keras4j.framework.initializers.Initializers;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.regularizers.Regularizer;
import org.keras4j.framework.regularizers.Regularizers;

/**
 * Parametric rectified linear unit, as Keras's {@code keras.layers.PReLU}: {@code x} where
 * {@code x >= 0}, else {@code alpha * x}, with a trainable {@code alpha}.
 *
 * <p>Shapes: any input of rank >= 2; output of the same shape. The weight {@code alpha} has the
 * input's shape without the batch axis, except that the {@code shared_axes} (1-based: axis 1 is
 * the first after the batch) have size 1, so one slope is shared along them (e.g.
 * {@code sharedAxes(1, 2)} on images gives one slope per channel). Defaults:
 * {@code alpha_initializer="zeros"}, no regularizer, no shared axes. Masks pass through.
 *
 * <pre>{@code new PReLU().sharedAxes(1, 2)}</pre>
 */
public class PReLU extends Layer {
    private Initializer alphaInitializer = Initializers.get("zeros");
    private Regularizer alphaRegularizer;
    private int[] sharedAxes = new int[0];
    private Variable alpha;

    public PReLU() {
    }

    public PReLU alphaInitializer(Object initializer) {
        requireUnbuilt();
        this.alphaInitializer = Initializers.get(initializer);
        return this;
    }

    public PReLU alphaRegularizer(Object regularizer) {
        requireUnbuilt();
        this.alphaRegularizer = Regularizers.get(regularizer);
        return this;
    }

    /** @param axes 1-based axes (not the batch axis) along which one slope is shared */
    public PReLU sharedAxes(int... axes) {
        requireUnbuilt();
        for (int a : axes) {
            if (a < 1) {
                throw new IllegalArgumentException("PReLU: shared_axes are 1-based axes after the batch axis, received shared_axes="
                        + Arrays.toString(axes));
            }
        }
        this.sharedAxes = axes.clone();
        return this;
    }

    private void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException(describe() + " is already built; set its options before its first call");
        }
    }

    @Override
    public void build(Shape inputShape) {
        if (inputShape.rank() < 2) {
            throw new IllegalArgumentException(describe() + " expects an input of rank >= 2, received shape " + inputShape);
        }
        long[] paramShape = Arrays.copyOfRange(inputShape.toArray(), 1, inputShape.rank());
        for (int a : sharedAxes) {
            if (a >= inputShape.rank()) {
                throw new IllegalArgumentException(describe() + ": shared axis " + a + " does not exist in input shape " + inputShape);
            }
            paramShape[a - 1] = 1;
        }
        for (int i = 0; i < paramShape.length; i++) {
            if (paramShape[i] < 0) {
                throw new IllegalArgumentException(describe() + " needs a known size on axis " + (i + 1)
                        + " (or that axis in shared_axes), received input shape " + inputShape);
            }
        }
        alpha = addWeight("alpha", paramShape, alphaInitializer, alphaRegularizer, true);
    }

    @Override
    public boolean supportsMasking() {
        return true;
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        // relu(x) - alpha * relu(-x), as Keras; alpha (without batch axis) broadcasts over the batch
        Tensor negativePart = Ops.multiply(alpha, NnOps.relu(Ops.negative(inputs)));
        return Ops.subtract(NnOps.relu(inputs), negativePart);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("alpha_initializer", Registry.serialize(alphaInitializer));
        c.put("alpha_regularizer", alphaRegularizer == null ? null : Registry.serialize(alphaRegularizer));
        c.put("alpha_constraint", null);
        List<Integer> axes = new ArrayList<>();
        for (int a : sharedAxes) {
            axes.add(a);
        }
        c.put("shared_axes", sharedAxes.length == 0 ? null : axes);
        return c;
    }

    public static PReLU fromConfig(Config c) {
        PReLU p = new PReLU();
        if (c.has("alpha_initializer")) {
            p.alphaInitializer(c.raw("alpha_initializer"));
        }
        p.alphaRegularizer(c.raw("alpha_regularizer"));
        if (c.raw("alpha_constraint") != null) {
            throw new IllegalArgumentException("PReLU config: alpha_constraint is not supported yet, received " + c.raw("alpha_constraint"));
        }
        Object shared = c.raw("shared_axes");
        if (shared instanceof Number n) {
            p.sharedAxes(n.intValue());
        } else if (shared != null) {
            p.sharedAxes(Arrays.stream(c.getLongArray("shared_axes")).mapToInt(Math::toIntExact).toArray());
        }
        return applyBaseConfig(c, p);
    }
}
