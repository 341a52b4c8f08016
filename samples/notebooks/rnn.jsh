// A recurrent classifier: each Fashion-MNIST image read as 28 timesteps (rows) of 28 features.
// LSTM(128) then Dense(10, softmax); 5 epochs reach about 0.87 test accuracy.
// Run: ./keras4j notebook rnn      (needs: apt-get install dataset-fashion-mnist)
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.data.FashionMnist;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.rnn.LSTM;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

Backend.setRandomSeed(1);
boolean fast = System.getenv("KERAS4J_FAST") != null;

var data = FashionMnist.load();
var xTrain = data.xTrain().reshape(60000, 28, 28).divi(255.0);   // (samples, timesteps, features)
var yTrain = data.yTrain();
var xTest = data.xTest().reshape(10000, 28, 28).divi(255.0);
var yTest = data.yTest();
if (fast) { // a small slice for a quick run
    xTrain = xTrain.get(NDArrayIndex.interval(0, 4096), NDArrayIndex.all(), NDArrayIndex.all()).dup();
    yTrain = yTrain.get(NDArrayIndex.interval(0, 4096)).dup();
    xTest = xTest.get(NDArrayIndex.interval(0, 1000), NDArrayIndex.all(), NDArrayIndex.all()).dup();
    yTest = yTest.get(NDArrayIndex.interval(0, 1000)).dup();
}

var model = new Sequential(
        new Input(28, 28),
        new LSTM(128),                 // reads the 28 rows in order; keeps only the last output
        new Dense(10, "softmax"));
model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
model.summary();
var history = model.fit(xTrain, yTrain, FitOptions.epochs(fast ? 2 : 5).batchSize(128).validationSplit(0.1));

var scores = model.evaluate(xTest, yTest, 256, 0);
System.out.printf("test loss %.4f, test accuracy %.4f%n", scores.get("loss"), scores.get("accuracy"));

// What the model says about the first five test images.
var probs = model.predict(xTest.get(NDArrayIndex.interval(0, 5), NDArrayIndex.all(), NDArrayIndex.all()));
var predicted = Nd4j.argMax(probs, 1);
for (int i = 0; i < 5; i++) {
    System.out.printf("image %d: predicted %-12s (p=%.2f), true %s%n", i,
            FashionMnist.CLASS_NAMES.get(predicted.getInt(i)), probs.getDouble(i, predicted.getInt(i)),
            FashionMnist.CLASS_NAMES.get(yTest.getInt(i)));
}
System.out.printf("RESULT accuracy=%.6f%n", scores.get("accuracy"));
/exit
