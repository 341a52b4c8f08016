package org.keras4j.layers.conv;

import java.util.Map;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.initializers.Initializer;
import org.keras4j.framework.initializers.Initializers;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Registry;
import org.keras4j.framework.regularizers.Regularizer;
import org.keras4j.framework.regularizers.Regularizers;

/**
 * What {@link Conv} and {@link ConvTranspose} share beyond {@link BaseConv}: {@code filters}
 * output channels (required, positive), one kernel with its {@code kernel_initializer}
 * (glorot_uniform) and {@code kernel_regularizer} (none), and a bias of {@code filters} values.
 * Each subclass decides the kernel's shape.
 *
 * @param <T> the concrete layer
 */
public abstract class FilterConv<T extends FilterConv<T>> extends BaseConv<T> {
    protected final int filters;
    private Initializer kernelInitializer = Initializers.get("glorot_uniform");
    private Regularizer kernelRegularizer;
    private Variable kernel;
    private Variable bias;

    protected FilterConv(int rank, int filters, int[] kernelSize, Object activation) {
        super(rank, kernelSize, activation);
        if (filters <= 0) {
            throw new IllegalArgumentException(className() + ": filters must be a positive integer, received filters=" + filters);
        }
        this.filters = filters;
    }

    @SuppressWarnings("unchecked")
    protected final T me() {
        return (T) this;
    }

    public T kernelInitializer(Object initializer) {
        requireUnbuilt();
        this.kernelInitializer = Initializers.get(initializer);
        return me();
    }

    public T kernelRegularizer(Object regularizer) {
        requireUnbuilt();
        this.kernelRegularizer = Regularizers.get(regularizer);
        return me();
    }

    public int filters() {
        return filters;
    }

    public Variable kernel() {
        return kernel;
    }

    public Variable bias() {
        return bias;
    }

    /** Makes the kernel, of {@code kernelShape}, and (with use_bias) the bias. */
    protected void addKernelAndBias(long[] kernelShape) {
        kernel = addWeight("kernel", kernelShape, kernelInitializer, kernelRegularizer, true);
        if (useBias) {
            bias = addWeight("bias", new long[] {filters}, biasInitializer, biasRegularizer, true);
        }
    }

    /** Writes kernel_initializer, kernel_regularizer and kernel_constraint (always null). */
    protected void putKernelConfig(Map<String, Object> c) {
        c.put("kernel_initializer", Registry.serialize(kernelInitializer));
        c.put("kernel_regularizer", kernelRegularizer == null ? null : Registry.serialize(kernelRegularizer));
        c.put("kernel_constraint", null);
    }

    /** Reads the keys {@link #putKernelConfig} writes; a kernel constraint is refused. */
    protected static void applyKernelConfig(Config c, FilterConv<?> layer) {
        if (c.has("kernel_initializer")) {
            layer.kernelInitializer(c.raw("kernel_initializer"));
        }
        layer.kernelRegularizer(c.raw("kernel_regularizer"));
        rejectConstraints(c, "kernel_constraint");
    }
}
