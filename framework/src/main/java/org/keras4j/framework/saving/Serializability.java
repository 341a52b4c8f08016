package org.keras4j.framework.saving;

import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.List;
import org.keras4j.framework.autodiff.Tensor;
import org.keras4j.framework.autodiff.Variable;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Layer;
import org.keras4j.framework.layers.Shape;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.registry.Config;
import org.keras4j.framework.registry.Configurable;
import org.keras4j.framework.registry.Kind;
import org.keras4j.framework.registry.Registry;

/**
 * Checks, before anything is written, that a saved model can be loaded again: every layer (and the
 * compiled optimizer, loss and metric objects) is registered under its class name, and rebuilding it
 * from its config gives the same class with the same config. A layer that fails is named with the fix.
 */
final class Serializability {
    /** The file being written, for messages (set by the public entry points, which run on the caller thread). */
    private static final ThreadLocal<java.nio.file.Path> WHERE = new ThreadLocal<>();

    private Serializability() {
    }

    static void checkModel(Model model, java.nio.file.Path path) {
        WHERE.set(path);
        RandomStates.preserving(() -> {
            checkLayer(model, model);
            return null;
        });
    }

    private static void checkLayer(Model root, Layer layer) {
        if (layer instanceof Model m) {
            requireRegistered(root, Kind.LAYER, m, "layer");
            if (m instanceof Sequential s && s.input() != null) {
                checkLayer(root, s.input());
            }
            for (Layer l : m.layers()) {
                checkLayer(root, l);
            }
            return;
        }
        checkRebuilds(root, Kind.LAYER, layer, Layer.class, "layer");
    }

    /** The optimizer, loss and metric objects of a compiled model. */
    static void checkCompiled(Model model, Map<String, Object> compileConfig, java.nio.file.Path path) {
        WHERE.set(path);
        RandomStates.preserving(() -> {
            checkRebuilds(model, Kind.OPTIMIZER, model.optimizer(), Object.class, "optimizer");
            for (org.keras4j.framework.losses.Loss loss : model.losses()) {
                if (loss != null) {
                    checkRebuilds(model, Kind.LOSS, loss, Object.class, "loss");
                }
            }
            return null;
        });
        Object ms = compileConfig.get("metrics");
        List<Object> all = new java.util.ArrayList<>();
        if (ms instanceof Map<?, ?> perOutput) { // several outputs: metric lists by output name
            for (Object l : perOutput.values()) {
                if (l instanceof java.util.List<?> list) {
                    all.addAll(list);
                }
            }
        } else if (ms instanceof java.util.List<?> list) {
            all.addAll(list);
        }
        {
            for (Object m : all) {
                if (m instanceof Map<?, ?> spec && !Registry.get().contains(Kind.METRIC, String.valueOf(spec.get("class_name")))) {
                    throw new ModelFileException(WHERE.get(), "cannot save model \"" + model.name() + "\": metric '" + spec.get("class_name")
                            + "' is not registered. " + howToRegister(Kind.METRIC, String.valueOf(spec.get("class_name"))));
                }
            }
        }
    }

    private static void requireRegistered(Model root, Kind kind, Configurable c, String what) {
        String name = c.className();
        if (name == null || name.isEmpty() || !Registry.get().contains(kind, name)) {
            throw new ModelFileException(WHERE.get(), "cannot save model \"" + root.name() + "\": " + what + " " + describe(c) + " is a "
                    + c.getClass().getName() + " whose class name " + (name == null || name.isEmpty() ? "is empty" : "'" + name + "' is not registered")
                    + ", so the file could not be loaded. " + howToRegister(kind, name == null || name.isEmpty() ? c.getClass().getSimpleName() : name));
        }
    }

