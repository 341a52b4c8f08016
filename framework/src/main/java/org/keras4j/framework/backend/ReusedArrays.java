package org.keras4j.framework.backend;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Arrays that one training step hands back to the next: while a scope is open on a thread,
 * {@link #uninitialized} gives the k-th request the array that the k-th request of the previous
 * scope received, when data type and shape agree. A training step asks for the same arrays in the
 * same order every time, and making an ND4J array costs 8-10 us here even inside a workspace (a
 * native buffer object, a native shape record, two deallocator registrations), about 30 times per
 * MLP step.
 *
 * <p>An array given out is overwritten by the next scope, so scopes cover only work whose arrays
 * die with the step (a model's built-in train and test steps; see {@code Model.trainStep}). Only
 * what would otherwise be a workspace temporary is reused: a request made outside every workspace
 * (a weight built on the first call, a copy meant to outlive the step) gets a new array. A request
 * whose shape differs from the last one at its position (the smaller last batch of an epoch) gets
 * a fresh array, and the position is re-learnt only after two such misses in a row. Arrays live
 * outside every workspace and are freed with this object.
 */
public final class ReusedArrays {
    private static final ThreadLocal<ReusedArrays> OPEN = new ThreadLocal<>();
    /** Consecutive misses after which a position takes the new shape. */
    private static final int RELEARN_AFTER = 2;
    /** A scope that changes nothing: requests are served as they were before it opened. */
    private static final Scope NONE = () -> { };

    private final ArrayList<Slot> slots = new ArrayList<>();
    private final AtomicBoolean inUse = new AtomicBoolean();
    private int next;

    /** Closes a scope; does not throw. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Opens a scope on this thread: requests made until it closes may get this object's arrays, and
     * the arrays given out by the previous scope are no longer valid. Opening it again inside its own
     * scope continues that scope. A second thread that opens a scope while one is open (two threads
     * training one model) gets plain allocation instead.
     */
    public Scope open() {
        if (OPEN.get() == this || !inUse.compareAndSet(false, true)) {
            return NONE;
        }
        ReusedArrays outer = OPEN.get();
        OPEN.set(this);
        next = 0;
        return () -> {
            OPEN.set(outer);
            inUse.set(false);
        };
    }

    /** A scope that changes nothing, for callers that open one only sometimes. */
    public static Scope none() {
        return NONE;
    }

    /**
     * A {@code type} array of {@code shape} with unspecified contents: a reused one inside a scope
     * when a workspace is active, else a new one (in the current workspace, if any, as
     * {@code Nd4j.createUninitialized} makes it).
     */
    public static INDArray uninitialized(DataType type, long... shape) {
        ReusedArrays open = OPEN.get();
        return open == null || Nd4j.getMemoryManager().getCurrentWorkspace() == null
                ? Nd4j.createUninitialized(type, shape) : open.take(type, shape);
    }

    /**
     * One position's array with its data type and shape kept beside it: the hit path compares these
     * and calls no ND4J method, so the JIT compiles it small.
     */
    private static final class Slot {
        final DataType type;
        final long[] shape;
        final INDArray array;
        int misses;

        Slot(DataType type, long[] shape) {
            this.type = type;
            this.shape = shape.clone();
            this.array = outsideWorkspaces(type, shape);
        }

        boolean fits(DataType t, long[] s) {
            return type == t && Arrays.equals(shape, s);
        }
    }

    private INDArray take(DataType type, long[] shape) {
        int k = next++;
        if (k == slots.size()) {
            slots.add(new Slot(type, shape));
            return slots.get(k).array;
        }
        Slot slot = slots.get(k);
        if (slot.fits(type, shape)) {
            slot.misses = 0;
            return slot.array;
        }
        return miss(k, slot, type, shape);
    }

    /** A one-off shape gets a fresh array; the second miss in a row makes the position take the new shape. */
    private INDArray miss(int k, Slot slot, DataType type, long[] shape) {
        if (++slot.misses < RELEARN_AFTER) {
            return Nd4j.createUninitialized(type, shape);
        }
        Slot relearnt = new Slot(type, shape);
        slots.set(k, relearnt);
        return relearnt.array;
    }

    private static INDArray outsideWorkspaces(DataType type, long[] shape) {
        try (MemoryWorkspace outside = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return Nd4j.createUninitialized(type, shape);
        }
    }

    /** Arrays held between scopes (for tests and memory accounting). */
    public int held() {
        return slots.size();
    }
}
