// A small dense GAN on Fashion-MNIST: a generator (noise -> image) and a discriminator (image -> real?),
// trained by alternating trainOnBatch updates, as in the classic Keras GAN recipe.
// Prints the discriminator and generator losses per epoch and writes a PNG grid of generated samples.
// Run: ./keras4j notebook gan      (needs: apt-get install dataset-fashion-mnist)
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.data.FashionMnist;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.layers.KerasTensor;
import org.keras4j.framework.models.Model;
import org.keras4j.framework.optimizers.Adam;
import org.keras4j.layers.core.Dense;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

Backend.setRandomSeed(7);
boolean fast = System.getenv("KERAS4J_FAST") != null;
Path outDir = Path.of(System.getenv().getOrDefault("KERAS4J_OUTPUT", "notebook-output"));
Files.createDirectories(outDir);

// Images scaled to [-1, 1], to match the generator's tanh output.
var data = FashionMnist.load();
int n = fast ? 4096 : 60000;
INDArray real = data.xTrain().reshape(60000, 784).get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup().divi(127.5).subi(1.0);
int latent = 32;

KerasTensor z = Input.tensor("noise", latent);
var generator = Model.of(z, new Dense(784, "tanh").apply(new Dense(256, "leaky_relu").apply(new Dense(128, "leaky_relu").apply(z))));
KerasTensor img = Input.tensor("image", 784);
var discriminator = Model.of(img, new Dense(1, "sigmoid").apply(new Dense(128, "leaky_relu").apply(img)));
discriminator.compile(new Adam(1e-3, 0.5, 0.999, 1e-7, false), "binary_crossentropy");

// The combined model trains the generator to make the discriminator answer "real".
KerasTensor z2 = Input.tensor("noise_in", latent);
var combined = Model.of(z2, discriminator.apply(generator.apply(z2)));
combined.compile(new Adam(1e-3, 0.5, 0.999, 1e-7, false), "binary_crossentropy");

// The generator's average brightness before training, to see how far training moves it.
double startMean = generator.predict(Nd4j.randn(DataType.FLOAT, 512, latent)).meanNumber().doubleValue();
int batch = 32;
int epochs = fast ? 4 : 30;
int steps = n / batch;
INDArray ones = Nd4j.ones(DataType.FLOAT, batch, 1);
INDArray smoothed = Nd4j.valueArrayOf(new long[] {batch, 1}, 0.9f); // one-sided label smoothing keeps D from saturating
INDArray zeros = Nd4j.zeros(DataType.FLOAT, batch, 1);
double dLoss = 0, gLoss = 0;
for (int epoch = 1; epoch <= epochs; epoch++) {
    dLoss = 0;
    gLoss = 0;
    for (int step = 0; step < steps; step++) {
        INDArray realBatch = real.get(NDArrayIndex.interval(step * batch, (step + 1) * batch), NDArrayIndex.all());
        INDArray fake = generator.predict(Nd4j.randn(DataType.FLOAT, batch, latent), batch);
        // Discriminator step: real images are 1, generated ones 0.
        discriminator.setTrainable(true);
        dLoss += 0.5 * (discriminator.trainOnBatch(realBatch, smoothed).get("loss")
                + discriminator.trainOnBatch(fake, zeros).get("loss"));
        // Generator step through the frozen discriminator.
        discriminator.setTrainable(false);
        gLoss += combined.trainOnBatch(Nd4j.randn(DataType.FLOAT, batch, latent), ones).get("loss");
    }
    dLoss /= steps;
    gLoss /= steps;
    System.out.printf("epoch %d/%d  d_loss %.4f  g_loss %.4f%n", epoch, epochs, dLoss, gLoss);
}
discriminator.setTrainable(true);

// 4 x 8 generated samples.
INDArray samples = generator.predict(Nd4j.randn(DataType.FLOAT, 32, latent));
var png = new BufferedImage(8 * 28, 4 * 28, BufferedImage.TYPE_BYTE_GRAY);
for (int k = 0; k < 32; k++) {
    for (int p = 0; p < 784; p++) {
        int gray = (int) Math.round(127.5 * (Math.max(-1, Math.min(1, samples.getDouble(k, p))) + 1));
        png.getRaster().setSample((k % 8) * 28 + p % 28, (k / 8) * 28 + p / 28, 0, gray);
    }
}
Path pngFile = outDir.resolve("gan_samples.png");
ImageIO.write(png, "png", pngFile.toFile());
System.out.println("wrote " + pngFile.toAbsolutePath());

// How close the samples come to the data: mean brightness, and what the discriminator thinks of them.
INDArray many = generator.predict(Nd4j.randn(DataType.FLOAT, 512, latent));
double fakeMean = many.meanNumber().doubleValue();
double realMean = real.meanNumber().doubleValue();
double dOnFake = discriminator.predict(many).meanNumber().doubleValue();
System.out.printf("mean pixel: real %.3f, generated %.3f; discriminator's p(real) on generated %.3f%n", realMean, fakeMean, dOnFake);
System.out.printf("RESULT d_loss=%.6f g_loss=%.6f real_mean=%.6f start_mean=%.6f fake_mean=%.6f d_on_fake=%.6f png_width=%d%n",
        dLoss, gLoss, realMean, startMean, fakeMean, dOnFake, ImageIO.read(pngFile.toFile()).getWidth());
/exit
