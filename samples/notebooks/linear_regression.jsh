// Linear regression with one Dense unit: learn y = 2x + 1 from noisy samples.
// Run: ./keras4j notebook linear_regression
import org.keras4j.framework.backend.Backend;
import org.keras4j.framework.layers.Input;
import org.keras4j.framework.models.FitOptions;
import org.keras4j.framework.models.Sequential;
import org.keras4j.framework.optimizers.SGD;
import org.keras4j.layers.core.Dense;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

Backend.setRandomSeed(42);
boolean fast = System.getenv("KERAS4J_FAST") != null;

// 1000 points x in [-1, 1), y = 2x + 1 plus Gaussian noise (stddev 0.1).
var x = Nd4j.rand(DataType.FLOAT, 1000, 1).muli(2).subi(1);
var y = x.mul(2).addi(1).addi(Nd4j.randn(DataType.FLOAT, 1000, 1).muli(0.1));

var model = new Sequential(new Input(1), new Dense(1));
model.compile(new SGD(0.1), "mean_squared_error");
model.summary();
var history = model.fit(x, y, FitOptions.epochs(fast ? 20 : 50).batchSize(32).verbose(0));
System.out.printf("final training loss: %.5f%n", history.get("loss").get(history.get("loss").size() - 1));

var dense = (Dense) model.getLayer(0);
double w = dense.kernel().value().getDouble(0);
double b = dense.bias().value().getDouble(0);
System.out.printf("learned: y = %.4f x + %.4f (true: y = 2x + 1)%n", w, b);
System.out.printf("RESULT weight=%.6f bias=%.6f%n", w, b);
/exit
