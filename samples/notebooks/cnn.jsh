// Keras's "mnist_convnet" on Fashion-MNIST, then a PNG grid of test images with predicted and true labels.
// Run: ./keras4j notebook cnn      (needs: apt-get install dataset-fashion-mnist)
// The picture goes to $KERAS4J_OUTPUT (default notebook-output/)/cnn_predictions.png.
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.data.FashionMnist;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.layers.conv.Conv2D;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.pooling.MaxPooling2D;
import org.keras4j.layers.regularization.Dropout;
import org.keras4j.layers.reshaping.Flatten;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

System.setProperty("java.awt.headless", "true");
Backend.setRandomSeed(1);
boolean fast = System.getenv("KERAS4J_FAST") != null;

// Images as (batch, 28, 28, 1) in [0, 1]: channels-last, as Keras.
var data = FashionMnist.load();
var xTrain = data.xTrain().reshape(60000, 28, 28, 1).divi(255.0);
var yTrain = data.yTrain();
var xTest = data.xTest().reshape(10000, 28, 28, 1).divi(255.0);
var yTest = data.yTest();
if (fast) { // a small slice for a quick run
    xTrain = xTrain.get(NDArrayIndex.interval(0, 4000)).dup();
    yTrain = yTrain.get(NDArrayIndex.interval(0, 4000)).dup();
    xTest = xTest.get(NDArrayIndex.interval(0, 1000)).dup();
    yTest = yTest.get(NDArrayIndex.interval(0, 1000)).dup();
}

var model = new Sequential(
        new Input(28, 28, 1),
        new Conv2D(32, 3, "relu"),
        new MaxPooling2D(2),
        new Conv2D(64, 3, "relu"),
        new MaxPooling2D(2),
        new Flatten(),
        new Dropout(0.5),
        new Dense(10, "softmax"));
model.compile("adam", "sparse_categorical_crossentropy", "accuracy");
model.summary();
var history = model.fit(xTrain, yTrain, FitOptions.epochs(fast ? 2 : 10).batchSize(128).validationSplit(0.1).verbose(2));

var scores = model.evaluate(xTest, yTest, 256, 0);
System.out.printf("test loss %.4f, test accuracy %.4f%n", scores.get("loss"), scores.get("accuracy"));

// A 4 x 6 grid of the first test images, each labelled "predicted / true" (green when right, red when wrong).
int rows = 4, cols = 6, scale = 3, cell = 28 * scale, label = 30;
var first = xTest.get(NDArrayIndex.interval(0, rows * cols)).dup();
var predicted = Nd4j.argMax(model.predict(first), 1);
var grid = new BufferedImage(cols * cell, rows * (cell + label), BufferedImage.TYPE_INT_RGB);
var g = grid.createGraphics();
g.setColor(Color.WHITE);
g.fillRect(0, 0, grid.getWidth(), grid.getHeight());
g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
for (int i = 0; i < rows * cols; i++) {
    int x0 = (i % cols) * cell, y0 = (i / cols) * (cell + label);
    for (int r = 0; r < 28; r++) {
        for (int c = 0; c < 28; c++) {
            int v = 255 - (int) Math.round(255 * first.getDouble(i, r, c, 0)); // dark clothes on white
            g.setColor(new Color(v, v, v));
            g.fillRect(x0 + c * scale, y0 + r * scale, scale, scale);
        }
    }
    int p = predicted.getInt(i), t = yTest.getInt(i);
    g.setColor(p == t ? new Color(0, 120, 0) : new Color(200, 0, 0));
    g.drawString(FashionMnist.CLASS_NAMES.get(p), x0 + 3, y0 + cell + 12);
    g.drawString("(" + FashionMnist.CLASS_NAMES.get(t) + ")", x0 + 3, y0 + cell + 25);
}
g.dispose();
var outDir = Path.of(System.getenv().getOrDefault("KERAS4J_OUTPUT", "notebook-output"));
java.nio.file.Files.createDirectories(outDir);
var png = outDir.resolve("cnn_predictions.png");
ImageIO.write(grid, "png", png.toFile());
System.out.println("wrote " + png.toAbsolutePath());

var check = ImageIO.read(png.toFile());
System.out.printf("RESULT accuracy=%.6f val_accuracy=%.6f png_width=%d png_height=%d%n", scores.get("accuracy"),
        history.get("val_accuracy").get(history.get("val_accuracy").size() - 1), check.getWidth(), check.getHeight());
/exit
