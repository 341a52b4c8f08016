package org.keras4j.samples.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.keras4j.framework.backend.Backend;
import org.keras4j.samples.examples.CnnExample;
import org.keras4j.samples.examples.Example;
import org.keras4j.samples.examples.ExampleRunner;
import org.keras4j.samples.examples.LstmExample;
import org.keras4j.samples.examples.MlpExample;

/**
 * The {@code ./keras4j} command line.
 *
 * <pre>
 * keras4j train RUN.json [--report FILE]                    a whole run from one JSON file ({@link Run})
 * keras4j evaluate MODEL --data DATASET [--batch-size N]    loss and metrics of a saved model
 * keras4j predict MODEL --input FILE --output FILE          predictions (.npy or .csv in and out)
 * keras4j summary MODEL|CONFIG|RUN.json                     the layer table
 * keras4j example mlp|cnn|lstm [--epochs N] [--report FILE] [--verbose 0|1|2] [--seed S] [--validation-split F]
 * </pre>
 * DATASET is a JSON object as in a run file's {@code data} section ({@link Datasets}), inline or in a
 * file. Exit codes: 0 success, 2 a mistake in the command, a run file, a model file or the data (an
 * {@link IllegalArgumentException}), 1 any other failure (I/O errors, say).
 */
public final class Main {
    private static final Map<String, Example> EXAMPLES = new LinkedHashMap<>();

    static {
        for (Example e : new Example[] {new MlpExample(), new CnnExample(), new LstmExample()}) {
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
        Backend.init(); // before anything touches ND4J, so its threads get Keras4J's set-up
        try {
            if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h") || args[0].equals("help")) {
                out.print(usage());
                return args.length == 0 ? 2 : 0;
            }
            switch (args[0]) {
                case "example":
                    return example(args, out, err);
                case "train":
                    return Commands.train(args, out);
                case "evaluate":
                    return Commands.evaluate(args, out);
                case "predict":
                    return Commands.predict(args, out);
                case "summary":
                    return Commands.summary(args, out);
                default:
                    break;
            }
            err.println("keras4j: unknown command '" + args[0] + "'\n" + usage());
            return 2;
        } catch (IllegalArgumentException e) {
            // Usage mistakes, run-file mistakes (with their JSON path), unreadable model files, data that does not fit the model.
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
        Double validationSplit = null;
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
                case "--validation-split" -> validationSplit = fraction(flag, value);
                default -> throw new UsageException("unknown option '" + flag + "'\n" + usage());
            }
        }
        Backend.init();
        ExampleRunner.run(EXAMPLES.get(args[1]), epochs, verbose, validationSplit, report, out);
        return 0;
    }

    static int positiveInt(String flag, String v) {
        return intIn(flag, v, 1, Integer.MAX_VALUE);
    }

    private static int intIn(String flag, String v, int lo, int hi) {
        long n = parseLong(flag, v);
        if (n < lo || n > hi) {
            throw new UsageException(flag + " must be between " + lo + " and " + hi + ", received " + v);
        }
        return (int) n;
    }

    /** A validation fraction in [0, 1), as Keras's {@code validation_split}. */
    private static double fraction(String flag, String v) {
        double f;
        try {
            f = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " expects a number, received '" + v + "'");
        }
        if (!(f >= 0 && f < 1)) {
            throw new UsageException(flag + " must be at least 0 and below 1, received " + v);
        }
        return f;
    }

    private static long parseLong(String flag, String v) {
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw new UsageException(flag + " expects an integer, received '" + v + "'");
        }
    }

    static String usage() {
        StringBuilder b = new StringBuilder("usage: keras4j train RUN.json [--report FILE]\n"
                + "       keras4j evaluate MODEL --data DATASET [--batch-size N]\n"
                + "       keras4j predict MODEL --input FILE --output FILE [--batch-size N]\n"
                + "       keras4j summary MODEL|CONFIG|RUN.json\n"
                + "       keras4j example NAME [--epochs N] [--report FILE] [--verbose 0|1|2] [--seed S]\n"
                + "                       [--validation-split F]   (default: the example's own, 0.1)\n"
                + "DATASET: a JSON object such as '{\"source\": \"csv\", \"path\": \"data.csv\", \"label_column\": \"y\"}', or a file holding one\n");
        b.append("examples:\n");
        for (Example e : EXAMPLES.values()) {
            b.append("  ").append(e.name()).append("  ").append(e.description()).append('\n');
        }
        return b.toString();
    }

    /** A command-line mistake: reported with exit code 2. */
    static final class UsageException extends IllegalArgumentException {
        UsageException(String message) {
            super(message);
        }
    }
}
