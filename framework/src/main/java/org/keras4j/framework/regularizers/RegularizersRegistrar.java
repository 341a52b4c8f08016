package org.keras4j.framework.regularizers;

import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;

/**
 * Registers the built-in regularizers under their Keras 3 names: {@code L1}/{@code l1},
 * {@code L2}/{@code l2}, {@code L1L2}/{@code l1l2} (class defaults 0.0 and 0.0), and
 * {@code l1_l2}, which Keras documents as {@code l1=0.01, l2=0.01} (Keras 2's {@code l1_l2}).
 */
public final class RegularizersRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
        registry.register(Kind.REGULARIZER, "L1", c -> new L1(c.getDouble("l1", 0.01)), "l1");
        registry.register(Kind.REGULARIZER, "L2", c -> new L2(c.getDouble("l2", 0.01)), "l2");
        registry.register(Kind.REGULARIZER, "L1L2", c -> new L1L2(c.getDouble("l1", 0.0), c.getDouble("l2", 0.0)), "l1l2");
        registry.register(Kind.REGULARIZER, "l1_l2", c -> new L1L2(c.getDouble("l1", 0.01), c.getDouble("l2", 0.01)));
    }
}
