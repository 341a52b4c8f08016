package org.keras4j.framework.registry;

/** The families of names the registry resolves, each with its own namespace. */
public enum Kind {
    LAYER("layer"),
    ACTIVATION("activation"),
    INITIALIZER("initializer"),
    REGULARIZER("regularizer"),
    LOSS("loss"),
    OPTIMIZER("optimizer"),
    SCHEDULE("learning rate schedule"),
    METRIC("metric"),
    CALLBACK("callback");

    private final String label;

    Kind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
