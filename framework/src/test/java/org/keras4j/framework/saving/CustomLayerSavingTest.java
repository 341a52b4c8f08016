package org.keras4j.framework.saving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.keras4j.framework.autodiff.Ops;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.initializers.Initializers;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** A user's own layer: refused at save time until registered, then round-trips; weight budgets on rebuild. */
class CustomLayerSavingTest {
    @TempDir
    Path dir;

    /** y = x * k (+ offset), k one weight per feature. */
    static class Scale extends Layer {
        private final double offset;
        private Variable k;

        Scale(double offset) {
            this.offset = offset;
        }

        @Override
        public void build(Shape in) {
            k = addWeight("k", new long[] {in.last()}, Initializers.get("random_normal"), null, true);
        }

        @Override
        public Tensor call(Tensor x, boolean training) {
            return Ops.add(Ops.multiply(x, k), Tensor.constant(Nd4j.scalar(x.value().dataType(), offset)));
        }

        @Override
        public String className() {
            return "SavingTestScale";
        }

        @Override
        public Map<String, Object> getConfig() {
            Map<String, Object> c = super.getConfig();
            c.put("offset", offset);
            return c;
        }

        static Scale fromConfig(Config c) {
            return applyBaseConfig(c, new Scale(c.getDouble("offset", 0)));
        }
    }

    /** Forgets its argument in getConfig: a config that does not rebuild the layer. */
    static class Forgetful extends Scale {
        Forgetful(double offset) {
            super(offset);
        }

        @Override
        public String className() {
            return "SavingTestForgetful";
        }

        @Override
        public Map<String, Object> getConfig() {
            Map<String, Object> c = super.getConfig();
            c.remove("offset");
            return c;
        }

        static Forgetful fromConfig(Config c) {
            return applyBaseConfig(c, new Forgetful(c.getDouble("offset", 0)));
        }
    }

    @Test
    void unregisteredLayerIsRefusedAtSaveTimeThenRoundTripsOnceRegistered() {
        Sequential m = new Sequential(new Input(3), new Scale(0.5));
        Path file = dir.resolve("s.keras4j");
        ModelFileException e = assertThrows(ModelFileException.class, () -> m.save(file));
        assertTrue(e.getMessage().contains("'SavingTestScale' is not registered")
                && e.getMessage().contains("Registry.get().register(Kind.LAYER, \"SavingTestScale\", SavingTestScale::fromConfig)")
                && e.getMessage().contains("META-INF/services/org.keras4j.framework.registry.Registrar"), e.getMessage());
        assertThrows(ModelFileException.class, m::toJson);

        Registry.get().register(Kind.LAYER, "SavingTestScale", Scale::fromConfig);
        m.save(file);
        Model back = Models.load(file);
        INDArray x = Nd4j.rand(DataType.FLOAT, 4, 3);
        assertEquals(m.predict(x), back.predict(x));
        assertEquals(m.toJson(), back.toJson());
        assertTrue(m.toJson().contains("\"offset\":0.5"));
    }

    @Test
    void configThatDoesNotRebuildTheLayerIsRefused() {
        Registry.get().register(Kind.LAYER, "SavingTestForgetful", Forgetful::fromConfig);
        Sequential m = new Sequential(new Input(3), new Forgetful(2.0));
        ModelFileException e = assertThrows(ModelFileException.class, () -> m.save(dir.resolve("f.keras4j")));
        assertTrue(e.getMessage().contains("is not rebuilt by its config: the rebuilt layer computes different outputs"), e.getMessage());
        // With the default argument the config is complete, so it saves.
        new Sequential(new Input(3), new Forgetful(0.0)).save(dir.resolve("g.keras4j"));
    }

    @Test
    void configsCannotAskForMoreWeightsThanTheLimitAllows() {
        Registry.get().register(Kind.LAYER, "SavingTestScale", Scale::fromConfig);
        String json = new Sequential(new Input(1000), new Scale(0)).toJson();
        Models.fromJson(json, LoadLimits.defaults().maxWeightElements(1000));
        ModelFileException e = assertThrows(ModelFileException.class,
                () -> Models.fromJson(json, LoadLimits.defaults().maxWeightElements(999)));
        assertTrue(e.getMessage().contains("would exceed the weight budget of 999 elements"), e.getMessage());
    }

    @Test
    void fromJsonErrorsAreOurExceptionWithTheReason() {
        assertTrue(assertThrows(ModelFileException.class, () -> Models.fromJson("{\"class_name\": \"Sequentia\", \"config\": {}}"))
                .getMessage().contains("Unknown layer: 'Sequentia'"));
        assertTrue(assertThrows(ModelFileException.class, () -> Models.fromJson("[1]")).getMessage().contains("must be a JSON object"));
        assertTrue(assertThrows(ModelFileException.class, () -> Models.fromJson("{\"class_name\": \"InputLayer\", \"config\": "
                + "{\"batch_shape\": [null, 3]}}")).getMessage().contains("not a model"));
        assertTrue(assertThrows(ModelFileException.class, () -> Models.fromJson("{\"class_name\": \"Sequential\", \"config\": {}, "
                + "\"extra\": 1}")).getMessage().contains("unknown top-level key 'extra'"));
        assertTrue(assertThrows(ModelFileException.class, () -> Models.fromJson("{")).getMessage().startsWith("JSON config: not valid JSON"));
    }
}
