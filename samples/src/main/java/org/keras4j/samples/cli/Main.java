package org.keras4j.samples.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keras4j.framework.backend.Backend;
import org.keras4j.samples.examples.CnnExample;
import org.keras4j.samples.examples.Example;
import org.keras4j.samples.examples.ExampleRunner;
import org.keras4j.samples.examples.MlpExample;

/**
 * The {@code ./keras4j} command line.
 *
 * <pre>
 * keras4j example mlp|cnn [--epochs N] [--report FILE] [--verbose 0|1|2] [--seed S]
 * </pre>
 */
public final class Main {
    private static final Map<String, Example> EXAMPLES = new LinkedHashMap<>();

    static {
        for (Example e : new Example[] {new MlpExample(), new CnnExample()}) {
            EXAMPLES.put(e.name(), e);
        }
    }

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the process exit code (0 success, 2 usage error, 1 failure). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
                out.print(usage());
                return args.length == 0 ? 2 : 0;
            }
            if (args[0].equals("example")) {
                return example(args, out, err);
            }
            err.println("keras4j: unknown command '" + args[0] + "'\n" + usage());
            return 2;
        } catch (UsageException e) {
            err.println("keras4j: " + e.getMessage());
            return 2;
        } catch (Exception e) {
            err.println("keras4j: " + e.getMessage());
            return 1;
        }
    }

    private static int example(String[] args, PrintStream out, PrintStream err) throws Exception {
        if (args.length < 2 || !EXAMPLES.containsKey(args[1])) {
            throw new UsageException("example: expected one of " + EXAMPLES.keySet()
                    + (args.length < 2 ? "" : ", received '" + args[1] + "'"));
        }
        int epochs = 10;
        int verbose = 1;
        Path report = null;
        for (int i = 2; i < args.length; i++) {
            String flag = args[i];
            if (i + 1 >= args.length) {
                throw new UsageException(flag + " needs a value");
            }
            String value = args[++i];
            switch (flag) {
                case "--epochs" -> epochs = positiveInt(flag, value);
                case "--report" -> report = Path.of(value);
                case "--verbose" -> verbose = intIn(flag, value, 0, 2);
                case "--seed" -> Backend.setRandomSeed(parseLong(flag, value));
                default -> throw new UsageException("unknown option '" + flag + "'\n" + usage());
            }
        }
        Backend.init();
        ExampleRunner.run(EXAMPLES.get(args[1]), epochs, verbose, report, out);
        return 0;
    }

    private static int positiveInt(String flag, String v) {
        return intIn(flag, v, 1, Integer.MAX_VALUE);
    }

    private static int intIn(String flag, String v, int lo, int hi) {
        long n = parseLong(flag, v);
        if (n < lo || n > hi) {
            throw new UsageException(flag + " must be between " + lo + " and " + hi + ", received " + v);
        }
        return (int) n;
    }

    private static long parseLong(String flag, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " expects an integer, received '" + v + "'");
        }
    }

    static String usage() {
        StringBuilder b = new StringBuilder("usage: keras4j example NAME [--epochs N] [--report FILE] [--verbose 0|1|2] [--seed S]\n");
        b.append("examples:\n");
        for (Example e : EXAMPLES.values()) {
            b.append("  ").append(e.name()).append("  ").append(e.description()).append('\n');
        }
        return b.toString();
    }

    /** A command-line mistake: reported with the usage and exit code 2. */
    static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
