package org.keras4j.framework.backend;

import java.util.Random;

/**
 * The host-side generator behind {@link Backend#hostRandom()}: the same sequence as
 * {@code java.util.Random} (the linear congruential generator its Javadoc specifies, and the same
 * polar method for Gaussians), but with a state that can be read and written, so a resumed
 * training run ({@code BackupAndRestore}) shuffles exactly as the interrupted one would have.
 * {@code java.util.Random} keeps its state private, hence this subclass.
 */
final class HostRandom extends Random {
    private static final long MULTIPLIER = 0x5DEECE66DL;
    private static final long ADDEND = 0xBL;
    private static final long MASK = (1L << 48) - 1;

    // No initializers: Random's constructor calls setSeed before this class's initializers would run.
    private long state;
    private double nextNextGaussian;
    private boolean haveNextNextGaussian;

    HostRandom(long seed) {
        super(seed);
    }

    HostRandom() {
        super();
    }

    @Override
    public synchronized void setSeed(long seed) {
        state = (seed ^ MULTIPLIER) & MASK;
        haveNextNextGaussian = false;
    }

    @Override
    protected synchronized int next(int bits) {
        state = (state * MULTIPLIER + ADDEND) & MASK;
        return (int) (state >>> (48 - bits));
    }

    @Override
    public synchronized double nextGaussian() {
        if (haveNextNextGaussian) {
            haveNextNextGaussian = false;
            return nextNextGaussian;
        }
        double v1;
        double v2;
        double s;
        do {
            v1 = 2 * nextDouble() - 1;
            v2 = 2 * nextDouble() - 1;
            s = v1 * v1 + v2 * v2;
        } while (s >= 1 || s == 0);
        double multiplier = StrictMath.sqrt(-2 * StrictMath.log(s) / s);
        nextNextGaussian = v2 * multiplier;
        haveNextNextGaussian = true;
        return v1 * multiplier;
    }

    synchronized long[] state() {
        return new long[] {state, haveNextNextGaussian ? 1 : 0, Double.doubleToRawLongBits(nextNextGaussian)};
    }

    synchronized void restore(long[] s) {
        state = s[0] & MASK;
        haveNextNextGaussian = s[1] != 0;
        nextNextGaussian = Double.longBitsToDouble(s[2]);
    }
}
