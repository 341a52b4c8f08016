package org.keras4j.framework.initializers;

import org.keras4j.framework.registry.Configurable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Makes the starting value of a weight, as Keras's {@code keras.initializers}. Random initializers
 * draw from ND4J's generator, which {@code Backend.setRandomSeed} seeds, unless given a seed.
 */
public interface Initializer extends Configurable {
    /** A new array of {@code shape} and {@code dtype} (kernels are {@code (..., fan_in, fan_out)}). */
    INDArray generate(long[] shape, DataType dtype);
}
