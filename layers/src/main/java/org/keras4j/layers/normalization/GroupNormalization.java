package org.keras4j.layers.normalization;

import java.util.Map;
import org.keras4j.framework.autodiff.NormOps;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.InputSpec;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;

/**
 * Splits the channels into {@code groups} and normalizes each group of each sample, as Keras's
 * {@code keras.layers.GroupNormalization} (Wu and He, 2018): channel {@code c} of {@code C} belongs to
 * group {@code c / (C / groups)}; mean and biased variance are taken over that group's channels and
 * every other non-batch axis; then {@code (x - mean) / sqrt(var + epsilon) * gamma + beta} per channel.
 * {@code groups = C} is instance normalization ({@code groups=-1} picks it), {@code groups = 1} is
 * layer normalization over all non-batch axes. The same in training and inference.
 *
 * <p>Shapes: input of rank >= 2 with {@code C = input.shape[axis]} divisible by {@code groups};
 * output of the same shape; {@code gamma} (if {@code scale}) and {@code beta} (if {@code center})
 * of shape {@code (C,)}.
 *
 * <p>Defaults: {@code groups=32}, {@code axis=-1}, {@code epsilon=1e-3}, {@code center=true},
 * {@code scale=true}, {@code gamma} ones, {@code beta} zeros, no regularizers; all but {@code groups} and
 * {@code axis} are {@link AffineNormalization}'s.
 *
 * <pre>{@code new GroupNormalization(8)   // on (None, H, W, 64): 8 groups of 8 channels}</pre>
 */
public class GroupNormalization extends AffineNormalization<GroupNormalization> {
    private final int groups;
    private final int axis;
    private int channelAxis;
    private int groupCount;
    private long[] broadcastShape;

    /** 32 groups over the last axis. */
    public GroupNormalization() {
        this(32);
    }

    public GroupNormalization(int groups) {
        this(groups, -1);
    }

    /**
     * @param groups number of groups, a divisor of the channel count; -1 for one group per channel
     * @param axis the channels axis (negative counts from the end)
     */
    public GroupNormalization(int groups, int axis) {
        if (groups == 0 || groups < -1) {
            throw new IllegalArgumentException("GroupNormalization: groups must be a positive integer or -1, received groups=" + groups);
        }
        this.groups = groups;
        this.axis = axis;
    }

    public int groups() {
        return groups;
    }

    @Override
    public void build(Shape inputShape) {
        channelAxis = Normalizing.featureAxis(this, inputShape, axis);
        long dim = inputShape.get(channelAxis);
        groupCount = groups == -1 ? Math.toIntExact(dim) : groups;
        if (dim < groupCount) {
            throw new IllegalArgumentException(describe() + ": number of groups (" + groupCount
                    + ") cannot be more than the number of channels (" + dim + ") of input shape " + inputShape + ".");
        }
        if (dim % groupCount != 0) {
            throw new IllegalArgumentException(describe() + ": the number of channels (" + dim + ") of input shape " + inputShape
                    + " must be a multiple of the number of groups (" + groupCount + ").");
        }
        broadcastShape = new long[inputShape.rank()];
        java.util.Arrays.fill(broadcastShape, 1);
        broadcastShape[channelAxis] = dim;
        addScaleAndOffset(new long[] {dim});
        setInputSpec(new InputSpec(inputShape.rank(), inputShape.rank(), Map.of(channelAxis, dim)));
    }

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        long[] shape = inputs.shape();
        int rank = shape.length;
        // (B, ..., C, ...) -> (B, ..., G, C/G, ...): the group axis sits where the channels were.
        long[] grouped = new long[rank + 1];
        for (int i = 0, j = 0; i < rank; i++) {
            if (i == channelAxis) {
                grouped[j++] = groupCount;
                grouped[j++] = shape[i] / groupCount;
            } else {
                grouped[j++] = shape[i];
            }
        }
        int[] reduce = new int[rank - 1];
        for (int i = 1, n = 0; i <= rank; i++) {
            if (i != channelAxis) {
                reduce[n++] = i;
            }
        }
        Tensor normalized = Ops.reshape(NormOps.standardize(Ops.reshape(inputs, grouped), epsilon(), reduce), shape);
        return scaleAndOffset(normalized, broadcastShape);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("groups", groups);
        c.put("axis", axis);
        putEpsilonCenterScale(c);
        putScaleAndOffsetInitializers(c);
        putScaleAndOffsetRegularizers(c);
        return c;
    }

    public static GroupNormalization fromConfig(Config c) {
        GroupNormalization g = new GroupNormalization(c.getInt("groups", 32), Normalizing.singleAxis(c, "GroupNormalization", -1));
        g.readEpsilonCenterScale(c);
        g.readScaleAndOffsetInitializers(c);
        g.readScaleAndOffsetRegularizers(c);
        return applyBaseConfig(c, g);
    }
}
