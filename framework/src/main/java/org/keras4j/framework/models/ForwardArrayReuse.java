package org.keras4j.framework.models;

import java.util.List;
import org.keras4j.framework.backend.ReusedArrays;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.losses.Loss;

/**
 * Decides whether a model's built-in train and test steps may run their forward pass and loss on
 * arrays reused from step to step ({@link ReusedArrays}), as a train step always does for its
 * gradients. A reused array is overwritten by the next step, and {@code detach()} of it returns the
 * array itself, so code that keeps {@code value().detach()} of a step's array (what
 * {@link Layer#call} allows) would read the next step's values. Keras4J's own layers, losses and
 * metrics keep nothing past a step but weights and copies made outside workspaces; a class of
 * anyone else's might, so a model that runs one keeps fresh forward arrays.
 */
final class ForwardArrayReuse {
    private static final String OWN_PACKAGES = "org.keras4j.";

    private ForwardArrayReuse() {
    }

    /** Whether {@code model}, compiled with {@code losses} and {@code metricSpecs}, runs only Keras4J's own code. */
    static boolean allowed(Model model, List<Loss> losses, List<Object> metricSpecs) {
        return ownLayers(model) && losses.stream().allMatch(ForwardArrayReuse::own)
                && metricSpecs.stream().allMatch(ForwardArrayReuse::own);
    }

    private static boolean ownLayers(Layer layer) {
        return own(layer) && layer.innerLayers().stream().allMatch(ForwardArrayReuse::ownLayers);
    }

    /** Names resolve to Keras4J's own classes; null is an output without a loss. */
    private static boolean own(Object code) {
        return code == null || code instanceof String || code.getClass().getName().startsWith(OWN_PACKAGES);
    }
}
