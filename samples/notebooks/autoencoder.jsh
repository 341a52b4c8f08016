// A dense autoencoder on Fashion-MNIST with the functional API: 784 -> 32 -> 784.
// Reports the reconstruction MSE on the test set and writes a PNG: originals above reconstructions.
// Run: ./keras4j notebook autoencoder      (needs: apt-get install dataset-fashion-mnist)
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.data.FashionMnist;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.KerasTensor;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Model;
import org.keras4j.layers.core.Dense;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

Backend.setRandomSeed(1);
boolean fast = System.getenv("KERAS4J_FAST") != null;
Path outDir = Path.of(System.getenv().getOrDefault("KERAS4J_OUTPUT", "notebook-output"));
Files.createDirectories(outDir);

var data = FashionMnist.load();
var xTrain = data.xTrain().reshape(60000, 784).divi(255.0);
var xTest = data.xTest().reshape(10000, 784).divi(255.0);
if (fast) { // a tenth of the data for a quick run
    xTrain = xTrain.get(NDArrayIndex.interval(0, 6000), NDArrayIndex.all()).dup();
    xTest = xTest.get(NDArrayIndex.interval(0, 1000), NDArrayIndex.all()).dup();
}

// Encoder and decoder are ordinary layers called on symbolic tensors.
KerasTensor image = Input.tensor("image", 784);
KerasTensor code = new Dense(32, "relu").named("code").apply(new Dense(128, "relu").apply(image));
KerasTensor restored = new Dense(784, "sigmoid").named("restored").apply(new Dense(128, "relu").apply(code));
var autoencoder = Model.of(image, restored);
autoencoder.compile("adam", "mse");
autoencoder.summary();

// The input is its own target.
autoencoder.fit(xTrain, xTrain, FitOptions.epochs(fast ? 4 : 20).batchSize(128).validationData(xTest, xTest));

double mse = autoencoder.evaluate(xTest, xTest, 256, 0).get("loss");
// For scale: the error of always answering the average training image.
INDArray meanImage = xTrain.mean(true, 0);
double baseline = xTest.sub(meanImage).muli(xTest.sub(meanImage)).meanNumber().doubleValue();
System.out.printf("test reconstruction MSE %.5f (average-image baseline %.5f)%n", mse, baseline);

// Ten test images (top row) and their reconstructions (bottom row), each pixel drawn 2x2.
INDArray originals = xTest.get(NDArrayIndex.interval(0, 10), NDArrayIndex.all());
INDArray reconstructions = autoencoder.predict(originals);
int scale = 2;
var png = new BufferedImage(10 * 28 * scale, 2 * 28 * scale, BufferedImage.TYPE_BYTE_GRAY);
for (int row = 0; row < 2; row++) {
    INDArray images = row == 0 ? originals : reconstructions;
    for (int k = 0; k < 10; k++) {
        for (int p = 0; p < 784; p++) {
            int gray = (int) Math.round(255 * Math.max(0, Math.min(1, images.getDouble(k, p))));
            for (int dy = 0; dy < scale; dy++) {
                for (int dx = 0; dx < scale; dx++) {
                    png.getRaster().setSample((k * 28 + p % 28) * scale + dx, (row * 28 + p / 28) * scale + dy, 0, gray);
                }
            }
        }
    }
}
Path pngFile = outDir.resolve("autoencoder.png");
ImageIO.write(png, "png", pngFile.toFile());
System.out.println("wrote " + pngFile.toAbsolutePath());
System.out.printf("RESULT mse=%.6f baseline=%.6f png_width=%d png_height=%d%n", mse, baseline,
        ImageIO.read(pngFile.toFile()).getWidth(), ImageIO.read(pngFile.toFile()).getHeight());
/exit
