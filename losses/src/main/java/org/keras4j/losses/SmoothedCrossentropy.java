package org.keras4j.losses;

import java.util.Map;
import org.keras4j.framework.losses.Loss;
import org.keras4j.framework.losses.Reduction;
import org.keras4j.framework.registry.Config;
import org.slf4j.LoggerFactory;

/**
 * The arguments and config keys that {@link BinaryCrossentropy} and {@link CategoricalCrossentropy}
 * share, as Keras's: {@code from_logits} (false), {@code label_smoothing} (0.0, in [0, 1]),
 * {@code axis} (-1), {@code reduction} and {@code name}; and the warning both give when
 * {@code from_logits=true} meets the output of their activation. Each subclass keeps its maths.
 * ({@link SparseCategoricalCrossentropy} has no {@code label_smoothing} and stands alone.)
 */
abstract class SmoothedCrossentropy extends Loss {
    private final boolean fromLogits;
    private final double labelSmoothing;
    private final int axis;
    private volatile boolean warnedLogits;

    /** The subclasses' full constructor, so that {@link #fromConfig} can call it by reference. */
    @FunctionalInterface
    interface Factory<L extends SmoothedCrossentropy> {
        L make(boolean fromLogits, double labelSmoothing, int axis, Reduction reduction, String name);
    }

    /**
     * @param owner the Keras class name, for messages
     * @param defaultName the loss's name when {@code name} is null or blank
     */
    SmoothedCrossentropy(String owner, String defaultName, boolean fromLogits, double labelSmoothing, int axis,
            Reduction reduction, String name) {
        super(LossSupport.nameOrDefault(name, defaultName), LossSupport.checkReduction(owner, reduction));
        this.fromLogits = fromLogits;
        this.labelSmoothing = LossSupport.checkLabelSmoothing(owner, labelSmoothing);
        this.axis = axis;
    }

    /** Rebuilds from a Keras config ({@code name}, {@code reduction}, {@code from_logits}, {@code label_smoothing}, {@code axis}). */
    static <L extends SmoothedCrossentropy> L fromConfig(Config config, String defaultName, Factory<L> constructor) {
        return constructor.make(config.getBoolean("from_logits", false), config.getDouble("label_smoothing", 0.0),
                config.getInt("axis", -1), LossSupport.reduction(config), LossSupport.name(config, defaultName));
    }

    public boolean fromLogits() {
        return fromLogits;
    }

    public double labelSmoothing() {
        return labelSmoothing;
    }

    public int axis() {
        return axis;
    }

    /**
     * Called when {@code y_pred} is the output of {@code activation} and its input is used as logits
     * (as Keras 3 does): with {@code from_logits=true} that is probably a mistake, said once per loss.
     */
    final void warnIfFromLogits(String activation) {
        if (fromLogits && !warnedLogits) {
            warnedLogits = true;
            LoggerFactory.getLogger(getClass()).warn("{} received from_logits=true, but y_pred is the output of a " + activation
                    + " and thus not logits; using the " + activation + "'s input as logits. Was this intended?", name());
        }
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.put("from_logits", fromLogits);
        c.put("label_smoothing", labelSmoothing);
        c.put("axis", axis);
        return c;
    }
}
