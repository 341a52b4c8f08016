package org.keras4j.callbacks;

import java.io.PrintStream;
import java.util.Map;
import org.keras4j.framework.callbacks.Callback;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.optimizers.Optimizer;

/**
 * Sets the optimizer's learning rate at the start of every epoch from a function of the epoch
 * (Keras's {@code keras.callbacks.LearningRateScheduler}).
 *
 * <p>At {@code onEpochBegin(epoch)} the schedule receives the 0-based epoch and the current learning
 * rate and returns the new one, which replaces the optimizer's rate. At {@code onEpochEnd} the rate
 * in use is added to the epoch logs as {@code "learning_rate"}, so {@code History} and
 * {@code CSVLogger} record it (the callback must come before them in the list; {@code fit} puts
 * its own History last).
 *
 * <pre>{@code
 * // Keep the rate for 10 epochs, then decay it by e^-0.1 per epoch.
 * var scheduler = new LearningRateScheduler((epoch, lr) -> epoch < 10 ? lr : lr * Math.exp(-0.1));
 * model.fit(x, y, FitOptions.epochs(15).callbacks(scheduler));
 * }</pre>
 *
 * <ul>
 * <li>{@code schedule}: {@code (epoch, lr) -> newLr}; must return a finite number {@code >= 0}.</li>
 * <li>{@code verbose} (0): 1 prints {@code Epoch N: LearningRateScheduler setting learning rate to X.}</li>
 * </ul>
 *
 * <p>The optimizer must have a constant learning rate: as in Keras, a rate that follows a
 * {@code LearningRateSchedule} is not settable, and this callback fails on it.
 *
 * <p>Not serializable through the registry: the schedule is arbitrary code (a lambda), which has
 * no config form. Build it in code each time.
 */
public final class LearningRateScheduler extends Callback {

    /** Keras's {@code schedule(epoch, lr)}: the learning rate for {@code epoch} (0-based) given the current one. */
    @FunctionalInterface
    public interface Schedule {
        double apply(int epoch, double learningRate);
    }

    private final Schedule schedule;
    private final int verbose;
    private final PrintStream out;

    /** A silent scheduler. */
    public LearningRateScheduler(Schedule schedule) {
        this(schedule, 0);
    }

    /** @param verbose 0 (silent) or 1 (a message each epoch on the model's output stream, {@code Model.output()}) */
    public LearningRateScheduler(Schedule schedule, int verbose) {
        this(schedule, verbose, null, true);
    }

    /** @param out where the verbose messages go */
    public LearningRateScheduler(Schedule schedule, int verbose, PrintStream out) {
        this(schedule, verbose, out, false);
    }

    private LearningRateScheduler(Schedule schedule, int verbose, PrintStream out, boolean modelOutput) {
        if (schedule == null) {
            throw new IllegalArgumentException("LearningRateScheduler: schedule must not be null");
        }
        if (verbose < 0) {
            throw new IllegalArgumentException("LearningRateScheduler: verbose must be 0 or 1, received verbose=" + verbose);
        }
        if (out == null && !modelOutput) {
            throw new IllegalArgumentException("LearningRateScheduler: out must not be null");
        }
        this.schedule = schedule;
        this.verbose = verbose;
        this.out = out;
    }

    /** The old Keras form {@code schedule(epoch)}, which ignores the current rate. */
    public static LearningRateScheduler ofEpoch(java.util.function.IntToDoubleFunction schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException("LearningRateScheduler: schedule must not be null");
        }
        return new LearningRateScheduler((epoch, lr) -> schedule.applyAsDouble(epoch));
    }

    @Override
    public void onEpochBegin(int epoch, Map<String, Double> logs) {
        Optimizer optimizer = optimizer();
        if (optimizer.schedule() != null) {
            throw new IllegalStateException("LearningRateScheduler: the optimizer " + optimizer.className()
                    + " was created with a LearningRateSchedule (" + optimizer.schedule().getClass().getSimpleName()
                    + "), so its learning rate is not settable. Create the optimizer with a constant learning_rate "
                    + "to use this callback.");
        }
        double lr = schedule.apply(epoch, optimizer.currentLearningRate());
        if (!Double.isFinite(lr) || lr < 0) {
            throw new IllegalArgumentException("LearningRateScheduler: the schedule returned learning_rate=" + lr
                    + " for epoch " + epoch + "; it must return a finite number >= 0.");
        }
        optimizer.setLearningRate(lr);
        if (verbose > 0) {
            PrintStream o = out != null ? out : model().output();
            o.println();
            o.println("Epoch " + (epoch + 1) + ": LearningRateScheduler setting learning rate to " + lr + ".");
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (logs != null) {
            logs.put("learning_rate", optimizer().currentLearningRate());
        }
    }

    private Optimizer optimizer() {
        Model model = model();
        if (model == null) {
            throw new IllegalStateException("LearningRateScheduler: no model is set; pass the callback to fit()");
        }
        Optimizer optimizer = model.optimizer();
        if (optimizer == null) {
            throw new IllegalStateException("LearningRateScheduler: the model has no optimizer; call compile() before fit()");
        }
        return optimizer;
    }
}
