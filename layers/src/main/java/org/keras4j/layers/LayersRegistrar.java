package org.keras4j.layers;

import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;
import org.keras4j.layers.conv.Conv1D;
import org.keras4j.layers.conv.Conv2D;
import org.keras4j.layers.conv.Conv3D;
import org.keras4j.layers.conv.Conv1DTranspose;
import org.keras4j.layers.conv.Conv2DTranspose;
import org.keras4j.layers.conv.DepthwiseConv2D;
import org.keras4j.layers.conv.SeparableConv2D;
import org.keras4j.layers.pooling.MaxPooling1D;
import org.keras4j.layers.pooling.MaxPooling2D;
import org.keras4j.layers.pooling.MaxPooling3D;
import org.keras4j.layers.pooling.AveragePooling1D;
import org.keras4j.layers.pooling.AveragePooling2D;
import org.keras4j.layers.pooling.AveragePooling3D;
import org.keras4j.layers.core.Activation;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.regularization.Dropout;
import org.keras4j.layers.reshaping.Flatten;
import org.keras4j.layers.reshaping.Reshape;

/** Registers every layer of this module under its Keras class name. */
public final class LayersRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
        registry.register(Kind.LAYER, "Dense", Dense::fromConfig);
        registry.register(Kind.LAYER, "Activation", Activation::fromConfig);
        registry.register(Kind.LAYER, "Dropout", Dropout::fromConfig);
        registry.register(Kind.LAYER, "Flatten", Flatten::fromConfig);
        registry.register(Kind.LAYER, "Reshape", Reshape::fromConfig);
        registry.register(Kind.LAYER, "Conv1D", Conv1D::fromConfig, "Convolution1D");
        registry.register(Kind.LAYER, "Conv2D", Conv2D::fromConfig, "Convolution2D");
        registry.register(Kind.LAYER, "Conv3D", Conv3D::fromConfig, "Convolution3D");
        registry.register(Kind.LAYER, "Conv1DTranspose", Conv1DTranspose::fromConfig, "Convolution1DTranspose");
        registry.register(Kind.LAYER, "Conv2DTranspose", Conv2DTranspose::fromConfig, "Convolution2DTranspose");
        registry.register(Kind.LAYER, "DepthwiseConv2D", DepthwiseConv2D::fromConfig);
        registry.register(Kind.LAYER, "SeparableConv2D", SeparableConv2D::fromConfig, "SeparableConvolution2D");
        registry.register(Kind.LAYER, "MaxPooling1D", MaxPooling1D::fromConfig, "MaxPool1D");
        registry.register(Kind.LAYER, "MaxPooling2D", MaxPooling2D::fromConfig, "MaxPool2D");
        registry.register(Kind.LAYER, "MaxPooling3D", MaxPooling3D::fromConfig, "MaxPool3D");
        registry.register(Kind.LAYER, "AveragePooling1D", AveragePooling1D::fromConfig, "AvgPool1D");
        registry.register(Kind.LAYER, "AveragePooling2D", AveragePooling2D::fromConfig, "AvgPool2D");
        registry.register(Kind.LAYER, "AveragePooling3D", AveragePooling3D::fromConfig, "AvgPool3D");
    }
}
