package org.keras4j.framework.backend;

/** Lowers ND4J's, JavaCPP's and jHDF's per-file logging to WARN when Logback is on the classpath. */
final class QuietLogs {
    private static final String[] NOISY = {"org.nd4j", "org.bytedeco", "org.reflections", "org.deeplearning4j", "io.jhdf"};

    private QuietLogs() {
    }

    static void apply() {
        try {
            if (!(org.slf4j.LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx)) {
                return;
            }
            for (String name : NOISY) {
                ch.qos.logback.classic.Logger logger = ctx.getLogger(name);
                if (logger.getLevel() == null) { // respect a level the user configured
                    logger.setLevel(ch.qos.logback.classic.Level.WARN);
                }
            }
        } catch (NoClassDefFoundError logbackAbsent) {
            // Another SLF4J binding: its own configuration decides.
        }
    }
}
