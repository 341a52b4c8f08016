package org.keras4j.layers.pooling;

import java.util.Map;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.layers.InputSpec;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;

/**
 * Shared body of the global pooling layers: reduces every spatial axis of a
 * {@code (batch, ...spatial, channels)} input (or {@code (batch, channels, ...spatial)} with
 * {@code data_format="channels_first"}) to one value per channel, keeping the reduced axes as
 * size 1 when {@code keepdims}.
 */
public abstract class GlobalPooling extends Layer {
    private final int spatialDims;
    private final boolean channelsFirst;
    private final boolean keepdims;

    GlobalPooling(int spatialDims, String dataFormat, boolean keepdims) {
        this.spatialDims = spatialDims;
        this.channelsFirst = channelsFirst(getClass().getSimpleName(), dataFormat);
        this.keepdims = keepdims;
        setInputSpec(new InputSpec(spatialDims + 2, spatialDims + 2, Map.of()));
    }

    /** Parses Keras's {@code data_format}; null means {@code channels_last} (Keras's default image format). */
    static boolean channelsFirst(String layer, String dataFormat) {
        if (dataFormat == null || dataFormat.equals("channels_last")) {
            return false;
        }
        if (dataFormat.equals("channels_first")) {
            return true;
        }
        throw new IllegalArgumentException(layer + ": data_format must be \"channels_last\" or \"channels_first\", received data_format="
                + dataFormat);
    }

    /** The reduced axes of a rank-(spatialDims+2) input. */
    protected int[] spatialAxes() {
        int[] axes = new int[spatialDims];
        for (int i = 0; i < spatialDims; i++) {
            axes[i] = (channelsFirst ? 2 : 1) + i;
        }
        return axes;
    }

    public boolean channelsFirst() {
        return channelsFirst;
    }

    public boolean keepdims() {
        return keepdims;
    }

    /** The pooling itself over {@link #spatialAxes()}. */
    protected abstract Tensor pool(Tensor inputs, int[] axes, boolean keepdims);

    @Override
    public Tensor call(Tensor inputs, boolean training) {
        return pool(inputs, spatialAxes(), keepdims);
    }

    @Override
    public Shape computeOutputShape(Shape inputShape) {
        long[] in = inputShape.toArray();
        if (in.length != spatialDims + 2) {
            throw new IllegalArgumentException(describe() + " expects input of rank " + (spatialDims + 2)
                    + ", but received shape " + inputShape);
        }
        int channelAxis = channelsFirst ? 1 : in.length - 1;
        if (keepdims) {
            long[] out = in.clone();
            for (int a : spatialAxes()) {
                out[a] = 1;
            }
            return Shape.of(out);
        }
        return Shape.of(in[0], in[channelAxis]);
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("data_format", channelsFirst ? "channels_first" : "channels_last");
        c.put("keepdims", keepdims);
        return c;
    }

    /** Reads {@code data_format} and {@code keepdims} for a subclass's {@code fromConfig}. */
    static String dataFormat(Config c) {
        return c.getString("data_format", "channels_last");
    }

}
