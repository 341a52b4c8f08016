// Callbacks on Fashion-MNIST: early stopping with the best weights restored, the best model saved
// to a file, the learning rate halved on plateaus, a CSV log and the training curves as a PNG.
// Run: ./keras4j notebook callbacks      (needs: apt-get install dataset-fashion-mnist)
import java.nio.file.Files;
import java.nio.file.Path;
import org.keras4j.callbacks.CSVLogger;
import org.keras4j.callbacks.EarlyStopping;
import org.keras4j.callbacks.ModelCheckpoint;
import org.keras4j.callbacks.PlotLogger;
import org.keras4j.callbacks.ReduceLROnPlateau;
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.data.FashionMnist;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.saving.Models;
import org.keras4j.layers.core.Dense;
import org.keras4j.layers.regularization.Dropout;
import org.nd4j.linalg.indexing.NDArrayIndex;

Backend.setRandomSeed(3);
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

// Everything the callbacks write goes to one directory.
var out = Files.createDirectories(Path.of(System.getProperty("java.io.tmpdir"), "keras4j-callbacks-notebook"));
System.out.println("writing to " + out);

var model = new Sequential(
        new Input(784),
        new Dense(128, "relu"),
        new Dropout(0.2),
        new Dense(10, "softmax"));
model.compile("adam", "sparse_categorical_crossentropy", "accuracy");

var early = EarlyStopping.builder().monitor("val_loss").patience(3).restoreBestWeights(true).verbose(1).build();
var best = ModelCheckpoint.builder(out.resolve("best.keras").toString()).monitor("val_accuracy").saveBestOnly(true).verbose(1).build();
var plateau = ReduceLROnPlateau.builder().monitor("val_loss").factor(0.5).patience(1).minLr(1e-4).verbose(1).build();
var csv = new CSVLogger(out.resolve("training.csv").toString());
var curves = new PlotLogger(out.resolve("curves.png").toString()); // redrawn after every epoch

var history = model.fit(xTrain, yTrain, FitOptions.epochs(fast ? 3 : 40).batchSize(128).validationSplit(0.1).verbose(2)
        .callbacks(early, best, plateau, csv, curves));
int epochsRun = history.epochs().size();
System.out.printf("ran %d epochs; best val_loss at epoch %d; final learning rate %.5f%n",
        epochsRun, early.bestEpoch() + 1, model.optimizer().currentLearningRate());

// The same curves from the History fit returned.
history.plot(out.resolve("history.png"));

// The model with the best val_accuracy, back from its file.
var restored = Models.load(out.resolve("best.keras"));
var scores = restored.evaluate(xTest, yTest, 256, 0);
System.out.printf("best checkpoint (val_accuracy %.4f): test loss %.4f, test accuracy %.4f%n",
        best.best(), scores.get("loss"), scores.get("accuracy"));

var csvLines = Files.readAllLines(out.resolve("training.csv"));
System.out.println("training.csv:");
csvLines.forEach(System.out::println);
System.out.printf("RESULT accuracy=%.6f epochs=%d csv_rows=%d curves_bytes=%d history_bytes=%d best_val_accuracy=%.6f%n",
        scores.get("accuracy"), epochsRun, csvLines.size() - 1, Files.size(out.resolve("curves.png")),
        Files.size(out.resolve("history.png")), best.best());
/exit
