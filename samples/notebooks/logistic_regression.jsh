// Logistic regression: one sigmoid unit separating two Gaussian clouds, binary cross-entropy.
// Run: ./keras4j notebook logistic_regression
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.optimizers.Adam;
import org.keras4j.layers.core.Dense;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

Backend.setRandomSeed(7);
boolean fast = System.getenv("KERAS4J_FAST") != null;

// Class 0 around (-1, -1), class 1 around (+1, +1), unit variance; 2000 points each.
int n = 2000;
var neg = Nd4j.randn(DataType.FLOAT, n, 2).subi(1);
var pos = Nd4j.randn(DataType.FLOAT, n, 2).addi(1);
var x = Nd4j.vstack(neg, pos);
var y = Nd4j.vstack(Nd4j.zeros(DataType.FLOAT, n, 1), Nd4j.ones(DataType.FLOAT, n, 1));

var model = new Sequential(new Input(2), new Dense(1, "sigmoid"));
model.compile(new Adam(0.01), "binary_crossentropy", "accuracy");
var history = model.fit(x, y, FitOptions.epochs(fast ? 15 : 40).batchSize(64).validationSplit(0.2).verbose(fast ? 0 : 1));

// The Bayes-optimal boundary is x1 + x2 = 0, which is right about 92% of the time for these clouds.
var test = Nd4j.vstack(Nd4j.randn(DataType.FLOAT, 1000, 2).subi(1), Nd4j.randn(DataType.FLOAT, 1000, 2).addi(1));
var testY = Nd4j.vstack(Nd4j.zeros(DataType.FLOAT, 1000, 1), Nd4j.ones(DataType.FLOAT, 1000, 1));
var result = model.evaluate(test, testY, 256, 0);
System.out.printf("test loss %.4f, test accuracy %.4f%n", result.get("loss"), result.get("accuracy"));
var p = model.predict(Nd4j.create(new float[][] {{-2, -2}, {0.1f, 0.2f}, {2, 2}}));
System.out.println("P(class 1) at (-2,-2), (0.1,0.2), (2,2): " + p.reshape(3));
System.out.printf("RESULT accuracy=%.6f p_low=%.6f p_high=%.6f%n", result.get("accuracy"), p.getDouble(0), p.getDouble(2));
/exit
