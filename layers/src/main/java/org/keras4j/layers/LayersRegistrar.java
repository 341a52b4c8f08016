package org.keras4j.layers;

import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;
import org.keras4j.layers.attention.AdditiveAttention;
import org.keras4j.layers.attention.Attention;
import org.keras4j.layers.attention.MultiHeadAttention;
import org.keras4j.layers.core.Activation;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.normalization.BatchNormalization;
import org.keras4j.layers.normalization.GroupNormalization;
import org.keras4j.layers.normalization.LayerNormalization;
import org.keras4j.layers.normalization.UnitNormalization;
import org.keras4j.layers.regularization.Dropout;
import org.keras4j.layers.reshaping.Flatten;
import org.keras4j.layers.reshaping.Reshape;
import org.keras4j.layers.pooling.GlobalMaxPooling1D;
import org.keras4j.layers.pooling.GlobalMaxPooling2D;
import org.keras4j.layers.pooling.GlobalMaxPooling3D;
import org.keras4j.layers.pooling.GlobalAveragePooling1D;
import org.keras4j.layers.pooling.GlobalAveragePooling2D;
import org.keras4j.layers.pooling.GlobalAveragePooling3D;
import org.keras4j.layers.reshaping.ZeroPadding1D;
import org.keras4j.layers.reshaping.ZeroPadding2D;
import org.keras4j.layers.reshaping.ZeroPadding3D;
import org.keras4j.layers.reshaping.Cropping1D;
import org.keras4j.layers.reshaping.Cropping2D;
import org.keras4j.layers.reshaping.Cropping3D;
import org.keras4j.layers.reshaping.UpSampling1D;
import org.keras4j.layers.reshaping.UpSampling2D;
import org.keras4j.layers.reshaping.UpSampling3D;
import org.keras4j.layers.reshaping.Permute;
import org.keras4j.layers.reshaping.RepeatVector;
import org.keras4j.layers.regularization.SpatialDropout1D;
import org.keras4j.layers.regularization.SpatialDropout2D;
import org.keras4j.layers.regularization.GaussianNoise;
import org.keras4j.layers.regularization.GaussianDropout;

/** Registers every layer of this module under its Keras class name. */
public final class LayersRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
        registry.register(Kind.LAYER, "Dense", Dense::fromConfig);
        registry.register(Kind.LAYER, "Attention", Attention::fromConfig);
        registry.register(Kind.LAYER, "AdditiveAttention", AdditiveAttention::fromConfig);
        registry.register(Kind.LAYER, "MultiHeadAttention", MultiHeadAttention::fromConfig);
        registry.register(Kind.LAYER, "Activation", Activation::fromConfig);
        registry.register(Kind.LAYER, "Dropout", Dropout::fromConfig);
        registry.register(Kind.LAYER, "Flatten", Flatten::fromConfig);
        registry.register(Kind.LAYER, "Reshape", Reshape::fromConfig);
        registry.register(Kind.LAYER, "GlobalMaxPooling1D", GlobalMaxPooling1D::fromConfig);
        registry.register(Kind.LAYER, "GlobalMaxPooling2D", GlobalMaxPooling2D::fromConfig);
        registry.register(Kind.LAYER, "GlobalMaxPooling3D", GlobalMaxPooling3D::fromConfig);
        registry.register(Kind.LAYER, "GlobalAveragePooling1D", GlobalAveragePooling1D::fromConfig);
        registry.register(Kind.LAYER, "GlobalAveragePooling2D", GlobalAveragePooling2D::fromConfig);
        registry.register(Kind.LAYER, "GlobalAveragePooling3D", GlobalAveragePooling3D::fromConfig);
        registry.register(Kind.LAYER, "ZeroPadding1D", ZeroPadding1D::fromConfig);
        registry.register(Kind.LAYER, "ZeroPadding2D", ZeroPadding2D::fromConfig);
        registry.register(Kind.LAYER, "ZeroPadding3D", ZeroPadding3D::fromConfig);
        registry.register(Kind.LAYER, "Cropping1D", Cropping1D::fromConfig);
        registry.register(Kind.LAYER, "Cropping2D", Cropping2D::fromConfig);
        registry.register(Kind.LAYER, "Cropping3D", Cropping3D::fromConfig);
        registry.register(Kind.LAYER, "UpSampling1D", UpSampling1D::fromConfig);
        registry.register(Kind.LAYER, "UpSampling2D", UpSampling2D::fromConfig);
        registry.register(Kind.LAYER, "UpSampling3D", UpSampling3D::fromConfig);
        registry.register(Kind.LAYER, "Permute", Permute::fromConfig);
        registry.register(Kind.LAYER, "RepeatVector", RepeatVector::fromConfig);
        registry.register(Kind.LAYER, "SpatialDropout1D", SpatialDropout1D::fromConfig);
        registry.register(Kind.LAYER, "SpatialDropout2D", SpatialDropout2D::fromConfig);
        registry.register(Kind.LAYER, "GaussianNoise", GaussianNoise::fromConfig);
        registry.register(Kind.LAYER, "GaussianDropout", GaussianDropout::fromConfig);
        registry.register(Kind.LAYER, "BatchNormalization", BatchNormalization::fromConfig);
        registry.register(Kind.LAYER, "LayerNormalization", LayerNormalization::fromConfig);
        registry.register(Kind.LAYER, "GroupNormalization", GroupNormalization::fromConfig);
        registry.register(Kind.LAYER, "UnitNormalization", UnitNormalization::fromConfig);
    }
}
