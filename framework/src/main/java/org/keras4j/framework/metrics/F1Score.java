package org.keras4j.framework.metrics;

import java.util.Map;
import org.keras4j.framework.registry.Config;

/**
 * The F1 score, as Keras's {@code keras.metrics.F1Score}: {@link FBetaScore} with {@code beta = 1},
 * {@code 2 * p * r / (p + r)} per class.
 *
 * <p>Arguments: {@code average} (null: one score per class, read with {@link #resultArray};
 * {@code "micro"}, {@code "macro"} or {@code "weighted"}: one score), {@code threshold} (default
 * null: each sample's highest score is its prediction; else scores above it, in (0, 1]),
 * {@code name} (default {@code "f1_score"}).
 *
 * <pre>{@code
 * var f1 = new F1Score("macro", null);
 * f1.updateState(yTrueOneHot, yPredScores, null);
 * double macroF1 = f1.result();
 * }</pre>
 */
public final class F1Score extends FBetaScore {

    /** Per-class scores ({@code average=null}), argmax predictions, named {@code "f1_score"}. */
    public F1Score() {
        this(null, null);
    }

    public F1Score(String average, Double threshold) {
        this(average, threshold, null);
    }

    public F1Score(String average, Double threshold, String name) {
        super("F1Score", average, 1.0, threshold, name, "f1_score");
    }

    /** Builds from a Keras config: {@code average}, {@code threshold}, {@code name}. */
    public static F1Score fromConfig(Config config) {
        config.ignore("dtype");
        return new F1Score(config.getString("average", null), config.getNullableDouble("threshold", null),
                config.getString("name", null));
    }

    @Override
    public String className() {
        return "F1Score";
    }

    @Override
    public Map<String, Object> getConfig() {
        Map<String, Object> c = super.getConfig();
        c.remove("beta");
        return c;
    }
}
