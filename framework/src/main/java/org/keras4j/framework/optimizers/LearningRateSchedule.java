package org.keras4j.framework.optimizers;

import org.keras4j.framework.registry.Configurable;

/** A learning rate that depends on the optimizer's step count (Keras's {@code LearningRateSchedule}). */
public interface LearningRateSchedule extends Configurable {
    /** The learning rate at {@code step} (0 for the first update). */
    double at(long step);
}
