package org.keras4j.layers.merging;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.keras4j.framework.autodiff.MergeOps;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;

/**
 * The dot product of two tensors along given axes, per sample, as Keras's {@code keras.layers.Dot}.
 * With {@code normalize=true} each input is first L2-normalized along its axis, so the result is
 * the cosine similarity.
 *
 * <ul>
 * <li>{@code (None, d)} and {@code (None, d)}, axes 1: {@code (None, 1)};</li>
 * <li>{@code (None, n, d)} and {@code (None, m, d)}, axes 2: {@code (None, n, m)};</li>
 * <li>{@code (None, d, n)} and {@code (None, d, m)}, axes 1: {@code (None, n, m)}.</li>
 * </ul>
 *
 * <pre>{@code KerasTensor sim = new Dot(1, true).apply(a, b);   // cosine similarity, (None, 1)}</pre>
 *
 * @see #Dot(int, int, boolean) different axes for the two inputs
 */
public class Dot extends Layer {
    private final int[] axes;
    private final boolean normalize;

    /** @param axes the axis contracted in both inputs (negative counts from the end) */
    public Dot(int axes) {
        this(axes, false);
    }

    public Dot(int axes, boolean normalize) {
        this(new int[] {axes, axes}, normalize, null, false);
    }

    /** Contracts axis {@code axis1} of the first input with axis {@code axis2} of the second. */
    public Dot(int axis1, int axis2, boolean normalize) {
        this(new int[] {axis1, axis2}, normalize, null, true);
    }

    private final boolean pair;

    private Dot(int[] axes, boolean normalize, String name, boolean pair) {
        super(name);
        this.axes = axes;
        this.normalize = normalize;
        this.pair = pair;
    }

    @Override
    public void build(List<Shape> inputShapes) {
        computeOutputShapes(inputShapes);
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        throw new IllegalArgumentException(describe() + " should be called on a list of 2 inputs, but received one tensor of shape "
                + Shape.formatBatch(inputs.shape()) + ".");
    }

    private int[] resolved(int rank1, int rank2) {
        return new int[] {axes[0] < 0 ? axes[0] + rank1 : axes[0], axes[1] < 0 ? axes[1] + rank2 : axes[1]};
    }

    @Override
    public List<Shape> computeOutputShapes(List<Shape> shapes) {
        if (shapes.size() != 2) {
            throw new IllegalArgumentException(describe() + " should be called on exactly 2 inputs, but received " + shapes.size() + ".");
        }
        Shape s1 = shapes.get(0);
        Shape s2 = shapes.get(1);
        if (s1.rank() != s2.rank() || s1.rank() < 2 || s1.rank() > 3) {
            throw new IllegalArgumentException(describe() + " supports two inputs of rank 2 or two of rank 3, but received shapes "
                    + Merge.shapes(shapes) + ".");
        }
        int[] a = resolved(s1.rank(), s2.rank());
        if (a[0] < 1 || a[0] >= s1.rank() || a[1] < 1 || a[1] >= s2.rank()) {
            throw new IllegalArgumentException(describe() + ": axes " + java.util.Arrays.toString(axes) + " are out of range for shapes "
                    + Merge.shapes(shapes) + " (the batch axis cannot be contracted).");
        }
        long d1 = s1.get(a[0]);
        long d2 = s2.get(a[1]);
        if (d1 != Shape.NONE && d2 != Shape.NONE && d1 != d2) {
            throw new IllegalArgumentException(describe() + " received incompatible shapes " + Merge.shapes(shapes) + ": axis " + a[0]
                    + " of the first input has size " + d1 + " but axis " + a[1] + " of the second has size " + d2 + ".");
        }
        if (s1.rank() == 2) {
            return List.of(Shape.of(Shape.NONE, 1));
        }
        return List.of(Shape.of(Shape.NONE, s1.get(3 - a[0]), s2.get(3 - a[1])));
    }

    @Override
    public List<Tensor> call(List<Tensor> inputs, boolean training) {
        if (inputs.size() != 2) {
            throw new IllegalArgumentException(describe() + " should be called on exactly 2 inputs, but received " + inputs.size() + ".");
        }
        Tensor x1 = inputs.get(0);
        Tensor x2 = inputs.get(1);
        int[] a = resolved(x1.rank(), x2.rank());
        if (normalize) {
            x1 = l2Normalize(x1, a[0]);
            x2 = l2Normalize(x2, a[1]);
        }
        if (x1.rank() == 2) {
            return List.of(Ops.sum(Ops.multiply(x1, x2), true, 1));
        }
        // (b, n, d) . (b, m, d) over d: move each contracted axis to where a matrix product wants it.
        return List.of(MergeOps.batchMatmul(x1, x2, a[0] == 1, a[1] == 2));
    }

    /** {@code x / sqrt(max(sum(x^2, axis), 1e-12))}, Keras's {@code l2_normalize}. */
    private static Tensor l2Normalize(Tensor x, int axis) {
        Tensor sq = Ops.sum(Ops.square(x), true, axis);
        return Ops.divide(x, Ops.sqrt(Ops.clip(sq, 1e-12, Double.MAX_VALUE)));
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        return computeOutputShapes(List.of(inputShape)).get(0);
    }

    /** Keras's config: {@code axes} (an int, or a pair when the two inputs differ) and {@code normalize}. */
    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        if (pair) {
            List<Object> both = new ArrayList<>();
            both.add(axes[0]);
            both.add(axes[1]);
            c.put("axes", both);
        } else {
            c.put("axes", axes[0]);
        }
        c.put("normalize", normalize);
        return c;
    }

    public static Dot fromConfig(Config c) {
        Object raw = c.raw("axes");
        if (raw == null) {
            throw new IllegalArgumentException("Dot config: missing required key 'axes'");
        }
        boolean normalize = c.getBoolean("normalize", false);
        Dot d;
        if (raw instanceof Number n) {
            d = new Dot(n.intValue(), normalize);
        } else if (raw instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Number a && l.get(1) instanceof Number b) {
            d = new Dot(a.intValue(), b.intValue(), normalize);
        } else {
            throw new IllegalArgumentException("Dot config: 'axes' must be an int or a pair of ints, received " + raw);
        }
        return applyBaseConfig(c, d);
    }
}
