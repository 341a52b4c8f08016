package org.keras4j.framework.optimizers;

import org.keras4j.framework.optimizers.schedules.CosineDecay;
import org.keras4j.framework.optimizers.schedules.CosineDecayRestarts;
import org.keras4j.framework.optimizers.schedules.ExponentialDecay;
import org.keras4j.framework.optimizers.schedules.InverseTimeDecay;
import org.keras4j.framework.optimizers.schedules.PiecewiseConstantDecay;
import org.keras4j.framework.optimizers.schedules.PolynomialDecay;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;

/**
 * Registers the built-in optimizers (Keras class name plus lowercase alias, e.g. {@code "Adam"} and
 * {@code "adam"}) and learning-rate schedules (Keras class name plus snake_case alias).
 */
public final class OptimizersRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
        registry.register(Kind.OPTIMIZER, "SGD", SGD::fromConfig, "sgd");
        registry.register(Kind.OPTIMIZER, "Adam", Adam::fromConfig, "adam");
        registry.register(Kind.OPTIMIZER, "AdamW", AdamW::fromConfig, "adamw");
        registry.register(Kind.OPTIMIZER, "RMSprop", RMSprop::fromConfig, "rmsprop");
        registry.register(Kind.OPTIMIZER, "Adagrad", Adagrad::fromConfig, "adagrad");
        registry.register(Kind.OPTIMIZER, "Adadelta", Adadelta::fromConfig, "adadelta");
        registry.register(Kind.OPTIMIZER, "Adamax", Adamax::fromConfig, "adamax");
        registry.register(Kind.OPTIMIZER, "Nadam", Nadam::fromConfig, "nadam");

        registry.register(Kind.SCHEDULE, "ExponentialDecay", ExponentialDecay::fromConfig, "exponential_decay");
        registry.register(Kind.SCHEDULE, "InverseTimeDecay", InverseTimeDecay::fromConfig, "inverse_time_decay");
        registry.register(Kind.SCHEDULE, "PiecewiseConstantDecay", PiecewiseConstantDecay::fromConfig,
                "piecewise_constant_decay");
        registry.register(Kind.SCHEDULE, "PolynomialDecay", PolynomialDecay::fromConfig, "polynomial_decay");
        registry.register(Kind.SCHEDULE, "CosineDecay", CosineDecay::fromConfig, "cosine_decay");
        registry.register(Kind.SCHEDULE, "CosineDecayRestarts", CosineDecayRestarts::fromConfig, "cosine_decay_restarts");
    }
}
