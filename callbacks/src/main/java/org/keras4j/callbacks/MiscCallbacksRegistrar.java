package org.keras4j.callbacks;

import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registrar;
import org.keras4j.framework.registry.Registry;

/**
 * Registers the config-serializable utility callbacks: {@code "CSVLogger"} and
 * {@code "TerminateOnNaN"} (Keras class names; lookup ignores case). {@link LearningRateScheduler}
 * and {@link LambdaCallback} hold lambdas and have no config, so they are not registered.
 */
public final class MiscCallbacksRegistrar implements Registrar {
    @Override
    public void register(Registry registry) {
        registry.register(Kind.CALLBACK, "CSVLogger", CSVLogger::fromConfig);
        registry.register(Kind.CALLBACK, "TerminateOnNaN", TerminateOnNaN::fromConfig);
    }
}
