package org.keras4j.callbacks;

import java.util.Map;

/**
 * A callback whose run-time state (counters, best values, best weights) must survive an
 * interrupted training run: {@link BackupAndRestore} writes {@link #state()} with each backup and
 * hands it back to {@link #restoreState} when the run resumes, after the callback's own
 * {@code onTrainBegin} has reset it.
 *
 * <p>Values are JSON-like: {@code null}, booleans, numbers, strings, lists and maps of these, and
 * ND4J arrays (or lists of arrays), which are stored bit for bit. Numbers may come back as another
 * {@link Number} type (an {@code int} as a {@code Long}, say) and non-finite doubles as their
 * {@code Double.toString} text; {@link #restoreState} should read them with {@link StateValues}.
 *
 * <pre>{@code
 * public Map<String, Object> state() { return Map.of("wait", wait); }
 * public void restoreState(Map<String, Object> s) { wait = StateValues.asInt(s.get("wait")); }
 * }</pre>
 */
public interface StatefulCallback {
    /** A snapshot of the callback's run-time state (not its configuration). */
    Map<String, Object> state();

    /** Puts back a snapshot taken by {@link #state()} on an equally configured callback. */
    void restoreState(Map<String, Object> state);
}
