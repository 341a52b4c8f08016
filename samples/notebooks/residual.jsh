// A small residual CNN on Fashion-MNIST: skip connections joined with Add, as in ResNet.
//   block(x) = relu(x + conv(relu(conv(x))))     (a 1x1 convolution on the shortcut where the width changes)
// Run: ./keras4j notebook residual      (needs: apt-get install dataset-fashion-mnist)
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.data.FashionMnist;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.KerasTensor;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Model;
import org.keras4j.layers.conv.Conv2D;
import org.keras4j.layers.core.Activation;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.merging.Add;
import org.keras4j.layers.pooling.GlobalAveragePooling2D;
import org.keras4j.layers.pooling.MaxPooling2D;
import org.nd4j.linalg.indexing.NDArrayIndex;

Backend.setRandomSeed(5);
boolean fast = System.getenv("KERAS4J_FAST") != null;

var data = FashionMnist.load();
var xTrain = data.xTrain().reshape(60000, 28, 28, 1).divi(255.0);
var yTrain = data.yTrain();
var xTest = data.xTest().reshape(10000, 28, 28, 1).divi(255.0);
var yTest = data.yTest();
if (fast) {
    xTrain = xTrain.get(NDArrayIndex.interval(0, 3000), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).dup();
    yTrain = yTrain.get(NDArrayIndex.interval(0, 3000)).dup();
    xTest = xTest.get(NDArrayIndex.interval(0, 1000), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).dup();
    yTest = yTest.get(NDArrayIndex.interval(0, 1000)).dup();
}

/** Two 3x3 convolutions and a skip connection; the shortcut is projected by a 1x1 convolution when the width changes. */
KerasTensor residualBlock(KerasTensor x, int filters) {
    KerasTensor y = new Conv2D(filters, 3, "relu").padding("same").apply(x);
    y = new Conv2D(filters, 3, null).padding("same").apply(y);
    KerasTensor shortcut = x.shape().last() == filters ? x : new Conv2D(filters, 1, null).apply(x);
    return new Activation("relu").apply(new Add().apply(shortcut, y));
}

KerasTensor image = Input.tensor("image", 28, 28, 1);
KerasTensor x = new Conv2D(8, 3, "relu").padding("same").apply(image);
x = new MaxPooling2D(2).apply(x);          // 14 x 14
x = residualBlock(x, 8);
x = new MaxPooling2D(2).apply(x);          // 7 x 7
x = residualBlock(x, 16);
KerasTensor probs = new Dense(10, "softmax").apply(new GlobalAveragePooling2D().apply(x));
var model = Model.of(image, probs);
model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
model.summary();

var history = model.fit(xTrain, yTrain, FitOptions.epochs(fast ? 3 : 10).batchSize(64).validationSplit(0.1));
var scores = model.evaluate(xTest, yTest, 256, 0);
System.out.printf("test loss %.4f, test accuracy %.4f%n", scores.get("loss"), scores.get("accuracy"));
System.out.printf("RESULT accuracy=%.6f%n", scores.get("accuracy"));
/exit
