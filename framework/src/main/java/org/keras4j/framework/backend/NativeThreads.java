package org.keras4j.framework.backend;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives ND4J's OpenMP runtime a passive wait policy before it starts. By default idle OpenMP
 * workers spin, and on a machine with few cores they take the CPU from the JVM thread and from
 * OpenBLAS's threads: training then runs about half as fast. libgomp reads
 * {@code OMP_WAIT_POLICY} once, when it is loaded, and Java cannot change its own process
 * environment, so the variable is set through the C library (via JNA, which ND4J already ships)
 * before ND4J's native code is loaded. A value the user exported is left alone.
 */
final class NativeThreads {
    private static final Logger LOG = LoggerFactory.getLogger(NativeThreads.class);
    static final String WAIT_POLICY = "OMP_WAIT_POLICY";

    private NativeThreads() {
    }

    /** The C library's {@code setenv}. */
    interface CLibrary extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /** Sets the passive wait policy unless the user chose one; warns if it comes too late to matter. */
    static void preferPassiveWaiting() {
        if (System.getenv(WAIT_POLICY) != null || System.getProperty("keras4j.threads.keep") != null) {
            return;
        }
        if (openMpAlreadyLoaded()) {
            LOG.warn("ND4J was started before Keras4J could set {}=PASSIVE, so its idle threads spin and training may "
                    + "run up to 2x slower on machines with few cores. Call Backend.init() before the first ND4J call, "
                    + "or export {}=PASSIVE.", WAIT_POLICY, WAIT_POLICY);
            return;
        }
        String os = System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT);
        if (!(os.contains("linux") || os.contains("mac"))) {
            return; // Windows builds of ND4J ship their own OpenMP runtime; leave it as it is
        }
        try {
            CLibrary c = (CLibrary) Native.loadLibrary("c", CLibrary.class);
            c.setenv(WAIT_POLICY, "PASSIVE", 0);
        } catch (Throwable e) {
            LOG.debug("Could not set {}: {}", WAIT_POLICY, e.toString());
        }
    }

    /** On Linux: whether an OpenMP runtime is already mapped into this process. */
    private static boolean openMpAlreadyLoaded() {
        Path maps = Path.of("/proc/self/maps");
        if (!Files.isReadable(maps)) {
            return false;
        }
        try {
            return Files.readString(maps).contains("libgomp");
        } catch (IOException e) {
            return false;
        }
    }
}
