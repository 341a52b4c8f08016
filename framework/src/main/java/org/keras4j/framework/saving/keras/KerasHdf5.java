package org.keras4j.framework.saving.keras;

import io.jhdf.HdfFile;
import io.jhdf.api.Attribute;
import io.jhdf.api.Dataset;
import io.jhdf.api.Group;
import io.jhdf.api.Node;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads the HDF5 files Keras writes, with jHDF (pure Java, no native HDF5 library):
 * <ul>
 *   <li>legacy full-model {@code .h5} ({@code model.save} in Keras 1/2, tf.keras): root attributes
 *       {@code model_config}, {@code keras_version}, {@code backend}; weights under {@code model_weights};</li>
 *   <li>legacy weights-only {@code .h5} ({@code save_weights}): the same weight layout at the root;</li>
 *   <li>Keras 3 {@code model.weights.h5} (inside a {@code .keras} archive): {@code layers/<name>/vars/0..n}.</li>
 * </ul>
 * In the legacy layout a group lists its layers in the attribute {@code layer_names}; each layer
 * group lists its arrays, as paths relative to the group, in {@code weight_names}.
 *
 * <p>Arrays are refused when their declared size is far beyond the bytes stored for them (an
 * allocation bomb in a hostile file) or beyond {@link #MAX_ELEMENTS}.
 */
public final class KerasHdf5 {
    /** The largest array read, in elements. */
    static final long MAX_ELEMENTS = 1L << 30;
    /** An array may declare at most this many times the bytes it stores (plus 1 MiB), e.g. through compression. */
    static final long MAX_EXPANSION = 64;

    /** The HDF5 signature; Keras files have it at offset 0 (HDF5 also allows 512, 1024, ...). */
    private static final byte[] SIGNATURE = {(byte) 0x89, 'H', 'D', 'F', '\r', '\n', 0x1a, '\n'};

    static {
        // Before jHDF logs anything: Keras4J's logging set-up quiets its per-file INFO lines.
        org.keras4j.framework.backend.Backend.init();
    }

    private KerasHdf5() {
    }

    /**
     * A legacy Keras HDF5 file's content.
     *
     * @param modelConfig  the {@code model_config} JSON, or null for a weights-only file
     * @param kerasVersion the {@code keras_version} attribute, or null
     * @param backend      the {@code backend} attribute ({@code tensorflow}, {@code theano}), or null
     * @param weights      each layer's arrays, in {@code layer_names} order
     */
    public record LegacyFile(String modelConfig, String kerasVersion, String backend, Map<String, List<KerasWeight>> weights) {
    }

    /** Whether {@code path} starts with the HDF5 signature. */
    public static boolean isHdf5(Path path) {
        try (var in = Files.newInputStream(path)) {
            byte[] head = in.readNBytes(SIGNATURE.length);
            return java.util.Arrays.equals(head, SIGNATURE);
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Whether an HDF5 file has the Keras 1/2 weight layout ({@code layer_names} at the root or in {@code model_weights}). */
    public static boolean isLegacyLayout(Path path) {
        try (HdfFile f = new HdfFile(path)) {
            return f.getAttribute("layer_names") != null || f.getChildren().get("model_weights") instanceof Group;
        } catch (KerasImportException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KerasImportException(path + ": cannot read the HDF5 file: " + e.getMessage(), e);
        }
    }

    /** Reads a legacy full-model or weights-only {@code .h5} file. */
    public static LegacyFile readLegacy(Path path) {
        try (HdfFile f = new HdfFile(path)) {
            String config = stringAttribute(f, "model_config");
            String version = stringAttribute(f, "keras_version");
            String backend = stringAttribute(f, "backend");
            Group weightsGroup = f;
            Node mw = f.getChildren().get("model_weights");
            if (mw instanceof Group g) {
                weightsGroup = g;
                version = version != null ? version : stringAttribute(g, "keras_version");
                backend = backend != null ? backend : stringAttribute(g, "backend");
            }
            if (weightsGroup.getAttribute("layer_names") == null) {
                throw new KerasImportException(path + ": no 'layer_names' attribute" + (weightsGroup == f ? "" : " in model_weights")
                        + "; this is not a Keras 1/2 .h5 model or weights file"
                        + (f.getChildren().containsKey("layers") ? " (it looks like Keras 3 weights: load the .keras archive)" : ""));
            }
            return new LegacyFile(config, version, backend, readLegacyWeights(weightsGroup, path));
        } catch (KerasImportException e) {
            throw e;
        } catch (RuntimeException e) { // jHDF reports corrupt files with assorted runtime exceptions
            throw new KerasImportException(path + ": cannot read the HDF5 file: " + e.getMessage(), e);
        }
    }

    private static Map<String, List<KerasWeight>> readLegacyWeights(Group g, Path path) {
        Map<String, List<KerasWeight>> out = new LinkedHashMap<>();
        for (String layer : stringListAttribute(g, "layer_names")) {
            Node n = g.getChildren().get(layer);
            if (!(n instanceof Group lg)) {
                throw new KerasImportException(path + ": layer '" + layer + "' is listed in layer_names but has no group");
            }
            List<KerasWeight> ws = new ArrayList<>();
            for (String wn : stringListAttribute(lg, "weight_names")) {
                Node d = lg.getByPath(wn);
                if (!(d instanceof Dataset ds)) {
                    throw new KerasImportException(path + ": weight '" + wn + "' of layer '" + layer + "' is not a dataset");
                }
                ws.add(new KerasWeight(wn, toArray(ds, path)));
            }
            out.put(layer, ws);
        }
        return out;
    }

    /**
     * Reads Keras 3 weights ({@code model.weights.h5} bytes): for each child of {@code layers/}, its
     * arrays: {@code vars/0..n} first, then those of nested objects (an RNN's {@code cell}, a
     * wrapper's inner layers) in name order, named by their path relative to the layer.
     */
    public static Map<String, List<KerasWeight>> readKeras3Weights(byte[] h5, String source) {
        Path where = Path.of(source);
        try (HdfFile f = HdfFile.fromBytes(h5)) {
            Map<String, List<KerasWeight>> out = new LinkedHashMap<>();
            if (f.getChildren().get("layers") instanceof Group layers) {
                for (Map.Entry<String, Node> e : new TreeMap<>(layers.getChildren()).entrySet()) {
                    if (e.getValue() instanceof Group lg) {
                        List<KerasWeight> ws = new ArrayList<>();
                        collectKeras3(lg, "", ws, where, 0);
                        out.put(e.getKey(), ws);
                    }
                }
            }
            return out;
        } catch (KerasImportException e) {
            throw e;
        } catch (RuntimeException e) { // jHDF reports corrupt files with assorted runtime exceptions
            throw new KerasImportException(source + ": cannot read the HDF5 weights: " + e.getMessage(), e);
        }
    }

    private static void collectKeras3(Group g, String prefix, List<KerasWeight> out, Path where, int depth) {
        if (depth > 16) {
            throw new KerasImportException(where + ": weights nested deeper than 16 groups under " + g.getPath());
        }
        Map<String, Node> children = g.getChildren();
        if (children.get("vars") instanceof Group vars) {
            Map<Integer, Dataset> byIndex = new TreeMap<>();
            for (Map.Entry<String, Node> e : vars.getChildren().entrySet()) {
                if (!(e.getValue() instanceof Dataset ds) || !e.getKey().matches("\\d{1,6}")) {
                    throw new KerasImportException(where + ": unexpected entry '" + e.getKey() + "' in " + vars.getPath());
                }
                byIndex.put(Integer.parseInt(e.getKey()), ds);
            }
            for (Map.Entry<Integer, Dataset> e : byIndex.entrySet()) {
                out.add(new KerasWeight(prefix + "vars/" + e.getKey(), toArray(e.getValue(), where)));
            }
        }
        for (Map.Entry<String, Node> e : new TreeMap<>(children).entrySet()) {
            if (!e.getKey().equals("vars") && e.getValue() instanceof Group child) {
                collectKeras3(child, prefix + e.getKey() + "/", out, where, depth + 1);
            }
        }
    }

    /** Reads one dataset of an HDF5 file as an array (used for stored inputs and predictions). */
    public static INDArray readArray(Path path, String datasetPath) {
        try (HdfFile f = new HdfFile(path)) {
            Node n = f.getByPath(datasetPath);
            if (!(n instanceof Dataset ds)) {
                throw new KerasImportException(path + ": '" + datasetPath + "' is not a dataset");
            }
            return toArray(ds, path);
        } catch (KerasImportException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KerasImportException(path + ": cannot read '" + datasetPath + "': " + e.getMessage(), e);
        }
    }

    /** A string attribute of the file root, or null when absent. */
    public static String readStringAttribute(Path path, String name) {
        try (HdfFile f = new HdfFile(path)) {
            return stringAttribute(f, name);
        } catch (KerasImportException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new KerasImportException(path + ": cannot read attribute '" + name + "': " + e.getMessage(), e);
        }
    }

    static INDArray toArray(Dataset ds, Path where) {
        long[] shape = ds.getDimensionsAsLong();
        long n = 1;
        for (long d : shape) {
            if (d < 0 || (d > 0 && n > MAX_ELEMENTS / d)) {
                throw new KerasImportException(where + ": dataset " + ds.getPath() + " is too large " + Shape(shape));
            }
            n *= d;
        }
        if (n > MAX_ELEMENTS) {
            throw new KerasImportException(where + ": dataset " + ds.getPath() + " is too large " + Shape(shape));
        }
        long declared = ds.getSizeInBytes();
        long stored = ds.getStorageInBytes();
        if (declared > (1L << 20) && declared > MAX_EXPANSION * stored) {
            throw new KerasImportException(where + ": dataset " + ds.getPath() + " declares " + declared + " bytes but stores "
                    + stored + ": refusing it");
        }
        Object flat = ds.isScalar() ? scalarAsArray(ds.getData()) : ds.getDataFlat();
        INDArray a;
        if (flat instanceof float[] f) {
            a = Nd4j.create(f, shape, 'c');
        } else if (flat instanceof double[] d) {
            a = Nd4j.create(d, shape, 'c');
        } else if (flat instanceof int[] i) {
            a = Nd4j.createFromArray(i).reshape(shape).castTo(DataType.FLOAT);
        } else if (flat instanceof long[] l) {
            a = Nd4j.createFromArray(l).reshape(shape).castTo(DataType.FLOAT);
        } else {
            throw new KerasImportException(where + ": dataset " + ds.getPath() + " holds " + ds.getJavaType().getSimpleName()
                    + " values; only float, double and integer arrays are weights");
        }
        return a;
    }

    private static Object scalarAsArray(Object v) {
        if (v instanceof Float f) {
            return new float[] {f};
        }
        if (v instanceof Double d) {
            return new double[] {d};
        }
        if (v instanceof Integer i) {
            return new int[] {i};
        }
        if (v instanceof Long l) {
            return new long[] {l};
        }
        return v;
    }

    private static String Shape(long[] shape) {
        return org.keras4j.framework.layers.Shape.format(shape);
    }

    static String stringAttribute(Node n, String name) {
        Attribute a = n.getAttribute(name);
        if (a == null) {
            return null;
        }
        Object v = a.getData();
        if (v instanceof String s) {
            return s;
        }
        if (v instanceof String[] arr && arr.length == 1) {
            return arr[0];
        }
        if (v instanceof byte[] b) {
            return new String(b, StandardCharsets.UTF_8);
        }
        if (v == null && a.getBuffer() != null) {
            ByteBuffer buf = a.getBuffer();
            byte[] b = new byte[buf.remaining()];
            buf.get(b);
            return new String(b, StandardCharsets.UTF_8);
        }
        throw new KerasImportException("HDF5 attribute '" + name + "' of " + n.getPath() + " is not a string: " + v);
    }

    /** A list-of-strings attribute; an empty HDF5 attribute (a layer without weights) is an empty list. */
    static List<String> stringListAttribute(Node n, String name) {
        Attribute a = n.getAttribute(name);
        if (a == null || a.isEmpty()) {
            return List.of();
        }
        Object v = a.getData();
        if (v == null) {
            return List.of();
        }
        if (v instanceof String s) {
            return List.of(s);
        }
        if (v instanceof String[] arr) {
            return List.of(arr);
        }
        if (v instanceof Object[] arr) {
            List<String> out = new ArrayList<>();
            for (Object o : arr) {
                out.add(o instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : String.valueOf(o));
            }
            return out;
        }
        throw new KerasImportException("HDF5 attribute '" + name + "' of " + n.getPath() + " is not a list of strings: " + v);
    }
}
