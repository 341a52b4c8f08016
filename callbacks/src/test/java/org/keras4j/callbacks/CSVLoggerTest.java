package org.keras4j.callbacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras4j.framework.callbacks.History;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.optimizers.SGD;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.ndarray.INDArray;

class CSVLoggerTest {
    @TempDir
    Path dir;

    private static Map<String, Double> logs(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    private static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void writesSortedHeaderAndOneRowPerEpochFlushedAtOnce() throws IOException {
        Path f = dir.resolve("log.csv");
        CSVLogger c = new CSVLogger(f.toString());
        c.onTrainBegin(Map.of());
        c.onEpochEnd(0, logs("loss", 0.5, "accuracy", 0.75, "val_loss", 0.625, "val_accuracy", 0.5));
        // Flushed before training ends.
        assertEquals("epoch,accuracy,loss,val_accuracy,val_loss\r\n0,0.75,0.5,0.5,0.625\r\n", read(f));
        c.onEpochEnd(1, logs("loss", 1e-5, "accuracy", 1, "val_loss", Double.NaN, "val_accuracy", 0.1));
        c.onTrainEnd(Map.of());
        assertEquals("epoch,accuracy,loss,val_accuracy,val_loss\r\n"
                + "0,0.75,0.5,0.5,0.625\r\n"
                + "1,1.0,1e-05,0.1,nan\r\n", read(f));
    }

    @Test
    void missingKeysAreNAAndValColumnsAreAddedWhenAbsentAtFirst() throws IOException {
        // As Keras: with no val_* key in the first epoch (validation_freq > 1), val_ columns are added up front.
        Path f = dir.resolve("freq.csv");
        CSVLogger c = new CSVLogger(f.toString(), ";", false);
        c.onTrainBegin(Map.of());
        c.onEpochEnd(0, logs("loss", 2.0, "mae", 1.25));
        c.onEpochEnd(1, logs("loss", 1.5, "mae", 1.0, "val_loss", 1.75, "val_mae", 1.125));
        c.onEpochEnd(2, logs("mae", 0.5, "extra", 9));
        c.onTrainEnd(Map.of());
        assertEquals("epoch;loss;mae;val_loss;val_mae\r\n"
                + "0;2.0;1.25;NA;NA\r\n"
                + "1;1.5;1.0;1.75;1.125\r\n"
                + "2;NA;0.5;NA;NA\r\n", read(f));
    }

    @Test
    void appendWritesNoSecondHeader() throws IOException {
        Path f = dir.resolve("append.csv");
        CSVLogger first = new CSVLogger(f.toString(), ",", true);
        first.onTrainBegin(Map.of());
        first.onEpochEnd(0, logs("loss", 0.25, "val_loss", 0.5));
        first.onTrainEnd(Map.of());
        CSVLogger second = new CSVLogger(f.toString(), ",", true);
        second.onTrainBegin(Map.of());
        second.onEpochEnd(0, logs("loss", 0.125, "val_loss", 0.375));
        second.onTrainEnd(Map.of());
        assertEquals("epoch,loss,val_loss\r\n0,0.25,0.5\r\n0,0.125,0.375\r\n", read(f));

        // Without append, a new run overwrites the file; an empty existing file gets a header in append mode.
        CSVLogger overwrite = new CSVLogger(f.toString());
        overwrite.onTrainBegin(Map.of());
        overwrite.onTrainEnd(Map.of());
        assertEquals("", read(f));
        first.onTrainBegin(Map.of());
        first.onEpochEnd(3, logs("loss", 2));
        first.onTrainEnd(Map.of());
        assertEquals("epoch,loss,val_loss\r\n3,2.0,NA\r\n", read(f));
    }

    @Test
    void realFitWithAppendAcrossTwoRuns() throws IOException {
        INDArray[] d = TestModels.regression(40, 3);
        Sequential model = TestModels.linear();
        model.compile(new SGD(0.05), "mse", "mae");
        Path f = dir.resolve("fit.csv");
        History h1 = model.fit(d[0], d[1], FitOptions.epochs(2).batchSize(10).verbose(0).validationSplit(0.25)
                .callbacks(new CSVLogger(f.toString(), ",", true)));
        History h2 = model.fit(d[0], d[1], FitOptions.epochs(1).batchSize(10).verbose(0).validationSplit(0.25)
                .callbacks(new CSVLogger(f.toString(), ",", true)));
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        assertEquals(4, lines.size(), String.join("\n", lines));
        assertEquals("epoch,loss,mae,val_loss,val_mae", lines.get(0));
        for (int i = 0; i < 3; i++) {
            History h = i < 2 ? h1 : h2;
            int e = i < 2 ? i : 0;
            String[] cells = lines.get(i + 1).split(",");
            assertEquals(String.valueOf(e), cells[0]);
            assertEquals(h.get("loss").get(e), Double.parseDouble(cells[1]));
            assertEquals(h.get("mae").get(e), Double.parseDouble(cells[2]));
            assertEquals(h.get("val_loss").get(e), Double.parseDouble(cells[3]));
            assertEquals(h.get("val_mae").get(e), Double.parseDouble(cells[4]));
        }
    }

    @Test
    void learningRateFromTheSchedulerIsAColumn() throws IOException {
        INDArray[] d = TestModels.regression(20, 4);
        Sequential model = TestModels.linear();
        model.compile(new SGD(0.5), "mse");
        Path f = dir.resolve("lr.csv");
        model.fit(d[0], d[1], FitOptions.epochs(2).batchSize(10).verbose(0).callbacks(
                new LearningRateScheduler((epoch, lr) -> epoch == 0 ? 0.01 : 0.001), new CSVLogger(f.toString())));
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        assertEquals("epoch,learning_rate,loss,val_learning_rate,val_loss", lines.get(0));
        assertTrue(lines.get(1).matches("0,0\\.01,[^,]+,NA,NA"), lines.get(1));
        assertTrue(lines.get(2).matches("1,0\\.001,[^,]+,NA,NA"), lines.get(2));
    }

    @Test
    void pythonReprOfFloats() {
        assertEquals("0.5", CSVLogger.pythonRepr(0.5));
        assertEquals("1.0", CSVLogger.pythonRepr(1));
        assertEquals("-3.0", CSVLogger.pythonRepr(-3));
        assertEquals("0.0", CSVLogger.pythonRepr(0));
        assertEquals("-0.0", CSVLogger.pythonRepr(-0.0));
        assertEquals("0.0001", CSVLogger.pythonRepr(1e-4));
        assertEquals("1e-05", CSVLogger.pythonRepr(1e-5));
        assertEquals("1.5e-07", CSVLogger.pythonRepr(1.5e-7));
        assertEquals("123456.789", CSVLogger.pythonRepr(123456.789));
        assertEquals("1000000000000000.0", CSVLogger.pythonRepr(1e15));
        assertEquals("1e+16", CSVLogger.pythonRepr(1e16));
        assertEquals("1.2345e+20", CSVLogger.pythonRepr(1.2345e20));
        assertEquals("1.7976931348623157e+308", CSVLogger.pythonRepr(Double.MAX_VALUE));
        assertEquals("5e-324", CSVLogger.pythonRepr(Double.MIN_VALUE));
        assertEquals("0.6931471824645996", CSVLogger.pythonRepr((double) 0.6931472f));
        assertEquals("nan", CSVLogger.pythonRepr(Double.NaN));
        assertEquals("inf", CSVLogger.pythonRepr(Double.POSITIVE_INFINITY));
        assertEquals("-inf", CSVLogger.pythonRepr(Double.NEGATIVE_INFINITY));
    }

    @Test
    void fieldsWithTheSeparatorAreQuoted() throws IOException {
        Path f = dir.resolve("q.csv");
        CSVLogger c = new CSVLogger(f.toString());
        c.onTrainBegin(Map.of());
        c.onEpochEnd(0, logs("a,b", 1, "val_x", 2));
        c.onTrainEnd(Map.of());
        assertEquals("epoch,\"a,b\",val_x\r\n0,1.0,2.0\r\n", read(f));
    }

    @Test
    void configRoundTripAndArgumentErrors() {
        CSVLogger c = new CSVLogger("runs/a.csv", "\t", true);
        assertEquals(Map.of("filename", "runs/a.csv", "separator", "\t", "append", true), c.getConfig());
        CSVLogger back = Registry.get().deserialize(Kind.CALLBACK, Registry.serialize(c), CSVLogger.class);
        assertEquals(c.getConfig(), back.getConfig());
        CSVLogger dflt = Registry.get().create(Kind.CALLBACK, "CSVLogger", Config.of(Map.of("filename", "x.csv")), CSVLogger.class);
        assertEquals(Map.of("filename", "x.csv", "separator", ",", "append", false), dflt.getConfig());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Registry.get().create(Kind.CALLBACK, "CSVLogger", Config.of(Map.of("filename", "x", "sep", ";")), CSVLogger.class));
        assertTrue(e.getMessage().contains("sep"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new CSVLogger("x.csv", ";;", false));
        assertTrue(e.getMessage().contains("separator=\";;\""), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new CSVLogger(""));
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> new CSVLogger("x.csv").onEpochEnd(0, Map.of()));
        assertTrue(s.getMessage().contains("before onTrainBegin"), s.getMessage());
    }
}