    private static void checkRebuilds(Model root, Kind kind, Configurable c, Class<?> type, String what) {
        requireRegistered(root, kind, c, what);
        Object original;
        Object rebuilt;
        Object copy;
        try {
            original = Json.parse(Json.write(c.getConfig()));
            copy = Registry.get().create(kind, c.className(), Config.of(original, what + " '" + c.className() + "' config"), type);
            rebuilt = Json.parse(Json.write(((Configurable) copy).getConfig()));
        } catch (IOException | RuntimeException e) {
            throw new ModelFileException(WHERE.get(), "cannot save model \"" + root.name() + "\": " + what + " " + describe(c)
                    + " cannot be rebuilt from its own config (" + e.getMessage() + "). Its fromConfig must accept every key getConfig() writes.", e);
        }
        if (copy.getClass() != c.getClass()) {
            throw new ModelFileException(WHERE.get(), "cannot save model \"" + root.name() + "\": " + what + " " + describe(c) + " is a "
                    + c.getClass().getName() + " but the name '" + c.className() + "' is registered for " + copy.getClass().getName()
                    + ". Give the subclass its own className() and register it. " + howToRegister(kind, c.getClass().getSimpleName()));
        }
        if (!Objects.equals(original, rebuilt)) {
            throw notRebuilt(root, what, c, "getConfig() gives " + Json.write(original) + " but the object made from it gives "
                    + Json.write(rebuilt));
        }
        if (c instanceof Layer l) {
            String diff = probe(l, (Layer) copy);
            if (diff != null) {
                throw notRebuilt(root, what, c, diff);
            }
        }
    }

    private static ModelFileException notRebuilt(Model root, String what, Configurable c, String detail) {
        return new ModelFileException(WHERE.get(), "cannot save model \"" + root.name() + "\": " + what + " " + describe(c)
                + " is not rebuilt by its config: " + detail + ". getConfig() must return every constructor argument and "
                + "fromConfig must read them.");
    }

    /**
     * Builds the copy like the original, gives it the original's weights and compares both outputs
     * on a fixed probe batch: a constructor argument missing from the config shows up here even
     * when both configs agree. Null when they match or when the layer cannot be probed with a float
     * batch of its build shape (e.g. it wants integer indices).
     */
    private static String probe(Layer original, Layer copy) {
        Shape shape = original.buildShape();
        if (!original.isBuilt() || shape == null || shape.rank() == 0) {
            return null;
        }
        if (Boolean.TRUE.equals(original.getConfig().get("stateful"))) {
            return null; // a call would advance the state a training run carries from batch to batch
        }
        long[] dims = shape.toArray();
        for (int i = 0; i < dims.length; i++) {
            dims[i] = dims[i] < 0 ? 2 : dims[i];
        }
        INDArray x;
        Tensor expected;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            java.util.Random r = new java.util.Random(42);
            long n = 1;
            for (long d : dims) {
                n *= d;
            }
            if (n > 1_000_000) {
                return null; // too big to probe cheaply; the config comparison stands alone
            }
            double[] v = new double[(int) n];
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextDouble();
            }
            x = Nd4j.create(v, dims, 'c').castTo(Backend.floatx());
            try {
                expected = original.apply(Tensor.constant(x), false);
            } catch (RuntimeException e) {
                return null;
            }
            try {
                copy.ensureBuilt(shape);
                List<Variable> a = original.weights();
                List<Variable> b = copy.weights();
                if (a.size() != b.size()) {
                    return "the rebuilt layer has " + b.size() + " weights instead of " + a.size();
                }
                for (int i = 0; i < a.size(); i++) {
                    if (!java.util.Arrays.equals(a.get(i).shape(), b.get(i).shape())) {
                        return "weight " + a.get(i).name() + " has shape " + Shape.format(a.get(i).shape()) + " but "
                                + Shape.format(b.get(i).shape()) + " in the rebuilt layer";
                    }
                    b.get(i).value().assign(a.get(i).value());
                }
                Tensor actual = copy.apply(Tensor.constant(x), false);
                if (!expected.value().equalsWithEps(actual.value(), 0)) {
                    return "the rebuilt layer computes different outputs from the same weights and inputs";
                }
            } catch (RuntimeException e) {
                return "the rebuilt layer fails on inputs the original accepts (" + e.getMessage() + ")";
            }
        }
        return null;
    }

    private static String describe(Configurable c) {
        return c instanceof Layer l ? "\"" + l.name() + "\"" : "'" + c.className() + "'";
    }

    static String howToRegister(Kind kind, String name) {
        String k = "Kind." + kind.name();
        return "Register it before saving and loading, either in code: Registry.get().register(" + k + ", \"" + name + "\", "
                + name + "::fromConfig), or for a library with a Registrar class listed in "
                + "META-INF/services/org.keras4j.framework.registry.Registrar (found by java.util.ServiceLoader).";
    }
}
