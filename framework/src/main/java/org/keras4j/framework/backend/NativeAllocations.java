package org.keras4j.framework.backend;

/**
 * Turns off one check JavaCPP (under ND4J) makes on every native allocation: it reads the process's
 * resident size from {@code /proc/self/statm}, a system call, to compare it with
 * {@code org.bytedeco.javacpp.maxPhysicalBytes}. A training step allocates a few dozen arrays, and on
 * our 2-core machines these reads were 5% of an MLP step. With the limit at 0 JavaCPP skips the read
 * (its maintainers: it then "just doesn't try as hard to release memory"); the limit that matters
 * stays: {@code org.bytedeco.javacpp.maxBytes}, the native memory ND4J may hold (by default the
 * JVM's maximum heap), beyond which JavaCPP runs the garbage collector before it gives up. A limit
 * the user set, under either spelling JavaCPP reads, is left alone. Like {@link NativeThreads}, it
 * only takes effect before ND4J's first allocation.
 */
final class NativeAllocations {
    static final String MAX_PHYSICAL_BYTES = "org.bytedeco.javacpp.maxPhysicalBytes";

    private NativeAllocations() {
    }

    static void skipResidentSizeChecks() {
        if (System.getProperty(MAX_PHYSICAL_BYTES) == null && System.getProperty("org.bytedeco.javacpp.maxphysicalbytes") == null) {
            System.setProperty(MAX_PHYSICAL_BYTES, "0");
        }
    }
}
