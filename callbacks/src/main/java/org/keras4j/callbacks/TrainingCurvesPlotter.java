package org.keras4j.callbacks;

import java.nio.file.Path;
import org.keras4j.framework.callbacks.History;
import org.keras4j.framework.callbacks.HistoryPlotter;

/** {@code History.plot(Path)}'s drawing, through {@link TrainingCurves}; found with {@code ServiceLoader}. */
public final class TrainingCurvesPlotter implements HistoryPlotter {
    @Override
    public void plot(History history, Path png) {
        TrainingCurves.plot(history, png);
    }
}
