// The Keras dense classifier on Fashion-MNIST, with evaluate and predict.
// Run: ./keras4j notebook mlp_classifier      (needs: apt-get install dataset-fashion-mnist)
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.data.FashionMnist;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.regularization.Dropout;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

Backend.setRandomSeed(1);
boolean fast = System.getenv("KERAS4J_FAST") != null;

var data = FashionMnist.load();
var xTrain = data.xTrain().reshape(60000, 784).divi(255.0);
var yTrain = data.yTrain();
var xTest = data.xTest().reshape(10000, 784).divi(255.0);
var yTest = data.yTest();
if (fast) { // a tenth of the data for a quick run
    xTrain = xTrain.get(NDArrayIndex.interval(0, 6000), NDArrayIndex.all()).dup();
    yTrain = yTrain.get(NDArrayIndex.interval(0, 6000)).dup();
}

var model = new Sequential(
        new Input(784),
        new Dense(256, "relu"),
        new Dropout(0.2),
        new Dense(128, "relu"),
        new Dense(10, "softmax"));
model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
model.summary();
var history = model.fit(xTrain, yTrain, FitOptions.epochs(fast ? 3 : 10).batchSize(128).validationSplit(0.1));

var scores = model.evaluate(xTest, yTest, 256, 0);
System.out.printf("test loss %.4f, test accuracy %.4f%n", scores.get("loss"), scores.get("accuracy"));

// Predict the first five test images.
var probs = model.predict(xTest.get(NDArrayIndex.interval(0, 5), NDArrayIndex.all()));
var predicted = Nd4j.argMax(probs, 1);
for (int i = 0; i < 5; i++) {
    System.out.printf("image %d: predicted %-12s (p=%.2f), true %s%n", i,
            FashionMnist.CLASS_NAMES.get(predicted.getInt(i)), probs.getDouble(i, predicted.getInt(i)),
            FashionMnist.CLASS_NAMES.get(yTest.getInt(i)));
}
System.out.printf("RESULT accuracy=%.6f val_accuracy=%.6f%n", scores.get("accuracy"),
        history.get("val_accuracy").get(history.get("val_accuracy").size() - 1));
/exit
