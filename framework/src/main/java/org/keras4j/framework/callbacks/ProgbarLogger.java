package org.keras4j.framework.callbacks;

import java.io.PrintStream;
import java.util.Map;

/**
 * Prints training progress as Keras does: {@code Epoch 3/10}, then a progress bar per epoch
 * (verbose 1, redrawn in place) or one line per epoch (verbose 2). {@code fit},
 * {@code evaluate} and {@code predict} add one automatically when verbose is not 0.
 */
public final class ProgbarLogger extends Callback {
    private final int verbose;
    private final PrintStream out;
    private Progbar bar;
    private int seen;
    private int epochs;
    private boolean training;

    /** @param verbose 1 for the in-place bar, 2 for one line per epoch */
    public ProgbarLogger(int verbose, PrintStream out) {
        this.verbose = verbose;
        this.out = out;
    }

    /** Verbose 1 on a terminal, else 2 (a bar redrawn with carriage returns garbles logs and pipes). */
    public static int effectiveVerbose(int requested) {
        return requested == 1 && System.console() == null ? 2 : requested;
    }

    private int steps() {
        Object s = params().get("steps");
        return s instanceof Integer i ? i : -1;
    }

    @Override
    public void onTrainBegin(Map<String, Double> logs) {
        training = true;
        Object e = params().get("epochs");
        epochs = e instanceof Integer i ? i : 0;
    }

    @Override
    public void onTrainEnd(Map<String, Double> logs) {
        training = false;
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        out.println("Epoch " + (epoch + 1) + "/" + epochs);
        startBar();
    }

    @Override
    public void onTrainBatchEnd(int batch, Map<String, Double> logs) {
        advance(batch, logs);
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        bar.update(seen, logs, true);
    }

    // evaluate's bar; validation inside fit shows none (its values join the epoch's line)

    @Override
    public void onTestBegin(Map<String, Double> logs) {
        if (!training) {
            startBar();
        }
    }

    @Override
    public void onTestBatchEnd(int batch, Map<String, Double> logs) {
        if (!training) {
            advance(batch, logs);
        }
    }

    @Override
    public void onTestEnd(Map<String, Double> logs) {
        if (!training) {
            bar.update(seen, logs, true);
        }
    }

    @Override
    public void onPredictBegin(Map<String, Double> logs) {
        startBar();
    }

    @Override
    public void onPredictBatchEnd(int batch, Map<String, Double> logs) {
        advance(batch, logs);
    }

    @Override
    public void onPredictEnd(Map<String, Double> logs) {
        bar.update(seen, logs, true);
    }

    private void startBar() {
        bar = new Progbar(steps(), verbose, out);
        seen = 0;
    }

    /** Redraws the bar after {@code batch} (verbose 1 only; the last step is drawn by the end hook). */
    private void advance(int batch, Map<String, Double> logs) {
        seen = batch + 1;
        if (verbose == 1 && seen < steps()) {
            bar.update(seen, logs, false);
        }
    }
}
