package org.keras4j.framework.optimizers;

import org.keras4j.framework.registry.Configurable;

/**
 * A learning rate that depends on the optimizer's step count (Keras's {@code LearningRateSchedule}).
 * An optimizer given a schedule uses {@code at(optimizer.iterations())} for each update. The
 * built-in schedules (ExponentialDecay, CosineDecay, ...) are in
 * {@code org.keras4j.framework.optimizers.schedules}; a custom one registers under
 * {@link org.keras4j.framework.registry.Kind#SCHEDULE} to be usable in configs.
 */
public interface LearningRateSchedule extends Configurable {
    /** The learning rate at {@code step} (0 for the first update). */
    double at(long step);
}
