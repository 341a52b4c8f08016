package org.keras4j.framework.callbacks;

import java.nio.file.Path;

/**
 * Draws a {@link History} to an image; what {@link History#plot(Path)} calls. The framework has
 * no chart library: the {@code keras4j-callbacks} module provides one (its {@code TrainingCurves},
 * with XChart) and announces it in {@code META-INF/services/org.keras4j.framework.callbacks.HistoryPlotter},
 * so the framework keeps its small dependency set and the plot is one call for the user.
 */
public interface HistoryPlotter {
    /** Writes {@code history}'s curves as a PNG to {@code png}. */
    void plot(History history, Path png);
}
