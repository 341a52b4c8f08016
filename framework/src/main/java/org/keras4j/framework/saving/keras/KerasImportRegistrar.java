package org.keras4j.framework.saving.keras;

import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;

/** Registers what imported Keras 1/2 configs need beyond Keras 3's names: {@code hard_sigmoid_keras2}. */
public final class KerasImportRegistrar implements Registrar {
    /** The registered name of Keras 2's hard sigmoid ({@link HardSigmoidKeras2}). */
    public static final String HARD_SIGMOID_KERAS2 = "hard_sigmoid_keras2";

    @Override
    public void register(Registry registry) {
        registry.register(Kind.ACTIVATION, HARD_SIGMOID_KERAS2, c -> new HardSigmoidKeras2());
    }
}
