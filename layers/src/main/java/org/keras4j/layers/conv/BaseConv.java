package org.keras4j.layers.conv;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.keras4j.framework.activations.Activation;
import org.keras4j.framework.activations.Activations;
import org.keras4j.framework.autodiff.ConvOps;
import org.keras4j.framework.initializers.Initializer;
import org.keras4j.framework.initializers.Initializers;
import org.keras4j.framework.layers.InputSpec;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.regularizers.Regularizer;
import org.keras4j.framework.regularizers.Regularizers;

/**
 * What every convolution layer shares (Keras's {@code BaseConv}): {@code kernel_size},
 * {@code strides} (1), {@code padding} ("valid"), {@code data_format} ("channels_last"),
 * {@code dilation_rate} (1), {@code activation} (linear), {@code use_bias} (true),
 * {@code bias_initializer} (zeros), {@code bias_regularizer} and {@code activity_regularizer} (none).
 * Sizes given as one integer apply to every spatial axis. Setters may only be used before building.
 *
 * @param <T> the concrete layer, so the fluent setters keep its type
 */
public abstract class BaseConv<T extends BaseConv<T>> extends Layer {
    /** Number of spatial axes (1, 2 or 3). */
    protected final int rank;
    protected final int[] kernelSize;
    protected int[] strides;
    protected String padding = "valid";
    protected String dataFormat = "channels_last";
    protected int[] dilationRate;
    protected Activation activation;
    protected boolean useBias = true;
    protected Initializer biasInitializer = Initializers.get("zeros");
    protected Regularizer biasRegularizer;

    protected BaseConv(int rank, int[] kernelSize, Object activation) {
        this.rank = rank;
        this.kernelSize = positive(className(), "kernel_size", expand(className(), "kernel_size", kernelSize, rank));
        this.strides = filled(rank, 1);
        this.dilationRate = filled(rank, 1);
        this.activation = Activations.get(activation);
    }

    @SuppressWarnings("unchecked")
    private T self() {
        return (T) this;
    }

    public T strides(int... strides) {
        requireUnbuilt();
        this.strides = positive(className(), "strides", expand(className(), "strides", strides, rank));
        checkStridesAndDilation();
        return self();
    }

    /** {@code "valid"} or {@code "same"} ({@code "causal"} too for Conv1D). */
    public T padding(String padding) {
        requireUnbuilt();
        String p = padding == null ? "" : padding.toLowerCase(Locale.ROOT);
        if (!p.equals("valid") && !p.equals("same") && !(p.equals("causal") && allowsCausal())) {
            throw new IllegalArgumentException(className() + ": padding must be one of 'valid', 'same'"
                    + (allowsCausal() ? ", 'causal'" : "") + ", received padding='" + padding + "'");
        }
        this.padding = p;
        return self();
    }

    /** {@code "channels_last"} (default) or {@code "channels_first"}. */
    public T dataFormat(String dataFormat) {
        requireUnbuilt();
        this.dataFormat = checkDataFormat(className(), dataFormat);
        return self();
    }

    public T dilationRate(int... dilationRate) {
        requireUnbuilt();
        this.dilationRate = positive(className(), "dilation_rate", expand(className(), "dilation_rate", dilationRate, rank));
        checkStridesAndDilation();
        return self();
    }

    public T useBias(boolean useBias) {
        requireUnbuilt();
        this.useBias = useBias;
        return self();
    }

    public T biasInitializer(Object initializer) {
        requireUnbuilt();
        this.biasInitializer = Initializers.get(initializer);
        return self();
    }

    public T biasRegularizer(Object regularizer) {
        requireUnbuilt();
        this.biasRegularizer = Regularizers.get(regularizer);
        return self();
    }

    public T activityRegularizer(Object regularizer) {
        setActivityRegularizer(Regularizers.get(regularizer));
        return self();
    }

    protected boolean allowsCausal() {
        return false;
    }

    protected boolean channelsFirst() {
        return dataFormat.equals("channels_first");
    }

    /** Index of the channel axis in an input of this layer's rank (batch axis included). */
    protected int channelAxis() {
        return channelsFirst() ? 1 : rank + 1;
    }

    protected void requireUnbuilt() {
        if (isBuilt()) {
            throw new IllegalStateException(describe() + " is already built; set its arguments before first use");
        }
    }

    private void checkStridesAndDilation() {
        boolean strided = false;
        boolean dilated = false;
        for (int i = 0; i < rank; i++) {
            strided |= strides[i] > 1;
            dilated |= dilationRate[i] > 1;
        }
        if (strided && dilated) {
            throw new IllegalArgumentException(className() + ": strides > 1 are not supported together with dilation_rate > 1, received strides="
                    + tuple(strides) + " and dilation_rate=" + tuple(dilationRate));
        }
    }

    /**
     * Checks the input's rank and channel axis when building and returns the channel count;
     * also rejects inputs too small for the kernel, naming the layer.
     */
    protected long checkInput(Shape inputShape) {
        if (inputShape.rank() != rank + 2) {
            throw new IllegalArgumentException(describe() + " expects input of rank " + (rank + 2) + ", but received shape "
                    + inputShape + " (rank " + inputShape.rank() + ").");
        }
        long channels = inputShape.get(channelAxis());
        if (channels == Shape.NONE) {
            throw new IllegalArgumentException(describe() + " needs the channel axis of its input to be defined, but received shape "
                    + inputShape + ".");
        }
        Shape out = computeOutputShape(inputShape);
        for (int i = 0; i < out.rank(); i++) {
            if (out.get(i) == 0) {
                throw new IllegalArgumentException(describe() + ": input shape " + inputShape + " is too small for kernel_size="
                        + tuple(kernelSize) + " with padding='" + padding + "'; the output shape would be " + out + ".");
            }
        }
        return channels;
    }

