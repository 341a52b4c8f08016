package org.keras4j.framework.autodiff;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A named, mutable tensor holding a weight. Its array is updated in place by optimizers and
 * {@link #assign}, so tensors that reference it always see the current value.
 */
public final class Variable extends Tensor {
    private final String name;
    private boolean trainable;

    public Variable(String name, INDArray value, boolean trainable) {
        super(value);
        this.name = name;
        setTrainable(trainable);
    }

    public String name() {
        return name;
    }

    public boolean isTrainable() {
        return trainable;
    }

    public void setTrainable(boolean trainable) {
        this.trainable = trainable;
        this.requiresGrad = trainable;
    }

    /** Copies {@code newValue} into this variable; the shapes must match. */
    public void assign(INDArray newValue) {
        if (!java.util.Arrays.equals(newValue.shape(), value().shape())) {
            throw new IllegalArgumentException("Variable '" + name + "' has shape "
                    + org.keras4j.framework.layers.Shape.format(value().shape()) + " but the new value has shape "
                    + org.keras4j.framework.layers.Shape.format(newValue.shape()));
        }
        value().assign(newValue);
    }

    @Override
    public String toString() {
        return "Variable(name=" + name + ", shape=" + org.keras4j.framework.layers.Shape.format(shape())
                + ", trainable=" + trainable + ")";
    }
}
