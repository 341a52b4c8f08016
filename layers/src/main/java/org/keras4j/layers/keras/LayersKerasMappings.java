package org.keras4j.layers.keras;

import org.keras4j.framework.saving.keras.KerasMappingRegistrar;
import org.keras4j.framework.saving.keras.KerasWeightMapping;
import org.keras4j.framework.saving.keras.KerasWeightMappings;

/**
 * How Keras stores the weights of each layer of this module, for importing Keras models
 * ({@link org.keras4j.framework.saving.keras.KerasModelImport}). A layer whose {@code weights()}
 * order and shapes equal Keras's uses {@link KerasWeightMapping#inOrder()}; layouts that differ
 * (Keras 1's split recurrent arrays, its 4-D Conv1D kernels) are converted in
 * {@link KerasLayouts}. A mapping registered for a class this module does not have yet is unused:
 * a layer imports only when its class is also registered in the {@code Registry}.
 */
public final class LayersKerasMappings implements KerasMappingRegistrar {
    @Override
    public void register(KerasWeightMappings m) {
        // Keras 1 (W, b), Keras 2 (kernel:0, bias:0) and Keras 3 (vars/0, vars/1): kernel (in, units), bias (units).
        m.register("Dense", KerasWeightMapping.inOrder());
        for (String weightless : new String[] {"Activation", "Dropout", "Flatten", "Reshape", "Masking", "UnitNormalization",
            "MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D", "AveragePooling3D",
            "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
            "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D",
            "Cropping1D", "Cropping2D", "Cropping3D", "UpSampling1D", "UpSampling2D", "UpSampling3D",
            "ZeroPadding1D", "ZeroPadding2D", "ZeroPadding3D", "Permute", "RepeatVector",
            "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D", "GaussianDropout", "GaussianNoise",
            "ReLU", "LeakyReLU", "ELU", "Softmax", "ThresholdedReLU",
            "Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate", "Dot"}) {
            m.register(weightless, KerasWeightMapping.none());
        }
        // Kernels (k..., in / groups, filters), transposed (k..., filters, in), depthwise (k..., in, multiplier),
        // separable depthwise then pointwise (1, 1, in * multiplier, filters); bias last. Ours are laid out the same.
        for (String conv : new String[] {"Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose",
            "DepthwiseConv2D", "SeparableConv2D"}) {
            m.register(conv, KerasLayouts.convolution());
        }
        // gamma, beta (each absent when scale / center is off), moving_mean, moving_variance.
        m.register("BatchNormalization", KerasLayouts.batchNormalization());
        m.register("LayerNormalization", KerasWeightMapping.inOrder());
        m.register("GroupNormalization", KerasWeightMapping.inOrder());
        m.register("Embedding", KerasWeightMapping.inOrder());
        // alpha, the input shape without batch (shared axes of size 1).
        m.register("PReLU", KerasWeightMapping.inOrder());
        m.register("SimpleRNN", KerasWeightMapping.inOrder());
        m.register("LSTM", KerasLayouts.gated("ifco"));
        m.register("GRU", KerasLayouts.gated("zrh"));
        m.register("Bidirectional", KerasLayouts.bidirectional());
        // The wrapped layer's arrays (Keras 3: under layer/), in the wrapped layer's order.
        m.register("TimeDistributed", KerasWeightMapping.inOrder());
    }
}