    /** An input spec fixing the rank and the channel axis. */
    protected InputSpec spec(long channels) {
        return new InputSpec(rank + 2, rank + 2, Map.of(channelAxis(), channels));
    }

    /** The output shape for a convolution-like window over the spatial axes, with {@code channels} channels. */
    protected Shape windowedShape(Shape in, long channels) {
        long[] d = in.toArray();
        int first = channelsFirst() ? 2 : 1;
        for (int i = 0; i < rank; i++) {
            d[first + i] = ConvOps.outputLength(d[first + i], kernelSize[i], strides[i], dilationRate[i], padding);
        }
        d[channelAxis()] = channels;
        return Shape.of(d);
    }

    /** Kernel shape {@code (...kernel_size, a, b)}. */
    protected long[] kernelShape(long a, long b) {
        long[] s = new long[rank + 2];
        for (int i = 0; i < rank; i++) {
            s[i] = kernelSize[i];
        }
        s[rank] = a;
        s[rank + 1] = b;
        return s;
    }

    /** The keys shared by every convolution, in Keras's order around the subclass's own. */
    protected void putCommonConfig(Map<String, Object> c) {
        c.put("kernel_size", tuple(kernelSize));
        c.put("strides", tuple(strides));
        c.put("padding", padding);
        c.put("data_format", dataFormat);
        c.put("dilation_rate", tuple(dilationRate));
        c.put("activation", Activations.serialize(activation));
        c.put("use_bias", useBias);
        c.put("bias_initializer", Registry.serialize(biasInitializer));
        c.put("bias_regularizer", biasRegularizer == null ? null : Registry.serialize(biasRegularizer));
        c.put("activity_regularizer", activityRegularizer() == null ? null : Registry.serialize(activityRegularizer()));
        c.put("bias_constraint", null);
    }

    /** Applies the shared keys of {@code c} to {@code layer} (made from kernel_size and activation). */
    protected static <L extends BaseConv<L>> L applyCommonConfig(Config c, L layer) {
        if (c.has("strides")) {
            layer.strides(ints(c, "strides"));
        }
        layer.padding(c.getString("padding", "valid"));
        layer.dataFormat(c.getString("data_format", "channels_last"));
        if (c.has("dilation_rate")) {
            layer.dilationRate(ints(c, "dilation_rate"));
        }
        layer.useBias(c.getBoolean("use_bias", true));
        if (c.has("bias_initializer")) {
            layer.biasInitializer(c.raw("bias_initializer"));
        }
        layer.biasRegularizer(c.raw("bias_regularizer"));
        layer.activityRegularizer(c.raw("activity_regularizer"));
        rejectConstraints(c, "bias_constraint");
        c.ignore("lora_rank", "lora_alpha", "quantization_config");
        return applyBaseConfig(c, layer);
    }

    /** Constraints are not implemented: refuse a config that sets one rather than ignore it. */
    protected static void rejectConstraints(Config c, String... keys) {
        for (String k : keys) {
            if (c.has(k)) {
                throw new IllegalArgumentException("config: '" + k + "' is not supported yet, received " + c.raw(k));
            }
            c.ignore(k);
        }
    }

    // ---- size tuples ----

    /** An integer or a list of integers from a config. */
    protected static int[] ints(Config c, String key) {
        Object v = c.raw(key);
        if (v == null) {
            throw new IllegalArgumentException("config: missing required key '" + key + "'");
        }
        if (v instanceof Number n) {
            return new int[] {n.intValue()};
        }
        long[] l = c.getLongArray(key);
        int[] out = new int[l.length];
        for (int i = 0; i < l.length; i++) {
            out[i] = Math.toIntExact(l[i]);
        }
        return out;
    }

    static int[] expand(String owner, String what, int[] values, int rank) {
        if (values == null || (values.length != 1 && values.length != rank)) {
            throw new IllegalArgumentException(owner + ": " + what + " must be an integer or a tuple of " + rank + " integers, received "
                    + (values == null ? "null" : tuple(values)));
        }
        return values.length == rank ? values.clone() : filled(rank, values[0]);
    }

    static int[] positive(String owner, String what, int[] values) {
        for (int v : values) {
            if (v <= 0) {
                throw new IllegalArgumentException(owner + ": " + what + " must contain positive integers, received " + what + "=" + tuple(values));
            }
        }
        return values;
    }

    static int[] filled(int rank, int value) {
        int[] a = new int[rank];
        java.util.Arrays.fill(a, value);
        return a;
    }

    static List<Integer> tuple(int[] values) {
        List<Integer> l = new ArrayList<>();
        for (int v : values) {
            l.add(v);
        }
        return l;
    }

    static String checkDataFormat(String owner, String dataFormat) {
        String f = dataFormat == null ? "channels_last" : dataFormat.toLowerCase(Locale.ROOT);
        if (!f.equals("channels_last") && !f.equals("channels_first")) {
            throw new IllegalArgumentException(owner + ": data_format must be 'channels_last' or 'channels_first', received data_format='"
                    + dataFormat + "'");
        }
        return f;
    }
}
