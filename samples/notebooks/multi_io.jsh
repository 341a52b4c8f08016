// A model with two inputs and two outputs (Keras's functional API):
//   inputs  "image" (784 pixels) and "stats" (2 tabular features: mean brightness, share of lit pixels)
//   outputs "label" (the Fashion-MNIST class, softmax) and "ink" (the share of pixels brighter than 0.5, regression)
// Losses, loss weights and metrics are given per output by name; fit and evaluate take name-keyed maps.
// Run: ./keras4j notebook multi_io      (needs: apt-get install dataset-fashion-mnist)
import java.util.List;
import java.util.Map;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.data.FashionMnist;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.KerasTensor;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Model;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.merging.Concatenate;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

Backend.setRandomSeed(3);
boolean fast = System.getenv("KERAS4J_FAST") != null;

var data = FashionMnist.load();
var xTrain = data.xTrain().reshape(60000, 784).divi(255.0);
var yTrain = data.yTrain();
var xTest = data.xTest().reshape(10000, 784).divi(255.0);
var yTest = data.yTest();
if (fast) {
    xTrain = xTrain.get(NDArrayIndex.interval(0, 6000), NDArrayIndex.all()).dup();
    yTrain = yTrain.get(NDArrayIndex.interval(0, 6000)).dup();
    xTest = xTest.get(NDArrayIndex.interval(0, 2000), NDArrayIndex.all()).dup();
    yTest = yTest.get(NDArrayIndex.interval(0, 2000)).dup();
}

/** Two tabular features per image: mean brightness and the share of non-black pixels. */
INDArray stats(INDArray x) {
    INDArray mean = x.mean(true, 1);
    INDArray lit = x.gt(0.0).castTo(DataType.FLOAT).mean(true, 1);
    return Nd4j.hstack(mean, lit);
}
/** The regression target: the share of pixels brighter than 0.5. */
INDArray ink(INDArray x) {
    return x.gt(0.5).castTo(DataType.FLOAT).mean(true, 1);
}

KerasTensor image = Input.tensor("image", 784);
KerasTensor tab = Input.tensor("stats", 2);
KerasTensor features = new Concatenate().apply(new Dense(128, "relu").apply(image), new Dense(8, "relu").apply(tab));
KerasTensor h = new Dense(64, "relu").apply(features);
KerasTensor label = new Dense(10, "softmax").named("label").apply(h);
KerasTensor inkOut = new Dense(1, "sigmoid").named("ink").apply(h);
var model = Model.of(List.of(image, tab), List.of(label, inkOut));
model.compile("adam",
        Map.of("label", "sparse_categorical_crossentropy", "ink", "mse"),
        Map.of("label", List.of("accuracy"), "ink", List.of("mae")),
        Map.of("label", 1.0, "ink", 10.0));
model.summary();

var history = model.fit(Map.of("image", xTrain, "stats", stats(xTrain)), Map.of("label", yTrain, "ink", ink(xTrain)),
        FitOptions.epochs(fast ? 4 : 15).batchSize(128).validationSplit(0.1));
System.out.println("logged: " + history.history().keySet());

var scores = model.evaluate(Map.of("image", xTest, "stats", stats(xTest)), Map.of("label", yTest, "ink", ink(xTest)), 256, 0);
System.out.println("test: " + scores);
// For scale: the mean absolute error of always answering the training mean ink.
double meanInk = ink(xTrain).meanNumber().doubleValue();
double baselineMae = Nd4j.math().abs(ink(xTest).sub(meanInk)).meanNumber().doubleValue();

// predict returns one array per output.
List<INDArray> out = model.predict(Map.of("image", xTest.get(NDArrayIndex.interval(0, 3), NDArrayIndex.all()),
        "stats", stats(xTest.get(NDArrayIndex.interval(0, 3), NDArrayIndex.all()))));
for (int i = 0; i < 3; i++) {
    int cls = Nd4j.argMax(out.get(0), 1).getInt(i);
    System.out.printf("image %d: %-12s ink %.3f (true %-12s ink %.3f)%n", i, FashionMnist.CLASS_NAMES.get(cls),
            out.get(1).getDouble(i, 0), FashionMnist.CLASS_NAMES.get(yTest.getInt(i)), ink(xTest).getDouble(i, 0));
}
System.out.printf("RESULT accuracy=%.6f ink_mae=%.6f baseline_mae=%.6f%n", scores.get("label_accuracy"), scores.get("ink_mae"), baselineMae);
/exit
