package org.keras4j.framework.backend;

/**
 * A snapshot of every random generator training draws from (see {@link Backend#randomState()}):
 * the host generator used for shuffling (its 48-bit state and cached Gaussian) and ND4J's native
 * generator of the calling thread, used by dropout and random initializers (its root and node
 * states). Plain numbers, so it can be written to a JSON file and read back exactly.
 *
 * @param hostSeed             the host generator's internal 48-bit state
 * @param hostHasGaussian      whether a second Gaussian is cached
 * @param hostNextGaussianBits the cached Gaussian, as {@code Double.doubleToRawLongBits}
 * @param nativeRootState      ND4J's {@code Random.rootState()}
 * @param nativeNodeState      ND4J's {@code Random.nodeState()}
 */
public record RandomState(long hostSeed, boolean hostHasGaussian, long hostNextGaussianBits,
        long nativeRootState, long nativeNodeState) {
}
